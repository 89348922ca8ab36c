"""Serving processes: a worker of `pmpath serve --workers N` ends when its master does, even after kill -9
of it, so no orphan keeps serving (and holding) the port; and each process keeps what it built at startup
out of the garbage collector's full passes."""

from __future__ import annotations

import gc
import os
import signal
import threading
import time

POLL_SECONDS = 0.5
GRACE_SECONDS = 10.0


def exit_with_parent() -> None:
    """Watch the parent process from a daemon thread; when it is gone, shut this worker down
    (SIGTERM: uvicorn finishes requests in flight), and leave outright if that takes too long."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL_SECONDS)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(GRACE_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="pmpath-parent-watch", daemon=True).start()


def freeze_startup_heap() -> None:
    """Move what the process built at startup (framework, routes, templates, ORM mappings: ~150,000 objects that
    live as long as it does) out of the collector's reach. A team page for 2,000 people allocates enough to
    trigger full collections, and each one walked all of those again (~100 ms a request measured on the
    whole-tree dashboard; see benchmarks/teams.py)."""
    gc.collect()
    gc.freeze()
