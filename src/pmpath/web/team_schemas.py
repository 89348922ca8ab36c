"""The team API's request and response types, so the OpenAPI document describes every answer it gives."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pmpath.assess import Comparison
from pmpath.assess.result import CriterionResult, ExperienceCheck
from pmpath.store import Person
from pmpath.teams.vocabulary import Kind, PromotionStatus, TaskState

from .schemas import NO_NUL


class PersonOut(BaseModel):
    id: str
    name: str
    email: str
    title: str
    title_level: str | None
    manager_id: str | None
    roles: list[str]
    active: bool

    @classmethod
    def of(cls, p: Person, roles: list[str]) -> PersonOut:
        return cls(
            id=p.id,
            name=p.name,
            email=p.email,
            title=p.title,
            title_level=p.title_level,
            manager_id=p.manager_id,
            roles=roles,
            active=p.active,
        )


class InvitationIn(BaseModel):
    """Whom to invite: the same fields as the team page's form."""

    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=320, pattern=NO_NUL)
    name: str = Field(default="", max_length=200, pattern=NO_NUL)
    title: str = Field(default="", max_length=200, pattern=NO_NUL)
    title_level: str | None = Field(default=None, max_length=50, pattern=NO_NUL, description="A level id.")
    manager_id: str | None = Field(default=None, max_length=40, pattern=NO_NUL)


class MailOut(BaseModel):
    attempted: bool = Field(description="SMTP is configured, so a mail was tried.")
    sent: bool
    problem: str | None = Field(default=None, description="Why the mail was not sent; the invitation stays.")


class InvitationOut(BaseModel):
    """The person added and their single-use link: shown in this answer only, never again."""

    person: PersonOut
    link: str
    expires_at: dt.datetime
    mail: MailOut


class RosterIn(BaseModel):
    """A team as CSV: columns name, email, title, level, manager_email, years_experience, years_leading,
    company_size (email required). Every bad row is reported by line and field; nothing is half-imported."""

    model_config = ConfigDict(extra="forbid")

    csv: str = Field(min_length=1, description="The CSV text, header first.")
    filename: str = Field(default="team.csv", max_length=200, pattern=NO_NUL, description="Named in problems.")


class RosterOut(BaseModel):
    invitations: list[InvitationOut]


class ManagerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    manager_id: str | None = Field(max_length=40, pattern=NO_NUL, description="The new manager; null for none.")


class AttachIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: str = Field(max_length=40, pattern=NO_NUL, description="Whose assessment it becomes.")


class CycleIn(BaseModel):
    name: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    deadline: dt.date | None = Field(default=None, description="YYYY-MM-DD.")
    team_root_id: str | None = Field(default=None, max_length=40, pattern=NO_NUL)

    @field_validator("deadline", mode="before")
    @classmethod
    def _date_text(cls, value: object) -> object:
        """Only a date as text: a bare number would otherwise be read as seconds since 1970."""
        if value is not None and not isinstance(value, str):
            raise ValueError("a date as text, YYYY-MM-DD")
        return value


class TaskOut(BaseModel):
    kind: Kind = Field(description="'self': a self-assessment; 'manager': a manager review.")
    subject_id: str = Field(description="Whose growth it is about.")
    owner_id: str = Field(description="Who has to do it.")
    state: TaskState


class CycleOut(BaseModel):
    id: str
    name: str
    framework: str
    framework_version: str
    deadline: dt.date | None
    team_root_id: str | None
    done: int
    total: int
    open_for_me: list[TaskOut] = Field(description="What the caller still has to do in the cycle.")
    open_for_my_team: list[TaskOut] = Field(description="What the people below the caller still have to do.")


class CycleCreated(BaseModel):
    id: str


class CompareOut(BaseModel):
    person_id: str
    self_assessment: str | None = Field(description="The latest self-assessment the caller may read.")
    manager_review: str | None = Field(description="The latest manager review the caller may read.")
    comparison: Comparison | None = Field(description="Both side by side, largest disagreements first.")


class DashboardOut(BaseModel):
    """Each table of the dashboard, as rows."""

    pyramid: list[dict[str, Any]]
    heatmap: list[dict[str, Any]]
    span_of_control: list[dict[str, Any]]
    by_cycle: list[dict[str, Any]]


class PersonalData(BaseModel):
    """Everything pmpath holds about a person (no password hash, no token secrets)."""

    person: dict[str, Any]
    assessments: list[dict[str, Any]]
    tokens: list[dict[str, Any]]
    promotions: list[dict[str, Any]]


class CalibrationRowOut(BaseModel):
    person_id: str
    name: str
    manager_id: str | None
    manager: str
    title_level: str | None
    self_placement: str | None
    manager_placement: str | None
    next_level: str | None
    readiness_score: float | None
    ready: bool
    experience_ok: bool
    flags: list[str]


class PromotionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    notes: str = Field(default="", max_length=5000, pattern=NO_NUL, description="The manager's notes.")


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["approved", "declined"] = Field(description="The decision on a proposed case.")


class PromotionSummaryOut(BaseModel):
    """One promotion case about a person, without the assessment behind it (GET /promotions/{id})."""

    id: str
    subject_id: str
    proposer_id: str | None
    status: PromotionStatus
    created_at: dt.datetime
    decided_at: dt.datetime | None


class PromotionOut(BaseModel):
    """A promotion case: the readiness criteria with their evidence and the experience gates, from the
    manager review the caller may read (else the self-assessment), and the manager's notes."""

    id: str
    subject_id: str
    subject: str = Field(description="The person's name.")
    proposer_id: str | None
    status: PromotionStatus
    notes: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    basis: Kind | None = Field(description="Which assessment backs the case; none yet.")
    assessment_id: str | None
    current_level: str | None
    placement: str | None
    next_level: str | None
    readiness_score: float | None
    criteria: list[CriterionResult]
    experience: ExperienceCheck | None


class AuditEntryOut(BaseModel):
    at: dt.datetime
    actor_id: str | None = Field(description="None: the command line, or a person since deleted.")
    actor: str = Field(description="The actor's name, when they are still in the organization.")
    action: str
    target: str = Field(description="The id the entry is about.")
    target_name: str = Field(description="Its person's name, when it is a person still in the organization.")
    detail: dict[str, Any]
