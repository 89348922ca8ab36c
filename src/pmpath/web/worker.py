"""Worker processes of `pmpath serve --workers N` end when their master does, even after kill -9 of it,
so no orphan keeps serving (and holding) the port."""

from __future__ import annotations

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
