"""Facts read from a posting's words: years asked for, years leading people, education."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import SENTENCE_BREAK


@dataclass(frozen=True)
class Figure:
    """A number a posting asks for, the normalized words that say it and where they start."""

    value: int
    quote: str
    position: int


_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
_NUMBER = r"(?:\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
# Found from the word 'years' backwards: the word is rare, the figures before it are many.
_YEAR_WORD = re.compile(r"y(?:ears?|rs)\b")
# what stands before it: '5+', '8 10' (from 8-10), '5 to 7', '5 or more', 'seven', 'five 5'; the lower
# figure is the one asked for, and a figure is never part of '119'
_FIGURE = re.compile(
    rf"\b({_NUMBER})\b\s*\+?\s*(?:(?:to|or)?\s*{_NUMBER}\b\s*\+?\s*)?(?:(?:plus|or more|and more|or above)\s+)?$"
)
_EXPERIENCE_CONTEXT = re.compile(
    r"\b(experience|product|managing|leading|management|leadership|working|work|building|background|in|of)\b"
)
_LEADING_CONTEXT = re.compile(r"\b(managing|leading|people|management of|manager of|leadership of|lead)\b")
_NOT_EXPERIENCE = re.compile(
    r"\b(old|ago|history|anniversary|warranty|running|in business|company|founded|since|in a row)\b"
)
_HISTORY_BEFORE = re.compile(
    r"\b(past|last|over the|within|founded|business for|been \w+ for|history of|nearly|almost)\s*$"
)
_CONTEXT_END = re.compile(rf"\d|{re.escape(SENTENCE_BREAK)}")  # the next figure, or the end of the sentence
# '10+ direct reports', 'manage a team of 6 product managers'; a 'team of 200' is the company, not a span of control
REPORTS = re.compile(
    r"\b(\d{1,3})\s*\+?\s*direct reports\b"
    r"|\b(?:manage|managing|lead|leading|grow|growing)\s+(?:a\s+)?team\s+of\s+(\d{1,3})\s*\+?\s*(?:product managers|pms|product people)\b"
)
DEGREES = {
    "bachelor": "bachelor's",
    "bachelors": "bachelor's",
    "bs": "bachelor's",
    "ba": "bachelor's",
    "bsc": "bachelor's",
    "master": "master's",
    "masters": "master's",
    "ms": "master's",
    "msc": "master's",
    "mba": "MBA",
    "phd": "PhD",
    "doctorate": "PhD",
    "degree": "degree",
}
_DEGREE_ORDER = ["bachelor's", "master's", "MBA", "PhD"]


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token]


def years_asked(norm: str) -> tuple[Figure | None, Figure | None]:
    """(years of experience asked for, years leading people) from normalized text.

    The largest experience figure wins ('5+ years, 3 in product' asks for 5); figures about the
    company ('10 years old', 'for 10 years in business') and absurd ones are ignored.
    """
    best: Figure | None = None
    leading: Figure | None = None
    for year in _YEAR_WORD.finditer(norm):
        start, end = year.span()
        if start and norm[start - 1].isalnum():  # 'fifteenyears' is no figure; 'surveys' no year
            continue
        match = _FIGURE.search(norm, max(0, start - 40), start)
        if match is None:
            continue
        value = _number(match[1])
        after = " " + " ".join(norm[end : end + 120].split()[:8])  # the next eight words
        cut = _CONTEXT_END.search(after)
        after = after[: cut.start()] if cut else after  # the context of this figure, not of the next
        if value == 0 or value > 25 or _NOT_EXPERIENCE.search(after[:40]):
            continue
        if _HISTORY_BEFORE.search(norm[max(0, match.start() - 30) : match.start()]):
            continue
        if not _EXPERIENCE_CONTEXT.search(after):
            continue
        about_people = "people" in after or "team" in after or "managers" in after
        if about_people and _LEADING_CONTEXT.search(after[:50]) and (leading is None or value > leading.value):
            leading = Figure(value, norm[match.start() : end], match.start())
        if best is None or value > best.value:
            best = Figure(value, norm[match.start() : end], match.start())
    return best, leading


def direct_reports(norm: str) -> Figure | None:
    """The largest number of direct reports a normalized posting names, if any."""
    if "direct reports" not in norm and "team of" not in norm:  # a substring test is far cheaper than the scan
        return None
    counts = [Figure(int(m[1] or m[2]), m.group(0), m.start()) for m in REPORTS.finditer(norm)]
    return max(counts, key=lambda f: f.value) if counts else None


def degree_names(found: set[str]) -> list[str]:
    """Degrees named, in a fixed order; a bare 'degree' only when no specific one is named."""
    named = [name for name in _DEGREE_ORDER if name in found]
    return named or (["degree"] if "degree" in found else [])
