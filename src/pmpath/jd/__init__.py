"""Job descriptions that match their level: drafts built from the ladder, any posting linted against it
(pure core: reads the framework and the leveler's readings, does no I/O)."""

from .draft import build_draft
from .lint import lint_posting
from .model import Draft, DraftLine, DraftSection, Finding, LintResult, PostingError, Severity
from .posting import MAX_POSTING

__all__ = [
    "MAX_POSTING",
    "Draft",
    "DraftLine",
    "DraftSection",
    "Finding",
    "LintResult",
    "PostingError",
    "Severity",
    "build_draft",
    "lint_posting",
]
