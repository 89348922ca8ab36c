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
    except ValidationError as error:
        if error.title != "Settings":
            raise
        # a PMPATH_* variable that is not a valid setting: named, like any other bad input
        for problem in error.errors():
            name = "PMPATH_" + "_".join(str(part) for part in problem["loc"]).upper()
            print(f"error: {name}: {problem['msg']}", file=sys.stderr)
        raise SystemExit(2) from None
