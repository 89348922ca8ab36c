"""The `pmpath` command. `main` keeps the bare `pmpath ladder` free of heavy imports."""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point: serve `pmpath ladder` from the row cache when possible, else run the Typer app."""
    if sys.argv[1:] == ["ladder"]:
        from .ladder_table import print_cached_ladder

        if print_cached_ladder():
            return
    from .app import app

    app()
