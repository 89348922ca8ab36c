"""The server's default framework from its setting: a built-in name, a file path, or an uploaded one by id."""

from __future__ import annotations

from pathlib import Path

from pmpath.framework import Framework, builtin_framework, builtin_name, parse_framework
from pmpath.settings import Settings
from pmpath.store import Store

STORED = "stored:"


def framework_from_spec(spec: str, store: Store, config: Settings) -> Framework:
    """'standard' / 'compact', 'stored:ID' or 'stored:ID@VERSION' (an upload, its latest version unless
    given), or a path to a framework file. Raises ProblemsError, NotFound or OSError naming what is wrong."""
    name = builtin_name(spec)
    if name is not None:
        return builtin_framework(name)
    if spec.startswith(STORED):
        framework_id, _, version = spec.removeprefix(STORED).partition("@")
        return parse_framework(store.framework_text(framework_id, version or None), spec, config.framework_budget)
    path = Path(spec)
    return parse_framework(path.read_text(encoding="utf-8"), str(path), config.framework_budget)
