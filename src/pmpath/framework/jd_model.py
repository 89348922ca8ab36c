"""The `jd:` part of a framework: how job descriptions are drafted from the ladder and linted against it.

Severity per rule, rules turned off, and the expectations the rules check that the level data do not
already hold (asks that belong higher up, a level's core duties, what a posting may require). A
company's own ladder brings its own, so no rule's judgement lives in code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from .model import Framework

Severity = Literal["error", "warning", "off"]
RuleId = Literal[
    "title-level",
    "years-too-few",
    "years-too-many",
    "years-contradict",
    "asks-above-level",
    "missing-core",
    "lookalike-title",
    "education-beyond",
    "too-thin",
]
RULE_IDS: tuple[str, ...] = RuleId.__args__  # type: ignore[attr-defined]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class JdRule(_Strict):
    """One lint rule: how serious a finding is, the statement that justifies it, and its source."""

    severity: Severity
    text: str = Field(min_length=1, description="Why the rule holds, in pmpath's words.")
    source: str
    derived: bool = Field(default=False, description="True when pmpath adds the rule's threshold itself.")


class JdAsk(_Strict):
    """An ask that belongs to a level: a posting two or more levels below that asks it aims too high."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    level: str
    text: str
    words: list[str] = Field(min_length=1, description="Phrases that make the ask; the last word may run on.")
    source: str


class JdCore(_Strict):
    """A duty a level's postings should name; any one of the words counts."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    text: str
    words: list[str] = Field(min_length=1, description="Phrases that name the duty; the last word may run on.")
    source: str


class JdEducation(_Strict):
    """What a posting may require of a level's education; requiring anything else goes beyond the source."""

    may_require: list[str] = Field(default_factory=list, description="Degrees the source lets a posting require.")
    source: str


class JdDraft(_Strict):
    """The words around the ladder's statements in a drafted posting."""

    opening: str = Field(description="First sentence; {company}, {article}, {title} and {summary} are filled in.")
    company_fallback: str = "We"
    headings: dict[str, str] = Field(description="Section id -> heading shown in the posting.")
    experience: str = Field(description="Line for the years asked; {years} is filled in.")
    experience_estimate: str = Field(
        description="Line for the years asked when the figure is pmpath's estimate (the source names no field)."
    )
    no_experience: str = Field(description="Line when a level asks for no years of experience.")
    leading: str = Field(description="Line for years of leading people; {years} is filled in.")
    size_note: str = Field(description="Line naming the company size the years are for; {size}.")
    aliases: str = Field(description="Line listing other titles; {titles}.")
    skip: list[str] = Field(
        default_factory=list,
        description="Statements left out of a posting: about organizations rather than the role, or saying "
        "again what the posting already says (the years asked).",
    )
    reword: dict[str, str] = Field(
        default_factory=dict,
        description="A level's statement or summary -> how a posting says it, where the ladder's wording describes the "
        "ladder ('No specific degree is named') rather than speaking to a candidate.",
    )


class JdConfig(_Strict):
    """Everything `pmpath jd` reads from the framework."""

    rules: dict[RuleId, JdRule]
    level_gap: int = Field(default=2, ge=1, description="Levels apart before title and text disagree.")
    years_slack_below: int = Field(default=2, ge=0, description="Years under a level's figure still accepted.")
    years_slack_above: int = Field(default=2, ge=0, description="Years over the next level's figure accepted.")
    years_contradict_levels: int = Field(default=2, ge=1, description="Levels apart two figures must point to.")
    asks_levels_up: int = Field(default=2, ge=1, description="How far above the posting an ask must belong.")
    asks: list[JdAsk] = Field(default_factory=list)
    core: dict[str, list[JdCore]] = Field(default_factory=dict, description="Level id -> duties its postings name.")
    education: dict[str, JdEducation] = Field(default_factory=dict, description="Level id -> what may be required.")
    not_asked_words: list[str] = Field(
        default_factory=list,
        description="Words that say the hire is not asked something: before an ask in its clause, a negation "
        "('no direct reports') or the person the hire reports to ('report to a people manager'); near a "
        "degree, a negation ('we do not require a degree').",
    )
    not_asked_reach: int = Field(
        default=3,
        ge=0,
        description="Most words between a not-asked word and the ask it takes back ('no direct reports': 0).",
    )
    required_words: list[str] = Field(default_factory=list, description="Words that make a degree a requirement.")
    optional_words: list[str] = Field(default_factory=list, description="Words that make a degree optional.")
    product_work: list[str] = Field(default_factory=list, description="Phrases that show product management work.")
    product_work_needed: int = Field(default=3, ge=1)
    thin_words: int = Field(default=80, ge=1, description="Fewer words than this cannot be leveled with confidence.")
    thin_confidence: float = Field(default=0.5, gt=0, lt=1, description="Text-only confidence under this is thin.")
    draft: JdDraft


def jd_findings(fw: Framework) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Inconsistencies of the `jd:` section: unknown source sections. Levels a variant drops are allowed."""
    if fw.jd is None or not fw.sections:
        return
    jd = fw.jd
    cited: list[tuple[tuple[str | int, ...], str]] = [
        (("jd", "rules", rid, "source"), r.source) for rid, r in jd.rules.items()
    ]
    cited += [(("jd", "asks", i, "source"), a.source) for i, a in enumerate(jd.asks)]
    cited += [
        (("jd", "core", lid, i, "source"), c.source) for lid, cores in jd.core.items() for i, c in enumerate(cores)
    ]
    cited += [(("jd", "education", lid, "source"), e.source) for lid, e in jd.education.items()]
    for path, key in cited:
        if key not in fw.sections:
            yield path, f"unknown source section '{key}'; declare it under 'sections'"
    missing = [rid for rid in RULE_IDS if rid not in jd.rules]
    if missing:
        yield ("jd", "rules"), f"no configuration for rule {', '.join(missing)} (set severity: off to turn one off)"
