"""The framework format: a ladder of levels, competencies and readiness criteria, as Pydantic models.

The JSON Schema printed by `pmpath framework schema` is generated from these models, so they are
the single definition of what a framework file may contain.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .jd_model import JdConfig

Id = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
Horizon = Literal["now", "quarter", "year"]
HORIZON_LABELS: dict[str, str] = {"now": "next 30 days", "quarter": "this quarter", "year": "within a year"}


class Strict(BaseModel):
    """Base for every part of the format: unknown fields are errors, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Statement(Strict):
    """One fact, in pmpath's words, with the key of the source section it comes from."""

    text: str = Field(min_length=1)
    source: str


class ScalePoint(Strict):
    depth: int = Field(ge=1)
    name: str
    meaning: str


class Competency(Strict):
    id: str = Id
    name: str
    summary: str
    sources: list[str] = Field(min_length=1, description="Section keys that support this competency.")
    keywords: list[str] = Field(
        default_factory=list, description="Words that show a job posting stresses this competency."
    )
    anchors: dict[int, str] = Field(description="What each depth of the scale looks like, in first person.")
    actions: list[Statement] = Field(default_factory=list, description="Ways to grow this competency.")


class Experience(Strict):
    """Typical years of product experience for a level, possibly by company size."""

    years: int | dict[str, int] = Field(description="Minimum years, or minimum years per company size id.")
    leading_years: int | None = Field(default=None, description="Years of leading people the level asks for.")
    estimate: bool = Field(default=False, description="True when the source gives no figure and pmpath estimates.")
    source: str
    note: str = ""

    def min_years(self, company_size: str | None = None) -> int:
        """Years asked for at this company size; the smallest figure when the size is unknown."""
        if isinstance(self.years, int):
            return self.years
        if company_size is not None and company_size in self.years:
            return self.years[company_size]
        return min(self.years.values())

    def max_years(self) -> int:
        return self.years if isinstance(self.years, int) else max(self.years.values())


class Action(Strict):
    text: str
    horizon: Horizon = "quarter"


class Criterion(Strict):
    id: str = Id
    text: str
    competencies: list[str] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)


class Readiness(Strict):
    """The criteria for moving from a level to the next one."""

    source: str
    derived: bool = Field(default=False, description="True when built from the next level's requirements.")
    criteria: list[Criterion] = Field(min_length=1)


class Leveling(Strict):
    """What points at this level in a job posting; read by the posting leveler."""

    title_words: list[str] = Field(
        default_factory=list, description="Seniority words in a title, e.g. 'senior', 'head of'."
    )
    years: tuple[int, int] | None = Field(
        default=None, description="Years of experience postings at this level typically ask for (pmpath estimate)."
    )
    reports: tuple[int, int] | None = Field(
        default=None, description="Direct reports postings at this level typically name (pmpath estimate)."
    )
    phrases: dict[str, float] = Field(
        default_factory=dict, description="Phrase in a posting -> weight of its vote for this level."
    )
    themes: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Subjects postings at this level talk about -> word beginnings that name them "
        "('strateg' finds strategy and strategic). One alone says little; many together vote.",
    )
    themes_needed: int = Field(
        default=0, ge=0, description="How many of the themes a posting must name before they vote for this level."
    )


class Level(Strict):
    id: str = Id
    name: str
    short_name: str
    titles: list[str] = Field(default_factory=list, description="Titles and aliases this level goes by.")
    summary: str = Field(description="Scope in one line.")
    source: str
    scope: list[Statement] = Field(default_factory=list)
    responsibilities: list[Statement] = Field(default_factory=list)
    experience: Experience
    education: list[Statement] = Field(default_factory=list)
    hiring_signals: list[Statement] = Field(default_factory=list)
    stand_out: list[Statement] = Field(default_factory=list)
    leads_people: bool = Field(
        default=False, description="Whether the level manages people; years leading accrue from here."
    )
    expectations: dict[str, int] = Field(description="Expected depth of each competency at this level.")
    readiness: Readiness | None = Field(default=None, description="Criteria for moving to the next level.")
    leveling: Leveling = Field(default_factory=Leveling)


class Offramp(Strict):
    id: str = Id
    name: str
    from_levels: list[str] = Field(alias="from")
    text: str
    source: str


class Beyond(Strict):
    source: str
    summary: str
    reason: Statement
    offramps: list[Offramp] = Field(default_factory=list)


class TitleConfusion(Strict):
    id: str = Id
    titles: list[str]
    verdict: Literal["pm", "maybe-pm", "different-job"]
    text: str
    source: str


class Variant(Strict):
    id: str = Id
    name: str
    text: str
    levels: list[str] = Field(min_length=1)
    names: dict[str, str] = Field(default_factory=dict)
    source: str


class CompanySize(Strict):
    id: str = Id
    name: str


class Framework(Strict):
    """A whole career ladder. Levels are listed from the most junior to the most senior."""

    format: Literal[1] = 1
    id: str = Id
    name: str
    version: str
    description: str = ""
    company_sizes: list[CompanySize] = Field(default_factory=list)
    sections: dict[str, str] = Field(description="Source sections, key to heading path ('Parent > Heading').")
    scale: list[ScalePoint] = Field(min_length=2)
    competencies: list[Competency] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)
    beyond: Beyond | None = None
    title_confusions: list[TitleConfusion] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list)
    jd: JdConfig | None = Field(default=None, description="Job descriptions: drafting words and lint rules.")

    @property
    def level_ids(self) -> list[str]:
        return [level.id for level in self.levels]

    @property
    def max_depth(self) -> int:
        return max(point.depth for point in self.scale)

    def level(self, level_id: str) -> Level:
        """The level with this id; KeyError names the known ids."""
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(f"unknown level '{level_id}'; known: {', '.join(self.level_ids)}")

    def competency(self, competency_id: str) -> Competency:
        for competency in self.competencies:
            if competency.id == competency_id:
                return competency
        raise KeyError(f"unknown competency '{competency_id}'")

    def index(self, level_id: str) -> int:
        return self.level_ids.index(level_id)

    def next_level(self, level_id: str) -> Level | None:
        position = self.index(level_id)
        return self.levels[position + 1] if position + 1 < len(self.levels) else None

    def find_level(self, query: str) -> Level | None:
        """The level a user means by an id, a name or a common title ('Senior PM', 'Head of Product')."""
        wanted = normalize_title(query)
        for level in self.levels:
            names = [level.id, level.name, level.short_name, *level.titles]
            if any(normalize_title(name) == wanted for name in names):
                return level
        return None

    def section_heading(self, key: str) -> str:
        return self.sections.get(key, key)


def normalize_title(text: str) -> str:
    """Lower case, punctuation dropped, spaces folded: 'Sr. Product-Manager' -> 'sr product manager'."""
    return " ".join(re.sub(r"[^a-z0-9&]+", " ", text.lower()).split())
