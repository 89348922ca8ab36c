"""The ladder overview table, in plain text, and a small cache that lets `pmpath ladder` skip parsing.

This module imports only the standard library so the bare `pmpath ladder` starts in a few milliseconds.
The cache is derived from the built-in framework file and keyed by its size and modification time,
so the framework file stays the one source of truth.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap

Row = list[str]
HEADERS = ["Level", "Title", "Experience", "Scope"]


def _builtin_file() -> str:
    return os.path.join(os.path.dirname(os.path.dirname(__file__)), "framework", "data", "standard.yaml")


def _cache_file() -> str | None:
    """Keyed by the framework file and the code that builds the rows: a change to either misses."""
    try:
        data = os.stat(_builtin_file())
        code = os.stat(os.path.join(os.path.dirname(__file__), "ladder.py"))
    except OSError:
        return None
    key = f"{data.st_size}-{data.st_mtime_ns}-{code.st_mtime_ns}"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "pmpath", f"ladder-{key}.json")


def print_cached_ladder() -> bool:
    """Print the built-in ladder from the cache; False when there is no valid cache yet."""
    path = _cache_file()
    if path is None or os.name != "posix":
        return False
    try:
        with open(path, encoding="utf-8") as handle:
            payload = json.load(handle)
        sys.stdout.write(render_ladder(payload["title"], payload["rows"], payload["footer"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # a cache of another shape: made again
        return False
    return True


def save_ladder_cache(title: str, rows: list[Row], footer: str) -> None:
    """Remember the built-in ladder's rows for the next bare `pmpath ladder`; failures are harmless."""
    path = _cache_file()
    if path is None or os.name != "posix":
        return
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump({"title": title, "rows": rows, "footer": footer}, handle)
        os.replace(tmp, path)
    except OSError:
        pass


def render_ladder(title: str, rows: list[Row], footer: str, width: int | None = None) -> str:
    """An aligned table that wraps its last column to the terminal width."""
    if width is None:
        try:
            width = os.get_terminal_size().columns
        except OSError:
            width = 100
    fixed = [max(len(HEADERS[i]), *(len(row[i]) for row in rows)) for i in range(3)]
    last = max(24, width - sum(fixed) - 3 * 2 - 1)
    lines = [title, ""]
    sep = "  "
    lines.append(sep.join(h.ljust(w) for h, w in zip(HEADERS, fixed, strict=False)) + sep + HEADERS[3])
    lines.append(sep.join("-" * w for w in fixed) + sep + "-" * min(last, 40))
    for row in rows:
        wrapped = textwrap.wrap(row[3], last) or [""]
        lines.append(sep.join(cell.ljust(w) for cell, w in zip(row, fixed, strict=False)) + sep + wrapped[0])
        pad = sep.join(" " * w for w in fixed) + sep
        lines.extend(pad + more for more in wrapped[1:])
    lines += ["", footer, ""]
    return "\n".join(lines)
