"""The `pmpath` command. `main` keeps the bare `pmpath ladder` free of heavy imports."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Entry point: serve `pmpath ladder` from the row cache when possible, else run the Typer app.

    The cache holds the built-in ladder only, so it is skipped when PMPATH_FRAMEWORK names another.
    """
    if sys.argv[1:] == ["ladder"] and os.environ.get("PMPATH_FRAMEWORK", "standard") == "standard":
        from .ladder_table import print_cached_ladder

        if print_cached_ladder():
            return
    from pydantic import ValidationError

    from .app import app

    try:
        app(standalone_mode=True)
    except BrokenPipeError:  # the reader went away ('pmpath ladder | head -1'): nothing left to say
        _quiet_stdout()
        raise SystemExit(1) from None
    except OSError as error:  # the output cannot be written ('> /dev/full'); inputs are checked earlier
        _quiet_stdout()
        print(f"error: cannot write the output: {error.strerror or error}", file=sys.stderr)
        raise SystemExit(1) from None
    except ValidationError as error:
        if error.title != "Settings":
            raise
        # a PMPATH_* variable that is not a valid setting: named, like any other bad input
        for problem in error.errors():
            name = "PMPATH_" + "_".join(str(part) for part in problem["loc"]).upper()
            print(f"error: {name}: {problem['msg']}", file=sys.stderr)
        raise SystemExit(2) from None


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush of it cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
