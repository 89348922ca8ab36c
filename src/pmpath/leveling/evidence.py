"""Typed evidence: each vote the leveler counted, with the posting's own words and where they are.

The core never writes sentences about a posting; the faces (CLI, web, batch output) turn these
values into text and highlights.
"""

from __future__ import annotations

import re
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


@lru_cache(maxsize=4096)
def _words_pattern(quote: str, ignore_case: bool) -> re.Pattern[str]:
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
    if not quote.strip():
        return None
    lower = _lowered(text)
    same_length = len(lower) == len(text)  # lower() keeps offsets but for a few non-ASCII letters
    pattern = _words_pattern(quote, not same_length)
    found = None
    n = 0
    for match in pattern.finditer(lower if same_length else text):
        if not _starts_word(text, match.start()):
            continue
        found = match
        if n >= occurrence:
            break
        n += 1
    if found is None:
        return None
    start, end = found.span()
    return text[start:end], (start, end)


@lru_cache(maxsize=4096)
def _normalized_pattern(quote: str) -> re.Pattern[str]:
    return re.compile(re.escape(quote) + r"(?![a-z0-9])")


def occurrences_before(norm: str, quote: str, position: int) -> int:
    """How often normalized `quote` appears in normalized text before `position`: which appearance
    in the original text is the one that was read."""
    pattern = _normalized_pattern(quote)
    return sum(1 for m in pattern.finditer(norm, 0, position) if m.start() == 0 or not norm[m.start() - 1].isalnum())
