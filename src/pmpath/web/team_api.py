"""The team JSON API under /api/v1: people, manager reviews, sharing and releasing, cycles, calibration,
the dashboard and a person's data. Personal access tokens carry their owner's rights here."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Response
from pydantic import BaseModel, Field

from pmpath.assess import Comparison, parse_answers_data
from pmpath.store import NotFound, Person, Refused
from pmpath.teams import FLAG_LABELS, roles_of

from . import operations
from . import team_ops as ops
from .api import _stored
from .auth import AdminDep, CallerDep
from .schemas import ERRORS, AnswersIn, StoredAssessmentOut
from .state import AppState, state

router = APIRouter(prefix="/api/v1", tags=["teams"], responses=ERRORS)
State = Annotated[AppState, Depends(state)]


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


class CycleIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    deadline: dt.date | None = None
    team_root_id: str | None = Field(default=None, max_length=40)


class CycleOut(BaseModel):
    id: str
    name: str
    framework: str
    framework_version: str
    deadline: dt.date | None
    team_root_id: str | None
    done: int
    total: int
    open_for_me: list[dict[str, str]]


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


@router.get("/me")
def me(st: State, caller: CallerDep) -> PersonOut:
    chart = st.accounts.chart(caller.person.org_id)
    return PersonOut.of(caller.person, list(roles_of(caller.viewer, chart)))


@router.get("/people")
def people(st: State, caller: CallerDep) -> list[PersonOut]:
    """Admins: everyone in the organization; others: themselves and everyone below them."""
    chart = st.accounts.chart(caller.person.org_id)
    everyone = st.accounts.people(caller.person.org_id)
    if not caller.person.is_admin:
        mine = {caller.person.id, *chart.below(caller.person.id)}
        everyone = [p for p in everyone if p.id in mine]
    return [PersonOut.of(p, list(roles_of(ops.viewer_of(p), chart))) for p in everyone]


@router.post("/people/{person_id}/reviews", status_code=201)
def write_review(person_id: str, body: AnswersIn, st: State, caller: CallerDep) -> StoredAssessmentOut:
    """A manager review of a direct or indirect report; the report sees it once it is released."""
    subject = ops.reviewable(st, caller, person_id)
    fw = st.default
    given = {**body.model_dump(mode="json", exclude_unset=True), "framework": fw.id, "assessor": "manager"}
    answers = parse_answers_data(given, fw)
    return _stored(operations.save_assessment(st, fw, answers, caller, subject.id))


@router.get("/people/{person_id}/compare")
def compare_api(person_id: str, st: State, caller: CallerDep) -> CompareOut:
    view = ops.self_vs_manager(st, caller, person_id)
    return CompareOut(
        person_id=person_id,
        self_assessment=view.own.id if view.own else None,
        manager_review=view.review.id if view.review else None,
        comparison=view.comparison,
    )


@router.post("/assessments/{assessment_id}/share", status_code=204, response_class=Response)
def share(assessment_id: str, st: State, caller: CallerDep) -> Response:
    """The author shares a self-assessment with their managers."""
    ops.share(st, caller, assessment_id)
    return Response(status_code=204)


@router.post("/assessments/{assessment_id}/release", status_code=204, response_class=Response)
def release(assessment_id: str, st: State, caller: CallerDep) -> Response:
    """The manager releases a review to the person it is about."""
    ops.release(st, caller, assessment_id)
    return Response(status_code=204)


@router.get("/cycles")
def cycles(st: State, caller: CallerDep) -> list[CycleOut]:
    return [
        CycleOut(
            id=s.cycle.id,
            name=s.cycle.name,
            framework=s.cycle.framework_id,
            framework_version=s.cycle.framework_version,
            deadline=s.cycle.deadline,
            team_root_id=s.cycle.team_root_id,
            done=s.progress.done,
            total=s.progress.total,
            open_for_me=[
                {"kind": t.kind, "subject_id": t.subject_id, "state": t.state}
                for t in s.progress.open_for(caller.person.id)
            ],
        )
        for s in ops.cycles_for(st, caller)
    ]


@router.post("/cycles", status_code=201)
def open_cycle(body: CycleIn, st: State, caller: AdminDep) -> CycleCreated:
    try:
        cycle = st.reviews.open_cycle(
            caller.person.org_id,
            body.name,
            st.default.id,
            st.default.version,
            body.deadline,
            body.team_root_id,
            caller.person.id,
        )
    except NotFound:
        raise HTTPException(404, "no such person") from None
    except Refused as error:
        raise ops.refused(error) from None
    return CycleCreated(id=cycle.id)


@router.get("/team/calibration")
def calibration(
    st: State, caller: CallerDep, root: str | None = None, flag: str | None = None, sort: str = "name"
) -> list[CalibrationRowOut]:
    """Everyone below `root` (default: the caller); flags: title-above-placement, ready-for-promotion, no-progress."""
    if flag is not None and flag not in FLAG_LABELS:
        raise HTTPException(422, f"flag: unknown flag '{flag}'; known: {', '.join(FLAG_LABELS)}")
    rows = ops.calibration_table(ops.calibration(st, caller, root, flag, sort))
    return [CalibrationRowOut(**row) for row in rows]


@router.get("/team/dashboard")
def dashboard(st: State, caller: CallerDep, root: str | None = None) -> DashboardOut:
    """The level pyramid, readiness heatmap, span of control and change across cycles, as tables."""
    return DashboardOut(**ops.dashboard_tables(ops.dashboard(st, caller, root)))


@router.get("/me/export")
def export_me(st: State, caller: CallerDep) -> PersonalData:
    return PersonalData(**st.reviews.export_person(caller.person.org_id, caller.person.id))
