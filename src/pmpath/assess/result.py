"""What an assessment says, as data: the JSON output and every report are renderings of these models.

Fields added after the first release have defaults, so assessments stored before them still load.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field

# how every face shows a readiness criterion's status (the mark keeps it readable without colour)
STATUS_LABELS: dict[str, str] = {
    "met": "✓ met",
    "partly": "◐ partly",
    "not-yet": "✗ not yet",
    "unanswered": "? unanswered",
}


class GateResult(BaseModel):
    """One experience gate of a level, checked against the person's years."""

    level: str  # the level that sets the gate (levels above inherit it)
    id: str
    text: str
    needs: Literal["leading-experience", "years-leading"]
    years_needed: float | None  # None for 'some leading experience'
    years: float  # years of leading people the person reports
    passed: bool
    source: str
    source_heading: str

    def years_reported(self) -> str:
        """The person's own years of leading, in words, for every face that shows a failed gate."""
        return f"You report {'no time' if self.years == 0 else f'{self.years:g} years'} leading people."


class Placement(BaseModel):
    level: str
    rule: str
    meets: dict[str, bool]  # level id -> whether the ratings meet its expectations under the rule
    holding_down: list[str]  # competencies short of holding_level's expectations, largest shortfall first
    below_first_level: bool = False
    ratings_level: str | None = None  # where the ratings alone place, before the gates
    gated: list[GateResult] = []  # gates that keep the person below ratings_level
    holding_level: str | None = None  # the level above the placement that holding_down is measured against


class CriterionResult(BaseModel):
    id: str
    text: str
    status: Literal["met", "partly", "not-yet", "unanswered"]
    evidence: str = ""
    source: str  # section key
    source_heading: str
    derived: bool = False  # the criterion is pmpath's reading of the next level's section


class Readiness(BaseModel):
    from_level: str
    to_level: str | None
    ready: bool = Field(
        description="Every readiness criterion met. The experience the next level asks is checked apart: "
        "the assessment's ready_now is the verdict, and needs both."
    )
    score: float  # met = 1, partly = 0.5, over all criteria
    derived: bool
    criteria: list[CriterionResult]
    # criteria the person answered that belong to leaving another level: not measured here, but said
    # (a 'VP' placed at Director is measured from Director; their answers about leaving VP stay theirs)
    unused: list[CriterionResult] = []

    @computed_field  # type: ignore[prop-decorator]
    @property
    def percent(self) -> int:
        """The score as a whole percentage, rounded once here so every face shows the same number."""
        return int(self.score * 100 + 0.5)  # half up, never Python's half-to-even


class ExperienceCheck(BaseModel):
    years: float
    years_needed: int | None  # at the company size given or assumed
    years_leading: float
    leading_needed: int | None
    company_size: str | None
    ok: bool
    note: str
    source: str
    level: str | None = None  # the level whose figures these are
    years_by_size: dict[str, int] = {}  # every company size's figure, when the level's figure depends on size
    size_assumed: bool = False  # no company size was given; company_size is the framework's assumption
    years_ok: bool = True
    leading_ok: bool = True
    gates: list[GateResult] = []  # the next level's gates
    estimate: bool = False
    sizes_derived: bool = False


class Gap(BaseModel):
    kind: Literal["criterion", "competency", "experience", "leading"]
    id: str
    name: str
    current: str
    expected: str
    weight: float  # larger first: what matters most for the next step
    level: str = ""  # the level the gap is measured against
    source: str = ""  # section key
    source_heading: str = ""
    derived: bool = False  # measured against pmpath's reading (expected depths, derived criteria, size mapping)
    estimate: bool = False  # measured against a pmpath estimate (years the source gives no figure for)


class PlanItem(BaseModel):
    gap: str  # the gap's id
    action: str
    horizon: Literal["now", "quarter", "year"]
    source: str
    gap_name: str = ""
    level: str = ""  # the level the action prepares for
    source_heading: str = ""
    derived: bool = False


class TitleCheck(BaseModel):
    """When the title's level is above the placement: what that level expects that the person does not show."""

    title_level: str
    placement: str
    note: str
    shortfalls: list[Gap]  # competencies short of the title level's expected depths
    gates: list[GateResult]  # the title level's gates the person does not pass


class Assessment(BaseModel):
    """One assessment. Readiness, gaps, experience, plan and the expected depths are measured from
    `basis`: the lower of the title's level and the placement."""

    framework: str
    framework_version: str
    name: str
    assessor: str
    current_level: str  # the level held: the title's level, or the placement when none was given
    placement: Placement
    next_level: str | None
    readiness: Readiness
    experience: ExperienceCheck
    gaps: list[Gap]
    plan: list[PlanItem]  # the first actions (the framework's plan size) unless all were asked for
    ratings: dict[str, int]
    expected_current: dict[str, int]
    expected_next: dict[str, int]
    measured_from: str = ""  # the level readiness, gaps, experience and plan are measured from ("" = current_level)
    title_level: str | None = None  # the level the person's title (current_level in the answers) names
    basis_note: str = ""  # which level the verdicts are measured from, and why
    title_check: TitleCheck | None = None
    plan_total: int = 0  # every action the gaps call for; plan may hold fewer
    hold_vs_move: str = ""  # the framework's rule separating expected depths from readiness criteria

    @property
    def basis(self) -> str:
        """The level the verdicts are measured from (results stored before `measured_from`: current_level)."""
        return self.measured_from or self.current_level

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ready_now(self) -> bool:
        """Ready to move: every criterion met and the experience the next level asks (years, gates) there.
        Criteria met with years missing is not called ready, since the source asks both."""
        return self.readiness.ready and self.experience.ok
