"""Typed evidence: each vote the leveler counted, with the posting's own words and where they are.

The core never writes sentences about a posting; the faces (CLI, web, batch output) turn these
values into text and highlights.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

# what a piece of evidence is about; the faces have one wording per kind
KINDS = (
    "title",  # a seniority word (or a plain product title) in the posting's title
    "title-ignored",  # a seniority word in the title of another kind of job, read as the job's seniority only
    "years",  # years of experience asked for
    "leading",  # years of leading people asked for
    "reports",  # a number of direct reports
    "phrase",  # a phrase the framework lists for a level
    "theme",  # many of a level's themes named together
    "named-role",  # the posting's own name for the role ('as a Senior PM, you...')
    "education",  # a degree named (a fact, no level)
    "role",  # what kind of job the title names (a fact, no level)
)


@dataclass(frozen=True)
class Evidence:
    """One thing the leveler read: what kind, which level it points to, how much it counted, the
    framework section behind it, and the posting's words with their character span in the text."""

    kind: str
    level: str | None
    weight: float
    section: str | None
    quote: str | None
    span: tuple[int, int] | None
    value: int | None = None  # the figure read: years, years leading, direct reports, themes named
    names: tuple[str, ...] = ()  # what was named: the themes found, the role's verdict

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "level": self.level,
            "weight": self.weight,
            "section": self.section,
            "quote": self.quote,
            "span": list(self.span) if self.span else None,
            "value": self.value,
            "names": list(self.names),
        }


# Between two words of normalized text the original may hold punctuation, white space, an HTML tag
# or entity, or a data file's escape ('\n'); the normalizer turned each of these into a space. Each
# run of them reads one way only: a '<' opens a tag when a '>' closes it before the next '<', and is a
# character of its own otherwise (read both ways, each '<>' doubled the paths the engine tried when a
# quote's next word did not follow: 'Vice<><>...<>x Vice President' took 0.45 s at 22 of them, 2**n)
_BETWEEN = r"(?:\\[ntr]|<[^<>]*>|<(?![^<>]*>)|&(?:[a-z]+|#\d+);|[^A-Za-z0-9&+<])+"
_AMPERSAND = r"(?:&(?:amp;|#38;|#x26;)?)"


# the longest quote whose pattern is kept: a phrase or a figure is quoted in posting after posting; a
# longer quote is a whole title, rarely seen twice, and its pattern is large (50 KB at 500 characters:
# 4,096 distinct titles kept 200 MB)
_KEPT_QUOTE = 100


def _words_pattern(quote: str, ignore_case: bool) -> re.Pattern[str]:
    """`_quote_pattern`, kept for quotes short enough to recur."""
    if len(quote) > _KEPT_QUOTE:
        return _quote_pattern(quote, ignore_case)
    return _kept_pattern(quote, ignore_case)


def _quote_pattern(quote: str, ignore_case: bool) -> re.Pattern[str]:
    """The original-text form of normalized words: any separator, "master's" for 'masters'. It starts
    with the first word's letters, so the regex engine scans for them fast; the word boundary before
    it is checked by `_starts_word`."""
    parts = []
    for word in quote.split():
        stem, plural = (
            (word[:-1], "(?:['’]|&#39;|&#x27;|&apos;)?s") if len(word) > 2 and word.endswith("s") else (word, "")
        )
        # '&' inside a word ('p&l') may be written as an HTML entity in the original ('P&amp;L')
        parts.append(_AMPERSAND.join(re.escape(piece) for piece in stem.split("&")) + plural)
    return re.compile(_BETWEEN.join(parts) + r"(?![A-Za-z0-9])", re.IGNORECASE if ignore_case else 0)


_kept_pattern = lru_cache(maxsize=4096)(_quote_pattern)


def _starts_word(text: str, start: int) -> bool:
    """Whether a match at `start` begins a word: nothing alphanumeric before it, or a data file's escape."""
    return start == 0 or not text[start - 1].isalnum() or text[max(0, start - 2) : start] in ("\\n", "\\t", "\\r")


# the last text lowered and its lower-case form: one posting's evidence is located one quote after
# another in the same text, and lowering 3,000 characters per quote cost more than the search; a
# tuple swapped whole, so threads sharing it at worst lower a text twice
_last_lowered: tuple[str, str] = ("", "")


def _lowered(text: str) -> str:
    global _last_lowered
    last = _last_lowered
    if last[0] is text:
        return last[1]
    lower = text.lower()
    _last_lowered = (text, lower)
    return lower


def locate(text: str, quote: str, occurrence: int = 0) -> tuple[str, tuple[int, int]] | None:
    """The posting's own words for normalized `quote` and their span in `text`: its `occurrence`-th
    appearance (counted from 0), or the last one when there are fewer; None when it is not there."""
    found = None
    for n, span in enumerate(_appearances(text, quote)):
        found = span
        if n >= occurrence:
            break
    return None if found is None else (text[found[0] : found[1]], found)


def _appearances(text: str, quote: str) -> Iterator[tuple[int, int]]:
    """The spans of normalized `quote` in `text`, each starting a word, in order."""
    if not quote.strip():
        return
    lower = _lowered(text)
    same_length = len(lower) == len(text)  # lower() keeps offsets but for a few non-ASCII letters
    pattern = _words_pattern(quote, not same_length)
    for match in pattern.finditer(lower if same_length else text):
        if _starts_word(text, match.start()):
            yield match.span()


@lru_cache(maxsize=4096)
def _normalized_pattern(quote: str) -> re.Pattern[str]:
    return re.compile(re.escape(quote) + r"(?![a-z0-9])")


def occurrences_before(norm: str, quote: str, position: int) -> int:
    """How often normalized `quote` appears in normalized text before `position`: which appearance
    in the original text is the one that was read."""
    pattern = _normalized_pattern(quote)
    return sum(1 for m in pattern.finditer(norm, 0, position) if m.start() == 0 or not norm[m.start() - 1].isalnum())


class Quotes:
    """`locate(text, quote, occurrences_before(norm, quote, position))` for many quotes of one posting,
    each scan resumed where the last one for the same quote stopped: a posting with thousands of
    figures is scanned once per quote, not once per figure (20,000 list items took minutes)."""

    def __init__(self, text: str, norm: str):
        self.text, self.norm = text, norm
        self._in_text: dict[str, tuple[Iterator[tuple[int, int]], list[tuple[int, int]]]] = {}
        self._in_norm: dict[str, tuple[Iterator[int], list[int]]] = {}

    def locate(self, quote: str, position: int) -> tuple[str, tuple[int, int]] | None:
        """The posting's words for `quote` read at `position` of the normalized text, and their span."""
        occurrence = self._before(quote, position)
        scan, spans = self._in_text.setdefault(quote, (_appearances(self.text, quote), []))
        while len(spans) <= occurrence and (span := next(scan, None)) is not None:
            spans.append(span)
        if not spans:
            return None
        start, end = spans[min(occurrence, len(spans) - 1)]
        return self.text[start:end], (start, end)

    def _before(self, quote: str, position: int) -> int:
        """`occurrences_before`: appearances that end by `position`, counted from one scan of the
        whole text. An appearance ending exactly there is read as the bounded scan reads it."""
        if self.norm.startswith(quote, max(0, position - len(quote)), position) and position >= len(quote):
            return occurrences_before(self.norm, quote, position)
        if quote not in self._in_norm:
            matches = _normalized_pattern(quote).finditer(self.norm)
            word_starts = (m.start() for m in matches if m.start() == 0 or not self.norm[m.start() - 1].isalnum())
            self._in_norm[quote] = (word_starts, [])
        scan, starts = self._in_norm[quote]
        last = position - len(quote)  # the latest start of an appearance that ends by `position`
        while (not starts or starts[-1] <= last) and (start := next(scan, None)) is not None:
            starts.append(start)
        return bisect_right(starts, last)
