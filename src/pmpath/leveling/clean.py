"""Job-board wrappers off, text normalized: the leveler reads plain lowercase words."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[^>]+>")
_NON_WORD = re.compile(r"[^a-z0-9+&]+")
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
