"""CPU-heavy work a request can start (parsing an uploaded framework, rendering a PDF) runs in a helper
process: in a thread it would hold the GIL and starve the event loop, so every other request would wait.
The helper also bounds the time one job may take; one that overruns is killed with its process."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import NamedTuple

from pmpath.framework import Problem, ProblemsError, parse_framework
from pmpath.framework.source_map import Budget

_pool: ProcessPoolExecutor | None = None
_lock = threading.Lock()


class Overrun(RuntimeError):
    """A job took longer than its time budget (and its process was stopped)."""


def _executor(processes: int) -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=processes, mp_context=get_context("spawn"), initializer=_lower_priority
            )
        return _pool


def _lower_priority() -> None:
    """Helper processes yield the CPU to the server's own (a heavy upload waits, pages do not) and end
    with the server: when it stops, or is killed, they do not stay behind."""
    from .worker import exit_with_parent

    os.nice(10)
    exit_with_parent()


def _discard(pool: ProcessPoolExecutor) -> None:
    """Stop a pool whose job overran: its processes are killed, the next job starts a new pool."""
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def run(function, *args, seconds: float, processes: int = 1):  # type: ignore[no-untyped-def]
    """function(*args) in a helper process, waiting at most `seconds`; Overrun if it takes longer."""
    pool = _executor(processes)
    try:
        future = pool.submit(function, *args)
        return future.result(timeout=seconds)
    except FutureTimeout:
        _discard(pool)
        raise Overrun(f"took longer than {seconds:g} s") from None
    except BrokenProcessPool:
        _discard(pool)
        raise Overrun("its helper process died") from None


class Checked(NamedTuple):
    """What a stored upload needs of a checked framework: the whole model stays in the helper, so
    the server's process does not spend its time unpickling it."""

    id: str
    version: str
    name: str


def _checked(text: str, filename: str, budget: Budget) -> tuple[Checked | None, list[Problem]]:
    try:
        fw = parse_framework(text, filename, budget)
    except ProblemsError as error:
        return None, error.problems
    return Checked(fw.id, fw.version, fw.name), []


def framework_in_helper(text: str, filename: str, budget: Budget, seconds: float) -> Checked:
    """parse_framework in the helper process; ProblemsError as it would raise, or naming the time budget."""
    try:
        checked, problems = run(_checked, text, filename, budget, seconds=seconds)
    except Overrun as error:
        raise ProblemsError([Problem(filename, None, "", f"checking the file {error}; it is too complex")]) from None
    if checked is None:
        raise ProblemsError(problems)
    return checked


def _pdf(html: str) -> bytes:
    from pmpath.reports import pdf_bytes

    return pdf_bytes(html)


def pdf_in_helper(html: str, seconds: float) -> bytes:
    """A report's PDF rendered in the helper process."""
    return run(_pdf, html, seconds=seconds)
