"""Job-posting leveler: which level of the ladder a posting really is, how sure, and why (pure core)."""

from pmpath.framework import Framework, builtin_framework

from .evaluate import FAMILY_ROLES, MODES, Holdout, RoleScores, Scores, holdout, mask_title, role_scores, score
from .evidence import KINDS, Evidence
from .leveler import BASES, Leveler, PostingLevel, Reading
from .titles import MAX_TITLE, ROLES

_compiled: dict[int, tuple[Framework, Leveler]] = {}


def leveler_for(fw: Framework | None = None) -> Leveler:
    """The leveler of a framework (the built-in one by default), compiled once per framework object."""
    fw = fw or builtin_framework()
    entry = _compiled.get(id(fw))
    if entry is None or entry[0] is not fw:
        entry = _compiled[id(fw)] = (fw, Leveler(fw))  # keeping fw alive keeps its id unique
    return entry[1]


def level_posting(title: str | None, text: str, fw: Framework | None = None) -> PostingLevel:
    """Level one posting against a framework (the built-in one by default)."""
    return leveler_for(fw).level(title, text)


__all__ = [
    "BASES",
    "FAMILY_ROLES",
    "KINDS",
    "MAX_TITLE",
    "MODES",
    "ROLES",
    "Evidence",
    "Holdout",
    "Leveler",
    "PostingLevel",
    "Reading",
    "RoleScores",
    "Scores",
    "holdout",
    "level_posting",
    "leveler_for",
    "mask_title",
    "role_scores",
    "score",
]
