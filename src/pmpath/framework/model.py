"""The framework format: a ladder of levels, competencies and readiness criteria, as Pydantic models.

The JSON Schema printed by `pmpath framework schema` is generated from these models, so they are
the single definition of what a framework file may contain.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .jd_model import JdConfig
from .leveling_model import Leveling, PostingLeveling

STATEMENT_GROUPS = ("scope", "responsibilities", "education", "hiring_signals", "stand_out")
Id = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
Horizon = Literal["now", "quarter", "year"]
HORIZON_LABELS: dict[str, str] = {"now": "next 30 days", "quarter": "this quarter", "year": "within a year"}


class Strict(BaseModel):
    """Base for every part of the format: unknown fields are errors, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, populate_by_name=True)


class Statement(Strict):
    """One fact, in pmpath's words, with the key of the source section it comes from."""

    text: str = Field(min_length=1)
    source: str
    derived: bool = Field(default=False, description="True when this is pmpath's own reading, not the source's.")
    posting: str | None = Field(
        default=None, description="Id of the source's example posting (example_postings) this restates."
    )
    needs_levels: list[str] = Field(
        default_factory=list, description="Only true on a ladder with these levels; a variant without them drops it."
    )


class ScalePoint(Strict):
    depth: int = Field(ge=1)
    name: str
    meaning: str
    derived: bool = Field(default=False, description="True when the meaning is pmpath's reading.")


class GrowthAction(Strict):
    """A suggestion of pmpath's for growing a competency to one depth; its horizon is pmpath's estimate."""

    text: str = Field(min_length=1)
    source: str
    depth: int = Field(ge=1, description="The depth this action builds towards.")
    horizon: Horizon = "quarter"
    derived: bool = Field(default=False, description="True when pmpath suggests it (every growth action does).")
    leads: bool | None = Field(
        default=None,
        description="true: only for someone who already leads people; false: only for someone who does not yet.",
    )


class Competency(Strict):
    id: str = Id
    name: str
    summary: str
    derived: bool = Field(default=False, description="True when the anchors are pmpath's reading of the sources.")
    sources: list[str] = Field(min_length=1, description="Section keys that support this competency.")
    keywords: list[str] = Field(
        default_factory=list, description="Words that show a job posting stresses this competency."
    )
    anchors: dict[int, str] = Field(description="What each depth of the scale looks like, in first person.")
    actions: list[GrowthAction] = Field(default_factory=list, description="Ways to grow this competency, by depth.")


class Experience(Strict):
    """Typical years of product experience for a level, possibly by company size."""

    years: int | dict[str, int] = Field(description="Minimum years, or minimum years per company size id.")
    leading_years: int | None = Field(default=None, description="Years of leading people the level asks for.")
    estimate: bool = Field(default=False, description="True when the source gives no figure and pmpath estimates.")
    sizes_derived: bool = Field(
        default=False, description="True when which figure goes with which company size is pmpath's reading."
    )
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

    def depends_on_size(self) -> bool:
        return isinstance(self.years, dict) and len(set(self.years.values())) > 1


class Action(Strict):
    text: str
    horizon: Horizon = "quarter"
    derived: bool = Field(default=False, description="True when pmpath suggests it (every action does).")


class Gate(Strict):
    """A condition of experience a level asks before anyone is placed there, whatever their ratings."""

    id: str = Id
    needs: Literal["leading-experience", "years-leading"] = Field(
        description="leading-experience: some time leading people; years-leading: at least `years` of it."
    )
    years: float | None = Field(default=None, ge=0)
    text: str
    source: str
    derived: bool = False


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
    titles_derived: bool = Field(default=False, description="True when the title list is pmpath's reading.")
    gates: list[Gate] = Field(
        default_factory=list, description="Experience this level asks before placement; levels above inherit them."
    )
    expectations_derived: bool = Field(
        default=False, description="True when the expected depths are pmpath's reading of the source."
    )
    expectations: dict[str, int] = Field(description="Expected depth of each competency to hold this level.")
    step_note: Statement | None = Field(
        default=None, description="Why the step up to this level adds less expectation than the step below it."
    )
    readiness: Readiness | None = Field(default=None, description="Criteria for moving to the next level.")
    leveling: Leveling = Field(default_factory=Leveling)


class Offramp(Strict):
    id: str = Id
    name: str
    from_levels: list[str] = Field(alias="from")
    text: str
    source: str
    derived: bool = Field(default=False, description="True when the levels it opens from are pmpath's reading.")


class Beyond(Strict):
    source: str
    summary: str
    reason: Statement
    points: list[Statement] = Field(default_factory=list, description="What changes for veterans at this point.")
    offramps: list[Offramp] = Field(default_factory=list)


class TitleConfusion(Strict):
    id: str = Id
    titles: list[str]
    verdict: Literal["pm", "maybe-pm", "different-job"]
    text: str
    source: str
    derived: bool = False


class Variant(Strict):
    id: str = Id
    name: str
    derived: bool = False
    text: str
    levels: list[str] = Field(min_length=1)
    names: dict[str, str] = Field(default_factory=dict)
    source: str


class CompanySize(Strict):
    id: str = Id
    name: str


class ExamplePosting(Strict):
    """One of the example job descriptions the source quotes, and whose it is."""

    id: str = Id
    company: str
    board: str = ""
    section: str


class Weights(Strict):
    """How much each kind of gap matters when gaps are ordered (larger first)."""

    not_yet: float = Field(default=3.0, alias="not-yet")
    unanswered: float = 2.5
    partly: float = 2.0
    per_point: float = Field(default=1.5, description="Per point a competency is short of the level moved to.")
    linked: float = Field(default=1.0, description="Added when an unmet criterion names the competency.")
    experience: float = Field(default=1.0, description="Missing years: listed, since time cannot be hurried.")


class Rules(Strict):
    """The settings that turn ratings and answers into a verdict."""

    derived: bool = Field(default=False, description="True: these settings are pmpath's, not the source's.")
    hold_vs_move: Statement | None = Field(
        default=None, description="The rule separating a level's expected depths from its readiness criteria."
    )
    allowed_short: int = Field(
        default=2, ge=0, description="Competencies that may sit one point under a level's expectation."
    )
    plan_actions: int = Field(default=8, ge=1, description="Growth-plan actions shown unless all are asked for.")
    min_years_per_step: float = Field(
        default=1.0, ge=0, description="The planner's shortest time at a level before the next (a pmpath estimate)."
    )
    assumed_company_size: str | None = Field(
        default=None, description="The company size assumed when a person gives none (a pmpath choice)."
    )
    weights: Weights = Field(default_factory=Weights)
    experience_action: Action | None = Field(default=None, description="The plan's action for missing years.")
    leading_action: Action | None = Field(
        default=None, description="The plan's action for someone who has not led people yet."
    )
    leading_years_action: Action | None = Field(
        default=None, description="The plan's action for someone who leads people but for too few years."
    )


class Framework(Strict):
    """A whole career ladder. Levels are listed from the most junior to the most senior."""

    format: Literal[1] = 1
    id: str = Id
    name: str
    version: str
    description: str = ""
    company_sizes: list[CompanySize] = Field(default_factory=list)
    sections: dict[str, str] = Field(description="Source sections, key to heading path ('Parent > Heading').")
    example_postings: list[ExamplePosting] = Field(default_factory=list)
    about: list[Statement] = Field(default_factory=list, description="Facts about the ladder as a whole.")
    rules: Rules = Field(default_factory=Rules)
    scale: list[ScalePoint] = Field(min_length=2)
    competencies: list[Competency] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)
    beyond: Beyond | None = None
    title_confusions: list[TitleConfusion] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list)
    leveling: PostingLeveling | None = Field(
        default=None, description="How postings are leveled; pmpath's built-in settings when left out."
    )
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

    def find_size(self, query: str) -> CompanySize | None:
        """The company size a user means by its id or words of its name in any case ('Enterprise',
        'mid-size', 'small'); None unless exactly one size has every word."""
        exact = next((s for s in self.company_sizes if s.id == query), None)
        if exact is not None:  # an id is that size, whatever other names share its words
            return exact
        wanted = name_words(query)
        if not wanted:
            return None
        sizes = [s for s in self.company_sizes if set(wanted) <= {*name_words(s.id), *name_words(s.name)}]
        return sizes[0] if len(sizes) == 1 else None

    def section_heading(self, key: str) -> str:
        return self.sections.get(key, key)

    def posting(self, posting_id: str | None) -> ExamplePosting | None:
        return next((p for p in self.example_postings if p.id == posting_id), None)

    def gates_for(self, level_id: str) -> list[tuple[Level, Gate]]:
        """Every gate that applies to a level: its own and those of each level below it."""
        return [(lv, gate) for lv in self.levels[: self.index(level_id) + 1] for gate in lv.gates]


def name_words(text: str) -> list[str]:
    """Lower-case words, '-' and '_' read as spaces: 'Mid-size' and 'mid_size' are 'mid size'."""
    return text.lower().replace("-", " ").replace("_", " ").split()


def normalize_title(text: str) -> str:
    """Lower case, punctuation dropped, spaces folded: 'Sr. Product-Manager' -> 'sr product manager'."""
    return " ".join(re.sub(r"[^a-z0-9&]+", " ", text.lower()).split())
