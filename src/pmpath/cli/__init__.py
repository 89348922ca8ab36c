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
    from .app import app

    app()
