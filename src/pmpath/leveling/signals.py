"""Facts read from a posting's words: years asked for, years leading people, education."""

from __future__ import annotations

import re

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
_NUM = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
# '5+ years', '8 10 years' (from 8-10), 'seven years', 'at least 3 yrs', 'five 5 years'
YEARS = re.compile(
    rf"\b{_NUM}\s*\+?\s*(?:(?:to|or|\d{{1,2}})\s*\+?\s*)?(?:plus\s+)?(?:years?|yrs)\b(?P<after>(?:\s+\S+){{0,8}})"
)
_EXPERIENCE_CONTEXT = re.compile(
    r"\b(experience|product|managing|leading|management|leadership|working|work|building|background|in|of)\b"
)
_LEADING_CONTEXT = re.compile(r"\b(managing|leading|people|management of|manager of|leadership of|lead)\b")
_NOT_EXPERIENCE = re.compile(r"\b(old|ago|history|anniversary|warranty|running|in business|company|founded|since)\b")
EDUCATION = re.compile(r"\b(bachelor s?|bachelors|bs|ba|b sc|master s?|masters|ms|m sc|mba|phd|ph d|degree)\b")
_EDUCATION_NAMES = {
    "bachelor": "bachelor's",
    "bs": "bachelor's",
    "ba": "bachelor's",
    "b sc": "bachelor's",
    "master": "master's",
    "ms": "master's",
    "m sc": "master's",
    "mba": "MBA",
    "phd": "PhD",
    "ph d": "PhD",
    "degree": "degree",
}


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token]


def years_asked(norm: str) -> tuple[int | None, int | None, str | None]:
    """(years of experience asked for, years leading people, the phrase) from normalized text.

    The largest experience figure wins ('5+ years, 3 in product' asks for 5); figures about the
    company ('10 years old', 'for 10 years in business') and absurd ones are ignored.
    """
    best: int | None = None
    leading: int | None = None
    phrase = None
    for match in YEARS.finditer(norm):
        value = _number(match[1])
        after = match["after"]
        if value == 0 or value > 25 or _NOT_EXPERIENCE.search(after[:40]):
            continue
        if not _EXPERIENCE_CONTEXT.search(after):
            continue
        if _LEADING_CONTEXT.search(after[:50]) and ("people" in after or "team" in after or "managers" in after):
            leading = max(leading or 0, value)
        if best is None or value > best:
            best, phrase = value, match.group(0)[: len(match.group(0)) - len(after)].strip()
    return best, leading, phrase


def education_asked(norm: str) -> list[str]:
    """Degrees a posting names, in a fixed order: bachelor's, master's, MBA, PhD, degree."""
    found = set()
    for match in EDUCATION.finditer(norm):
        token = match[1].rstrip(" s") if match[1].startswith(("bachelor", "master")) else match[1]
        found.add(_EDUCATION_NAMES.get(token.replace("bachelors", "bachelor").replace("masters", "master"), "degree"))
    order = ["bachelor's", "master's", "MBA", "PhD", "degree"]
    named = [name for name in order if name in found]
    return [n for n in named if n != "degree"] or named
