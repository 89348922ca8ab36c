"""The lint rules: each reads the posting (and the leveler's readings of it) against the framework and
yields findings. What counts, and how serious it is, comes from the framework's `jd:` section."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from pmpath.framework import Framework, Level
from pmpath.framework.jd_model import JdConfig

from .posting import Hit, hits, loose_pattern, phrase_pattern, sentence_around
from .readings import PostingReading, TitleLine, level_of_title


@dataclass(frozen=True)
class Raw:
    """A rule's finding as facts: where, the level its words point to, the figures and the framework
    statements behind it. The faces word it (`pmpath.reports.jd_text`)."""

    rule: str
    start: int
    end: int
    source: str
    points_to: str | None = None
    value: int | None = None
    expected: int | None = None
    expected_top: int | None = None
    other: int | None = None
    other_at: int | None = None
    names: tuple[str, ...] = ()
    statement: str | None = None


@dataclass
class Context:
    """Everything a rule may read about one posting."""

    fw: Framework
    jd: JdConfig
    text: str
    title: TitleLine | None
    posted: Level  # the level the posting is checked against
    posted_from: str  # given | title | text
    size: str | None
    reading: PostingReading

    def rank(self, level_id: str) -> int:
        return self.fw.index(level_id)

    def title_span(self) -> tuple[int, int]:
        if self.title is not None and self.title.start is not None and self.title.end is not None:
            return self.title.start, self.title.end
        return 0, 0


@cache
def _pattern(words: tuple[str, ...], run_on: bool = True) -> re.Pattern[str]:
    return phrase_pattern(words, run_on)


@cache
def _loose(words: tuple[str, ...]) -> re.Pattern[str]:
    return loose_pattern(words)


def _first(text: str, words: list[str], run_on: bool = True) -> Hit | None:
    return next(hits(text, _pattern(tuple(words), run_on)), None)


def title_level(c: Context) -> Iterator[Raw]:
    """The title (or the level given) and the text point two or more levels apart."""
    if c.posted_from == "text" or c.reading.text_silent:  # a text silent on the level contradicts nothing
        return
    if abs(c.rank(c.reading.text_level) - c.rank(c.posted.id)) < c.jd.level_gap:
        return
    yield Raw("title-level", *c.title_span(), c.jd.rules["title-level"].source, points_to=c.reading.text_level)


def _years_bounds(c: Context) -> tuple[int, int | None]:
    """Fewest and most years a posting at the posted level may ask for at the company size."""
    experience = c.posted.experience
    low = (experience.min_years(c.size) if c.size else experience.min_years()) - c.jd.years_slack_below
    above = c.fw.next_level(c.posted.id)
    if above is None:
        return low, None
    high = above.experience.min_years(c.size) if c.size else above.experience.max_years()
    return low, high + c.jd.years_slack_above


def years_fit(c: Context) -> Iterator[Raw]:
    """Years asked far below the posted level's figure, or beyond the next level's."""
    asked = c.reading.asked  # the leveler's figure, unless it is years of leading people
    if asked is None or any(f.leading and f.start == asked.start for f in c.reading.years):
        figures = [f for f in c.reading.years if not f.leading]
        if not figures:
            return
        asked = max(figures, key=lambda f: f.years)
    low, high = _years_bounds(c)
    if asked.years < low:
        rule = "years-too-few"
    elif high is not None and asked.years > high:
        rule = "years-too-many"
    else:
        return
    experience = c.posted.experience
    yield Raw(
        rule,
        asked.start,
        asked.end,
        experience.source,
        points_to=_level_for_years(c, asked.years).id,
        value=asked.years,
        expected=experience.min_years(c.size) if c.size else experience.min_years(),
        expected_top=None if c.size else experience.max_years(),
    )


def _level_for_years(c: Context, years: int) -> Level:
    """The level whose postings typically ask for these years (the leveler's ranges in the framework),
    else the most senior level whose usual figure the years reach."""
    ranged = [lv for lv in c.fw.levels if lv.leveling.years and lv.leveling.years[0] <= years <= lv.leveling.years[1]]
    if ranged:
        return ranged[0]
    best = c.fw.levels[0]
    for level in c.fw.levels:
        if (level.experience.min_years(c.size) if c.size else level.experience.min_years()) <= years:
            best = level
    return best


_FILLER = frozenset(
    [
        "of",
        "in",
        "as",
        "a",
        "an",
        "the",
        "at",
        "least",
        "with",
        "and",
        "or",
        "experience",
        "experiences",
        "professional",
        "relevant",
        "related",
        "total",
        "work",
        "working",
        "plus",
        "more",
        "minimum",
        "overall",
        "hands",
        "on",
        "proven",
    ]
)
_SUBJECT_END = re.compile(r"[.,;:()\n]")


def _subject(text: str, end: int) -> frozenset[str]:
    """What a figure's years are of: the words after it up to the end of the clause, filler dropped
    ('years of product management experience' and 'years of experience in product management' match)."""
    clause = text[end : end + 80]
    cut = _SUBJECT_END.search(clause)
    words = re.findall(r"[a-z]+", clause[: cut.start() if cut else len(clause)].lower())[:8]
    return frozenset(w for w in words if w not in _FILLER)


def _same_experience(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two figures count the same experience: the same subject, or one narrowing the other
    ('product management' and 'product management in e-commerce'); no subject only matches no subject."""
    if not a or not b:
        return a == b
    return a <= b or b <= a


def years_contradict(c: Context) -> Iterator[Raw]:
    """Two figures for the same experience in one posting that point to levels far apart."""
    figures = [(f, _subject(c.text, f.end)) for f in c.reading.years if not f.leading]
    told: set[int] = set()  # each figure in one finding at most
    for low, low_subject in sorted(figures, key=lambda pair: pair[0].years):
        partners = [f for f, subject in figures if f.years > low.years and _same_experience(low_subject, subject)]
        if not partners or low.start in told:
            continue
        high = max(partners, key=lambda f: f.years)
        low_level, high_level = _level_for_years(c, low.years), _level_for_years(c, high.years)
        if c.rank(high_level.id) - c.rank(low_level.id) < c.jd.years_contradict_levels:
            continue
        told.update((low.start, high.start))
        yield Raw(
            "years-contradict",
            low.start,
            low.end,
            c.jd.rules["years-contradict"].source,
            points_to=high_level.id,
            value=low.years,
            other=high.years,
            other_at=high.start,
            names=(low_level.id, high_level.id),
        )


_CLAUSE_END = re.compile(r"[.;:!?\n]|(?<![a-z])but(?![a-z])", re.I)


@cache
def _cue_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whole words and phrases, apostrophes straight or curly ('don't', 'don’t')."""
    bodies = [r"\s+".join(re.escape(w).replace("'", "['’]") for w in phrase.lower().split()) for phrase in words]
    return re.compile(rf"(?<![a-z'’])(?:{'|'.join(bodies) or '(?!x)x'})(?![a-z])", re.I)


def _asked(c: Context, hit: Hit) -> bool:
    """Whether the posting asks the hire for the words at `hit`: no negation or 'report to' a few words
    before them in their clause ('no direct reports', 'you report to a people manager'; not 'report to
    the CEO and manage the budget', where the words between are more than the framework's reach)."""
    before = c.text[max(0, hit.start - 200) : hit.start]
    clause = before[max((m.end() for m in _CLAUSE_END.finditer(before)), default=0) :]
    for cue in _cue_pattern(tuple(c.jd.not_asked_words)).finditer(clause):
        if len(re.findall(r"[\w'’]+", clause[cue.end() :])) <= c.jd.not_asked_reach:
            return False
    return True


def asks_above(c: Context) -> Iterator[Raw]:
    """Asks that belong two or more levels above the posted one (and that the posting does ask)."""
    for ask in c.jd.asks:
        if ask.level not in c.fw.level_ids or c.rank(ask.level) - c.rank(c.posted.id) < c.jd.asks_levels_up:
            continue
        hit = next((h for h in hits(c.text, _pattern(tuple(ask.words), False)) if _asked(c, h)), None)
        if hit is not None:
            yield Raw(
                "asks-above-level",
                hit.start,
                hit.end,
                ask.source,
                points_to=ask.level,
                names=(ask.id,),
                statement=ask.text,
            )


def missing_core(c: Context) -> Iterator[Raw]:
    """Duties that define the posted level, never named."""
    for core in c.jd.core.get(c.posted.id, []):
        if _first(c.text, core.words) is None:
            yield Raw("missing-core", *c.title_span(), core.source, names=(core.id,), statement=core.text)


LOOKALIKE_ROLES = ("maybe-pm", "different-job")  # the leveler's roles of delivery, program and project titles


def product_work(c: Context) -> set[str]:
    """The kinds of product management work the posting names (distinct phrases, not forms of one word)."""
    return {h.phrase.lower() for phrase in c.jd.product_work if (h := _first(c.text, [phrase])) is not None}


def off_the_ladder(c: Context) -> bool:
    """A look-alike title (delivery, program, project manager) over work that is not product management:
    the ladder has no level to hold it to, so no level rule speaks ('10 years' of program management
    is not a Director of Product's experience)."""
    return c.title is not None and c.reading.role in LOOKALIKE_ROLES and len(product_work(c)) < c.jd.product_work_needed


def lookalike_title(c: Context) -> Iterator[Raw]:
    """A delivery, program or project manager title over product management work."""
    if c.title is None or c.reading.role not in LOOKALIKE_ROLES:
        return
    found = product_work(c)
    if len(found) >= c.jd.product_work_needed:  # distinct kinds of product work, not forms of one word
        seniority = level_of_title(c.fw, c.title.text)[0]  # 'Senior Program Manager' -> Senior Product Manager
        yield Raw(
            "lookalike-title",
            *c.title_span(),
            c.jd.rules["lookalike-title"].source,
            points_to=seniority or c.posted.id,
            names=tuple(sorted(found)),
        )


_DEGREE = re.compile(
    r"(?<![a-z0-9])(?:bachelor'?s?|master'?s?(?=[\W_]+(?:degree|in|of)\b)|mba|ph\.?d|doctorate|degree(?![\W_]+of\b)"
    r"|(?:b\.?s\.?c?|b\.?a\.?|m\.?s\.?c?)(?=[\W_]*(?:/|in\b|degree\b|or\b)))(?![a-z0-9])",
    re.I,
)
NEAR = 40  # characters around a degree within which a word makes it required ('Bachelor's degree required')
_DEGREE_NAME = {"bachelor": "bachelor's", "master": "master's", "mba": "MBA", "phd": "PhD", "doctorate": "PhD"}


def _degree_name(word: str) -> str:
    key = re.sub(r"[^a-z]", "", word.lower()).rstrip("s")
    if key in ("b", "bc", "ba"):
        return "bachelor's"
    if key in ("m", "mc"):
        return "master's"
    return _DEGREE_NAME.get(key, "degree")


def education_beyond(c: Context) -> Iterator[Raw]:
    """A degree required where the source calls it usual, preferred or a plus for the level."""
    expected = c.jd.education.get(c.posted.id)
    if expected is None:
        return
    done: set[int | str] = set()  # one finding a sentence and a degree: a posting says it once or many times
    required = _loose(tuple(c.jd.required_words))
    for match in _DEGREE.finditer(c.text):
        # the cheap tests first, each one the rule makes below: 'MBA ' 50,000 times took 1.25 s
        if _degree_name(match.group(0)) in done or not required.search(
            c.text, max(0, match.start() - NEAR), match.end() + NEAR
        ):
            continue
        start, end = sentence_around(c.text, match.start(), match.end())
        if start in done:
            continue
        sentence = c.text[start:end]
        near = c.text[max(start, match.start() - NEAR) : min(end, match.end() + NEAR)]
        if _first(near, c.jd.required_words, run_on=False) is None:  # 'required', not 'requirements'
            continue
        if _first(sentence, c.jd.optional_words, run_on=False) is not None:
            continue
        if _cue_pattern(tuple(c.jd.not_asked_words)).search(near):  # 'we do not require a degree'
            continue
        name = _degree_name(match.group(0))
        if name in expected.may_require:
            continue
        done.update((start, name))
        yield Raw("education-beyond", match.start(), match.end(), expected.source, names=(name,))


def too_thin(c: Context) -> Iterator[Raw]:
    """Too few words, or a text the leveler cannot place with confidence."""
    thin = c.reading.words < c.jd.thin_words or c.reading.text_confidence < c.jd.thin_confidence
    if thin:
        yield Raw(
            "too-thin",
            *c.title_span(),
            c.jd.rules["too-thin"].source,
            points_to=c.reading.text_level,
            value=c.reading.words,
            expected=round(c.reading.text_confidence * 100),
        )


RULES = (
    title_level,
    years_fit,
    years_contradict,
    asks_above,
    missing_core,
    lookalike_title,
    education_beyond,
    too_thin,
)
