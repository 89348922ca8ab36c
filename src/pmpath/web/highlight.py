"""The deciding phrases of a leveled posting, marked in its text, with everything else escaped."""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

_QUOTED = re.compile(r'"([^"]+)"')


def phrases_of(evidence: list[str]) -> list[str]:
    """The quoted phrases of evidence lines: 'title word "senior" → …' gives 'senior'."""
    return [m for line in evidence for m in _QUOTED.findall(line)]


def highlighted(text: str, phrases: list[str]) -> Markup:
    """The text, HTML-escaped, with each phrase (matched across punctuation and case) in <mark>."""
    patterns = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        words = [re.escape(w) for w in re.findall(r"[a-z0-9+&]+", phrase.lower())]
        if words:
            patterns.append(r"\W+".join(words))
    if not patterns:
        return Markup(escape(text))
    finder = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(patterns) + r")(?![A-Za-z0-9])", re.IGNORECASE)
    out, last = [], 0
    for match in finder.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("".join(out))
