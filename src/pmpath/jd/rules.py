"""The lint rules: each reads the posting (and the leveler's readings of it) against the framework and
yields findings. What counts, and how serious it is, comes from the framework's `jd:` section."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from pmpath.framework import Framework, Level
from pmpath.framework.jd_model import JdConfig

from .posting import Hit, hits, phrase_pattern, sentence_around
from .readings import PostingReading, TitleLine


@dataclass(frozen=True)
class Raw:
    """A rule's finding before the shell-neutral Finding is made: where, what, why and the fix."""

    rule: str
    start: int
    end: int
    message: str
    why: str
    source: str
    fix: str


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


def _first(text: str, words: list[str], run_on: bool = True) -> Hit | None:
    return next(hits(text, _pattern(tuple(words), run_on)), None)


def title_level(c: Context) -> Iterator[Raw]:
    """The title (or the level given) and the text point two or more levels apart."""
    if c.posted_from == "text":
        return
    text_level = c.reading.text_level
    gap = c.rank(text_level) - c.rank(c.posted.id)
    if abs(gap) < c.jd.level_gap:
        return
    reads = c.fw.level(text_level)
    kind = "inflated" if gap < 0 else "deflated"
    said = "The title says" if c.posted_from == "title" else "The level asked for is"
    yield Raw(
        "title-level",
        *c.title_span(),
        f"{said} {c.posted.name} but the text reads like {reads.name} ({kind} title).",
        c.jd.rules["title-level"].text,
        c.jd.rules["title-level"].source,
        f"Either title it {reads.name}, or give the text the work of {a(c.posted.name)}: {c.posted.summary}",
    )


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
    usual = c.posted.experience.min_years(c.size) if c.size else c.posted.experience.min_years()
    where = f" at a {_size_name(c)}" if c.size else ""
    estimate = " (a pmpath estimate)" if c.posted.experience.estimate else ""
    top = c.posted.experience.max_years()
    usual_words = f"about {usual}+ years" if usual else "no prior years"
    if not c.size and top != usual:  # the figure depends on the company size, which was not given
        usual_words = f"{usual}+ to {top}+ years by company size"
    if asked.years < low:
        rule, message = "years-too-few", f"far below the {usual}+ {a(c.posted.name)} usually has{where}{estimate}"
        fix_level = "title the posting"
    elif high is not None and asked.years > high:
        rule = "years-too-many"
        message = f"the experience of {a(_level_for_years(c, asked.years).name)}, not {a(c.posted.name)} ({usual_words}{where})"
        fix_level = "post the role as"
    else:
        return
    fits = _level_for_years(c, asked.years)
    yield Raw(
        rule,
        asked.start,
        asked.end,
        f"{asked.years} years asked, {message}.",
        c.jd.rules[rule].text,  # type: ignore[index]
        c.posted.experience.source,
        f"Ask for {usual_words}, or {fix_level} {fits.name}, the level {asked.years} years fits.",
    )


def _size_name(c: Context) -> str:
    return next((s.name.lower() for s in c.fw.company_sizes if s.id == c.size), c.size or "")


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


def a(name: str) -> str:
    """'a Director of Product', 'an Associate Product Manager'."""
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


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


def years_contradict(c: Context) -> Iterator[Raw]:
    """Two figures for the same experience in one posting that point to levels far apart."""
    by_subject: dict[frozenset[str], list] = {}
    for figure in c.reading.years:
        if not figure.leading:
            by_subject.setdefault(_subject(c.text, figure.end), []).append(figure)
    for figures in by_subject.values():
        low = min(figures, key=lambda f: f.years)
        high = max(figures, key=lambda f: f.years)
        low_level, high_level = _level_for_years(c, low.years), _level_for_years(c, high.years)
        if c.rank(high_level.id) - c.rank(low_level.id) < c.jd.years_contradict_levels:
            continue
        line = c.text.count("\n", 0, high.start) + 1
        yield Raw(
            "years-contradict",
            low.start,
            low.end,
            f"{low.years} years asked here and {high.years} on line {line} for the same experience: "
            f"{a(low_level.name)} and {a(high_level.name)}.",
            c.jd.rules["years-contradict"].text,
            c.jd.rules["years-contradict"].source,
            "Ask for one figure of this experience; name other experience (leading people, a domain) as such.",
        )


def asks_above(c: Context) -> Iterator[Raw]:
    """Asks that belong two or more levels above the posted one."""
    rule = c.jd.rules["asks-above-level"]
    for ask in c.jd.asks:
        if ask.level not in c.fw.level_ids or c.rank(ask.level) - c.rank(c.posted.id) < c.jd.asks_levels_up:
            continue
        hit = _first(c.text, ask.words, run_on=False)
        if hit is None:
            continue
        owner = c.fw.level(ask.level)
        yield Raw(
            "asks-above-level",
            hit.start,
            hit.end,
            f'"{hit.phrase}" asks {a(c.posted.name)} for {owner.name} work.',
            f"{ask.text} {rule.text}",
            ask.source,
            f"Drop it or scale it to the level ({a(c.posted.name)}: {c.posted.summary}), or post the role as {owner.name}.",
        )


def missing_core(c: Context) -> Iterator[Raw]:
    """Duties that define the posted level, never named."""
    rule = c.jd.rules["missing-core"]
    for core in c.jd.core.get(c.posted.id, []):
        if _first(c.text, core.words) is None:
            yield Raw(
                "missing-core",
                *c.title_span(),
                f"{a(c.posted.name)[0].upper()}{a(c.posted.name)[1:]} posting that never names a core duty: {core.text[0].lower()}{core.text[1:]}",
                rule.text,
                core.source,
                f"Add what the role does here: {core.text}",
            )


def lookalike_title(c: Context) -> Iterator[Raw]:
    """A delivery, program or project manager title over product management work."""
    if c.title is None or c.reading.role not in ("maybe-pm", "different-job"):
        return
    found = {h.phrase.lower() for phrase in c.jd.product_work if (h := _first(c.text, [phrase])) is not None}
    if len(found) < c.jd.product_work_needed:  # distinct kinds of product work, not forms of one word
        return
    product = c.posted.name
    rule = c.jd.rules["lookalike-title"]
    yield Raw(
        "lookalike-title",
        *c.title_span(),
        f'"{c.title.text}" titles product management work ({", ".join(sorted(found)[:5])}...).',
        rule.text,
        rule.source,
        f"Title it {product}, the ladder's name for this work at this level.",
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
    rule = c.jd.rules["education-beyond"]
    done: set[int | str] = set()  # one finding a sentence and a degree: a posting says it once or many times
    for match in _DEGREE.finditer(c.text):
        start, end = sentence_around(c.text, match.start(), match.end())
        if start in done or _degree_name(match.group(0)) in done:
            continue
        sentence = c.text[start:end]
        near = c.text[max(start, match.start() - NEAR) : min(end, match.end() + NEAR)]
        if _first(near, c.jd.required_words, run_on=False) is None:  # 'required', not 'requirements'
            continue
        if _first(sentence, c.jd.optional_words, run_on=False) is not None:
            continue
        name = _degree_name(match.group(0))
        if name in expected.may_require:
            continue
        done.update((start, name))
        said = "; ".join(s.text for s in c.posted.education) or "it names no education"
        yield Raw(
            "education-beyond",
            match.start(),
            match.end(),
            f"{a(name)[0].upper()}{a(name)[1:]} is required, where for {a(c.posted.name)} the source says: {said}",
            rule.text,
            expected.source,
            f"Make the {name} preferred, or accept equivalent experience.",
        )


def too_thin(c: Context) -> Iterator[Raw]:
    """Too few words, or a text the leveler cannot place with confidence."""
    rule = c.jd.rules["too-thin"]
    if c.reading.words < c.jd.thin_words:
        why = f"{c.reading.words} words"
    elif c.reading.text_confidence < c.jd.thin_confidence:
        why = f"the text alone reads as {c.reading.text_level} with {c.reading.text_confidence:.0%} confidence"
    else:
        return
    yield Raw(
        "too-thin",
        *c.title_span(),
        f"Too thin to level with confidence: {why}.",
        rule.text,
        rule.source,
        f"Describe the scope, duties and experience of the role; for {a(c.posted.name)} draft: pmpath jd draft {c.posted.id}.",
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
