"""The deciding words of a leveled posting, marked in its text, with everything else escaped."""

from __future__ import annotations

from html import escape

from markupsafe import Markup


def highlighted(text: str, spans: list[tuple[int, int]]) -> Markup:
    """The text, HTML-escaped, with each span the leveler read (character offsets) in <mark>; a span
    that overlaps one marked before it is left out, so marks never nest."""
    out: list[str] = []
    last = 0
    for start, end in sorted(set(spans)):
        if start < last or end > len(text):
            continue
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return Markup("".join(out))
