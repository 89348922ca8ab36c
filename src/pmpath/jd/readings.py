"""The one place `jd` takes anything from the posting leveler: its title and text readings, and where
in the posting its figures stand. Switching to the leveler's typed evidence is a change here only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import islice

from pmpath.framework import Framework
from pmpath.leveling import MAX_TITLE, leveler_for
from pmpath.leveling.clean import SENTENCE_BREAK, normalized_sentences, plain_text
from pmpath.leveling.evidence import Evidence, Quotes
from pmpath.leveling.signals import years_asked

from .posting import first_line

# figures of years read from one posting: real ones name a handful (6 at most in 195 dev postings), and
# the years-contradict rule compares each pair, so 20,000 list items of '5 years' held it for minutes
MAX_FIGURES = 100


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
    text_silent: bool  # the text says nothing of the level: text_level is only the default
    role: str
    role_note: str | None
    years_required: int | None
    asked: YearsFigure | None = None  # the figure the leveler reads as the years asked (the largest)
    years: list[YearsFigure] = field(default_factory=list)  # every sentence's figure
    evidence: list[Evidence] = field(default_factory=list)
    words: int = 0

    def shifted(self, offset: int) -> PostingReading:
        """The same reading with every position moved by `offset` (the text read was a part of the posting)."""

        def move(f: YearsFigure) -> YearsFigure:
            return YearsFigure(f.years, f.leading, f.start + offset, f.end + offset)

        self.asked = move(self.asked) if self.asked else None
        self.years = [move(f) for f in self.years]
        self.evidence = [
            replace(e, span=(e.span[0] + offset, e.span[1] + offset)) if e.span else e for e in self.evidence
        ]
        return self


@dataclass(frozen=True)
class TitleLine:
    """A posting's title: given, or its first line when the leveler reads that line as a job title."""

    text: str
    start: int | None  # where it stands in the posting; None when given apart from the text
    end: int | None


_ABBREVIATION_END = re.compile(r"(?<![a-z])(?:sr|jr|inc|co|ltd)\.$", re.I)  # 'Product Manager, Acme Inc.'


def title_of(fw: Framework, text: str, given: str | None) -> TitleLine | None:
    """The title to check the posting against: the one given, else a first line that names a role."""
    if given is not None and given.strip():
        return TitleLine(given.strip(), None, None)
    line = first_line(text)
    if line is None or len(line[0]) > MAX_TITLE or len(line[0].split()) > 12:
        return None
    if line[0].rstrip().endswith((".", "!", "?")) and not _ABBREVIATION_END.search(line[0]):
        return None  # a sentence ('We are a product company building payments.'), not a title
    heading = leveler_for(fw).read_title(line[0])
    if heading.level is None and heading.role not in ("maybe-pm", "different-job"):
        return None
    return TitleLine(" ".join(line[0].split()), line[1], line[2])  # tags blanked out leave runs of spaces


def level_of_title(fw: Framework, title: str) -> tuple[str | None, str, str | None]:
    """(level, role, note) the leveler reads from a title alone."""
    heading = leveler_for(fw).read_title(title)
    return heading.level, heading.role, heading.role_note


def read_posting(fw: Framework, title: str | None, text: str) -> PostingReading:
    """The leveler's readings of a posting: with its title, and of the text alone."""
    leveler = leveler_for(fw)
    full = leveler.level(title, text)
    alone = leveler.level(None, text)
    years = next((e for e in full.evidence if e.kind == "years" and e.span and e.value is not None), None)
    return PostingReading(
        level=full.level,
        confidence=full.confidence,
        text_level=full.text_level or alone.level,
        text_confidence=alone.confidence,
        title_level=full.title_level,
        text_silent=full.text_silent,
        role=full.role,
        role_note=full.role_note,
        years_required=full.years_required,
        asked=YearsFigure(years.value, False, *years.span) if years and years.span and years.value else None,
        years=list(islice(_years_figures(text), MAX_FIGURES)),
        evidence=full.evidence,
        words=len(plain_text(text).split()),
    )


def _years_figures(text: str) -> Iterator[YearsFigure]:
    """Each sentence's years asked, as the leveler reads them, located in the posting (the leveler
    itself reports only the largest figure); each quote's appearances found in one scan of the text."""
    norm = normalized_sentences(plain_text(text))
    quotes = Quotes(text, norm)
    offset = 0
    for sentence in norm.split(f" {SENTENCE_BREAK} "):
        asked, leading = years_asked(sentence)
        figures = [(leading, True)] if leading is not None else []
        if asked is not None and (leading is None or asked.position != leading.position):
            figures.append((asked, False))
        for figure, is_leading in figures:
            found = quotes.locate(figure.quote, offset + figure.position)
            if found is not None:
                yield YearsFigure(figure.value, is_leading, *found[1])
        offset += len(sentence) + len(SENTENCE_BREAK) + 2
