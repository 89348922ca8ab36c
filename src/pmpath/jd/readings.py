"""The one place `jd` takes anything from the posting leveler: its title and text readings, and where
in the posting its figures stand. Switching to the leveler's typed evidence is a change here only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pmpath.framework import Framework
from pmpath.leveling import leveler_for
from pmpath.leveling.clean import SENTENCE_BREAK, normalized_sentences, plain_text
from pmpath.leveling.signals import years_asked

from .posting import first_line


@dataclass(frozen=True)
class YearsFigure:
    """Years of experience a posting asks for in one sentence, and where (offsets into the posting)."""

    years: int
    leading: bool
    start: int
    end: int


@dataclass
class PostingReading:
    """What the leveler reads of a posting, with positions in the text handed to `read_posting`."""

    level: str
    confidence: float
    text_level: str
    text_confidence: float
    title_level: str | None
    role: str
    role_note: str | None
    years_required: int | None
    years: list[YearsFigure] = field(default_factory=list)
    words: int = 0


@dataclass(frozen=True)
class TitleLine:
    """A posting's title: given, or its first line when the leveler reads that line as a job title."""

    text: str
    start: int | None  # where it stands in the posting; None when given apart from the text
    end: int | None


def title_of(fw: Framework, text: str, given: str | None) -> TitleLine | None:
    """The title to check the posting against: the one given, else a first line that names a role."""
    if given is not None and given.strip():
        return TitleLine(given.strip(), None, None)
    line = first_line(text)
    if line is None or len(line[0].split()) > 12:
        return None
    heading = leveler_for(fw).read_title(line[0])
    if heading.level is None and heading.role not in ("maybe-pm", "different-job"):
        return None
    return TitleLine(*line)


def level_of_title(fw: Framework, title: str) -> tuple[str | None, str, str | None]:
    """(level, role, note) the leveler reads from a title alone."""
    heading = leveler_for(fw).read_title(title)
    return heading.level, heading.role, heading.role_note


def read_posting(fw: Framework, title: str | None, text: str) -> PostingReading:
    """The leveler's readings of a posting: with its title, and of the text alone."""
    leveler = leveler_for(fw)
    full = leveler.level(title, text)
    alone = leveler.level(None, text)
    return PostingReading(
        level=full.level,
        confidence=full.confidence,
        text_level=full.text_level or alone.level,
        text_confidence=alone.confidence,
        title_level=full.title_level,
        role=full.role,
        role_note=full.role_note,
        years_required=full.years_required,
        years=list(_years_figures(text)),
        words=len(plain_text(text).split()),
    )


def _years_figures(text: str):
    """Each sentence's years asked, as the leveler reads them, located in the posting."""
    cursor = 0
    for sentence in normalized_sentences(plain_text(text)).split(f" {SENTENCE_BREAK} "):
        years, leading, phrase = years_asked(sentence)
        if years is None or phrase is None:
            continue
        span = _locate(text, phrase, cursor)
        if span is None:
            continue
        cursor = span[1]
        yield YearsFigure(years, leading == years, *span)


def _locate(text: str, phrase: str, start: int) -> tuple[int, int] | None:
    """Where a normalized phrase stands in the original text, from `start` on (case and punctuation free)."""
    words = re.findall(r"[a-z0-9+&]+", phrase)
    if not words:
        return None
    pattern = re.compile(r"(?<![A-Za-z0-9])" + r"[\W_]+".join(map(re.escape, words)) + r"(?![A-Za-z0-9])", re.I)
    match = pattern.search(text, start) or pattern.search(text)
    return (match.start(), match.end()) if match else None
