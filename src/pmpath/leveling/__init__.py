"""Job-posting leveler: which level of the ladder a posting really is, how sure, and why (pure core)."""

from functools import lru_cache

from pmpath.framework import Framework, builtin_framework

from .evaluate import Scores, mask_title, score
from .leveler import Leveler, PostingLevel


@lru_cache(maxsize=8)
def _builtin_leveler(name: str) -> Leveler:
    return Leveler(builtin_framework(name))


def leveler_for(fw: Framework | None = None) -> Leveler:
    """The leveler of a framework; the built-in one is compiled once per process."""
    if fw is None:
        return _builtin_leveler("standard")
    if fw.id in ("standard", "standard-compact") and fw is builtin_framework(
        "standard" if fw.id == "standard" else "compact"
    ):
        return _builtin_leveler("standard" if fw.id == "standard" else "compact")
    return Leveler(fw)


def level_posting(title: str | None, text: str, fw: Framework | None = None) -> PostingLevel:
    """Level one posting against a framework (the built-in one by default)."""
    return leveler_for(fw).level(title, text)


__all__ = ["Leveler", "PostingLevel", "Scores", "level_posting", "leveler_for", "mask_title", "score"]
