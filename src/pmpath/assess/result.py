"""What an assessment says, as data: the JSON output and every report are renderings of these models."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class Placement(BaseModel):
    level: str
    rule: str
    meets: dict[str, bool]  # level id -> whether the ratings meet its expectations under the rule
    holding_down: list[str]  # competencies that keep the person from the level above the placement
    below_first_level: bool = False


class CriterionResult(BaseModel):
    id: str
    text: str
    status: Literal["met", "partly", "not-yet", "unanswered"]
    evidence: str = ""
    source: str  # section key
    source_heading: str


class Readiness(BaseModel):
    from_level: str
    to_level: str | None
    ready: bool
    score: float  # met = 1, partly = 0.5, over all criteria
    derived: bool
    criteria: list[CriterionResult]


class ExperienceCheck(BaseModel):
    years: float
    years_needed: int | None
    years_leading: float
    leading_needed: int | None
    company_size: str | None
    ok: bool
    note: str
    source: str


class Gap(BaseModel):
    kind: Literal["criterion", "competency", "experience"]
    id: str
    name: str
    current: str
    expected: str
    weight: float  # larger first: what matters most for the next step


class PlanItem(BaseModel):
    gap: str  # the gap's id
    action: str
    horizon: Literal["now", "quarter", "year"]
    source: str


class Assessment(BaseModel):
    framework: str
    framework_version: str
    name: str
    assessor: str
    current_level: str
    placement: Placement
    next_level: str | None
    readiness: Readiness
    experience: ExperienceCheck
    gaps: list[Gap]
    plan: list[PlanItem]
    ratings: dict[str, int]
    expected_current: dict[str, int]
    expected_next: dict[str, int]
