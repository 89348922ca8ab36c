"""`pmpath serve --workers N` as an operator runs it: real processes, real port, kill -9 of the master."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from pmpath.framework import builtin_text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def serve(tmp_path: Path, port: int, *args: str) -> subprocess.Popen:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("PMPATH_FRAMEWORK", None)
    command = [str(Path(sys.executable).parent / "pmpath"), "serve", "--port", str(port), *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def wait_until_up(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError(f"no server on port {port} after {seconds} s")


def access_token(url: str) -> str:
    """An admin's personal access token, for a server every API call of which needs one."""
    from conftest import make_admin
    from pmpath.store import Accounts, Store

    admin = make_admin(url)
    store = Store(url)
    try:
        return Accounts(store).create_token(admin, "test")[1]
    finally:
        store.close()


def test_workers_get_the_framework_by_path_and_end_with_their_master(tmp_path):
    # a framework file over Linux's 128 KiB limit for one environment string: workers read it by path
    big = builtin_text().replace("id: standard\n", "id: acme\n", 1) + "".join(
        f"# padding {i:06d}\n" for i in range(9000)
    )
    assert len(big.encode()) > 128 * 1024
    path = tmp_path / "acme.yaml"
    path.write_text(big)
    port = free_port()
    database = f"sqlite:///{tmp_path / 'pmpath.sqlite3'}"
    bearer = {"Authorization": f"Bearer {access_token(database)}"}
    master = serve(tmp_path, port, "--workers", "2", "--framework", str(path), "--database-url", database)
    workers: list[int] = []
    try:
        wait_until_up(port, master)
        answers = [
            httpx.get(f"http://127.0.0.1:{port}/api/v1/frameworks", headers=bearer, timeout=5).json() for _ in range(6)
        ]
        assert all(any(f["id"] == "acme" for f in a) for a in answers)
        workers = _children(master.pid)
        assert len(workers) >= 2
        master.send_signal(signal.SIGKILL)
        master.wait(10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and (port_open(port) or any(_alive(pid) for pid in workers)):
            time.sleep(0.2)
        assert not port_open(port), "an orphaned worker still holds the port"
        assert not any(_alive(pid) for pid in workers)
        again = serve(tmp_path, port, "--database-url", database)
        try:
            wait_until_up(port, again)
        finally:
            again.terminate()
            again.wait(15)
    finally:
        _kill_all(master, workers)


def _kill_all(process: subprocess.Popen, pids: list[int]) -> None:
    """Whatever a failed test left running: the server and the processes it started."""
    if process.poll() is None:
        process.kill()
    for pid in pids:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _children(pid: int) -> list[int]:
    result = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(p) for p in result.stdout.split()]


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for child in _children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def test_helper_processes_end_with_the_server(tmp_path):
    """An uploaded framework is parsed in a helper process; stopping the server leaves none behind."""
    port = free_port()
    database = f"sqlite:///{tmp_path / 'pmpath.sqlite3'}"
    bearer = {"Authorization": f"Bearer {access_token(database)}"}
    server = serve(tmp_path, port, "--database-url", database)
    helpers: list[int] = []
    try:
        wait_until_up(port, server)
        text = builtin_text().replace("id: standard\n", "id: acme\n", 1)
        uploaded = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/frameworks", json={"text": text}, headers=bearer, timeout=60
        )
        assert uploaded.status_code == 201, uploaded.text
        helpers = _descendants(server.pid)
        assert helpers, "the upload ran in no helper process"
        server.send_signal(signal.SIGKILL)
        server.wait(10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(pid) for pid in helpers):
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in helpers), "a helper process outlived the server"
    finally:
        _kill_all(server, helpers)
