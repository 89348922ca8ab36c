"""Serving processes: a worker of `pmpath serve --workers N` ends when its master does, even after kill -9
of it, so no orphan keeps serving (and holding) the port; and each serving process sets its garbage collector
for requests that build thousands of objects."""

from __future__ import annotations

import gc
import os
import signal
import threading
import time

POLL_SECONDS = 0.5
YOUNG_OBJECTS = 50_000  # the collector's first generation (CPython's default: 700)
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


def tune_garbage_collector() -> None:
    """Keep the collector's work per request small. What the process built at startup (framework, routes,
    templates, ORM mappings: ~150,000 objects that live as long as it does) leaves its reach, so a full pass no
    longer walks it (~100 ms a request on the whole-tree dashboard); and a young generation of 50,000 rather
    than 700 objects lets a team page's 10,000 short-lived summaries come and go without ~80 passes over them
    (~15 ms more). Measured in-process on benchmarks/teams.py's database; cyclic garbage waits a little longer."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS, older, oldest)
