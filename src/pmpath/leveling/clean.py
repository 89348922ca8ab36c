"""Job-board wrappers off, text normalized: the leveler reads plain lowercase words."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[^>]+>")
_NON_WORD = re.compile(r"[^a-z0-9+&]+")
# LinkedIn's 'Seniority level' field: picked from a coarse list by whoever posts, often not the role's
# level ('Entry level' on mid-level PM roles, 'Associate' on senior ones), so its value is not read
_BOARD_SENIORITY = re.compile(r"\bseniority level\s+(?:[a-z]+\s+){1,3}?(?=employment type\b)")
_ESCAPES = {"\\n": "\n", "\\t": " ", '\\"': '"', "\\u2019": "'"}


def plain_text(text: str) -> str:
    """The posting as readable text: data-file escapes, HTML tags and entities removed."""
    if "\\" in text:
        for escape, char in _ESCAPES.items():
            text = text.replace(escape, char)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def normalize(text: str) -> str:
    """Lower case, punctuation to single spaces, '+' and '&' kept: 'Sr. PM (5+ yrs)' -> 'sr pm 5+ yrs'."""
    return _NON_WORD.sub(" ", text.lower().replace("’", "'").replace("'", "")).strip()


def without_board_fields(norm: str) -> str:
    """Normalized text without the job board's own seniority field, which says little of the role."""
    if "seniority level" not in norm:  # a substring test is far cheaper than the scan
        return norm
    return _BOARD_SENIORITY.sub("", norm)
