"""A posting as text: budgets, its title line, line and column of an offset, phrases found in place."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .model import PostingError

MAX_POSTING = 200_000  # characters; the leveler reads no further, and a real posting is a few thousand


def checked_text(text: str) -> str:
    """The posting, or PostingError when it is empty, binary or over the size budget."""
    if "\x00" in text:
        raise PostingError("the posting is binary, not text (it contains NUL bytes)")
    if not text.strip():
        raise PostingError("the posting is empty")
    if len(text) > MAX_POSTING:
        raise PostingError(f"the posting is {len(text):,} characters; the most pmpath reads is {MAX_POSTING:,}")
    return text


_HIDDEN = re.compile(  # markup whose words are no part of the posting: comments, scripts, styles, the head
    r"<!--.*?(?:-->|\Z)|<(script|style|head|template|noscript)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.I | re.S
)
_HIDDEN_OPEN = re.compile(r"<!--|<(?:script|style|head|template|noscript)\b", re.I)  # where `_HIDDEN` may start
_MARKUP_TAG = re.compile(r"</?[a-z][a-z0-9-]*(?:\s[^<>]*)?/?>|<![a-z][^<>]*>|<\?[^<>]*>", re.I)  # + <!doctype>, <?xml?>
_BLOCK = re.compile(r"</?(?:p|li|ul|ol|div|h[1-6]|tr|td|th|table|section|article|br|hr)\b", re.I)


def _blank(match: re.Match[str]) -> str:
    """The match as white space of the same length, its line ends kept; a block tag starts a paragraph."""
    found = match.group(0)
    if "\n" not in found and len(found) >= 2 and _BLOCK.match(found):
        return "\n\n" + " " * (len(found) - 2)
    return re.sub(r"[^\n]", " ", found)


def _without_hidden(text: str) -> str:
    """`_HIDDEN.sub(_blank, text)`, tried only where a comment or a hidden element opens: an element
    needs a '>' after its name, so past the text's last '>' none is tried, where each '<script' was
    scanned to the end of the text ('<script ' 25,000 times took 3 s; every try failed)."""
    last_close = text.rfind(">")
    kept: list[str] = []
    done = at = 0
    while (opening := _HIDDEN_OPEN.search(text, at)) is not None:
        match = None if opening[0] != "<!--" and last_close < opening.end() else _HIDDEN.match(text, opening.start())
        if match is None:
            at = opening.start() + 1
            continue
        kept += [text[done : match.start()], _blank(match)]
        done = at = match.end()
    return "".join([*kept, text[done:]])


def readable(text: str) -> str:
    """The posting as the rules read it, each character at its place: HTML tags, comments, scripts,
    styles and the head, and a byte-order mark, turned to white space (block tags to paragraph breaks).
    A '<' or '>' left over is no markup and becomes a space too, so no reader after this one scans
    from each stray '<' to the end of the text ('<a <a <a ...' took minutes)."""
    text = text.replace("\ufeff", " ")
    if "<" not in text and ">" not in text:
        return text
    return _MARKUP_TAG.sub(_blank, _without_hidden(text)).replace("<", " ").replace(">", " ")


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_CHUNK = re.compile(r"[^\n<>]+")
_MARKS = "#*_ \t"


def first_line(text: str) -> tuple[str, int, int] | None:
    """The first line of text (outside HTML tags), without Markdown heading marks or emphasis, with its span."""
    for match in _CHUNK.finditer(text):
        if text[max(0, match.start() - 1) : match.start()] == "<":  # inside a tag: '<h1 class=...>'
            continue
        raw = match.group(0)
        inner = re.search(r"[^\s#*_]", raw)
        if inner is None:  # white space or a line of marks only ('### ****')
            continue
        start = match.start() + inner.start()
        end = match.start() + len(raw.rstrip().rstrip(_MARKS))
        return text[start:end], start, end
    return None


@dataclass(frozen=True)
class Hit:
    """A phrase found in the posting: which one and where."""

    phrase: str
    start: int
    end: int


def phrase_pattern(phrases: Iterable[str], run_on: bool = True) -> re.Pattern[str]:
    """One pattern for phrases matched across punctuation and case; with `run_on` the last word may
    continue ('mentor' finds 'mentoring', 'organi' finds 'organization')."""
    end = r"[a-z0-9]*" if run_on else ""
    return re.compile(rf"(?<![a-z0-9])(?:{_phrases_body(phrases)}){end}(?![a-z0-9])", re.IGNORECASE)


def loose_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """`phrase_pattern` without its word boundaries: wherever that one finds a phrase in a piece of
    text, this one finds it in any wider piece, so it can rule a piece out before the piece is cut."""
    return re.compile(_phrases_body(phrases), re.IGNORECASE)


def _phrases_body(phrases: Iterable[str]) -> str:
    """The alternation of phrases, longest first, each word after the last across spaces and hyphens."""
    bodies = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        words = [re.escape(w) for w in re.findall(r"[a-z0-9+&]+", phrase.lower())]
        if words:
            bodies.append(r"[\s\-/_–]+".join(words))  # across spaces and hyphens, never a comma or a stop
    return "|".join(bodies) or r"(?!x)x"


def hits(text: str, pattern: re.Pattern[str]) -> Iterator[Hit]:
    for match in pattern.finditer(text):
        yield Hit(match.group(0), match.start(), match.end())


_SENTENCE_END = re.compile(r"(?<=[a-z]{3}[.!?;])\s+(?=[A-Z])|\n")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence or line holding [start, end)."""
    window = _SENTENCE_END.finditer(text, max(0, start - 400), start + 1)  # +1: the look-ahead sees the first letter
    left = max((m.end() for m in window if m.end() <= start), default=max(0, start - 400))
    right_match = _SENTENCE_END.search(text, end, end + 400)
    right = right_match.start() if right_match else min(len(text), end + 400)
    return left, right
