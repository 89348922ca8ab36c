"""The team JSON API under /api/v1: people, manager reviews, sharing and releasing, cycles, calibration,
the dashboard and a person's data. Personal access tokens carry their owner's rights here."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response

from pmpath.assess import parse_answers_data
from pmpath.teams import FLAG_LABELS, OrgChart, Task, roles_of

from . import operations
from . import team_ops as ops
from .api import _stored
from .auth import AdminDep, CallerDep
from .schemas import ERRORS, AnswersIn, StoredAssessmentOut
from .state import AppState, state
from .team_pages import promotion_pdf_bytes
from .team_schemas import (
    AttachIn,
    AuditEntryOut,
    CalibrationRowOut,
    CompareOut,
    CycleCreated,
    CycleIn,
    CycleOut,
    DashboardOut,
    DecisionIn,
    InvitationIn,
    InvitationOut,
    MailOut,
    ManagerIn,
    PersonalData,
    PersonOut,
    PromotionIn,
    PromotionOut,
    PromotionSummaryOut,
    RosterIn,
    RosterOut,
    TaskOut,
)

router = APIRouter(prefix="/api/v1", tags=["teams"], responses=ERRORS)
State = Annotated[AppState, Depends(state)]


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


def _tasks(tasks: list[Task]) -> list[TaskOut]:
    return [TaskOut(kind=t.kind, subject_id=t.subject_id, owner_id=t.owner_id, state=t.state) for t in tasks]


@router.get("/cycles")
def cycles(st: State, caller: CallerDep) -> list[CycleOut]:
    """Each cycle with its progress, what is still open for the caller and for the people below them."""
    chart = st.accounts.chart(caller.person.org_id)
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
            open_for_me=_tasks(s.progress.open_for(caller.person.id)),
            open_for_my_team=_tasks(s.progress.open_for_team(chart, caller.person.id)),
        )
        for s in ops.cycles_for(st, caller)
    ]


@router.post("/cycles", status_code=201)
def open_cycle(body: CycleIn, st: State, caller: AdminDep) -> CycleCreated:
    """An admin opens a review cycle for the whole organization or one manager's team."""
    return CycleCreated(id=ops.open_cycle(st, caller, body.name, body.deadline, body.team_root_id).id)


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


# -- people (admins) ---------------------------------------------------------------------------------
def _invitation(done: ops.Invitation, chart: OrgChart) -> InvitationOut:
    return InvitationOut(
        person=PersonOut.of(done.person, list(roles_of(ops.viewer_of(done.person), chart))),
        link=done.link,
        expires_at=done.expires_at,
        mail=MailOut(attempted=done.delivery.attempted, sent=done.delivery.sent, problem=done.delivery.problem),
    )


def _person(st: AppState, person_id: str, org_id: str) -> PersonOut:
    chart = st.accounts.chart(org_id)
    person = st.accounts.person(org_id, person_id)
    return PersonOut.of(person, list(roles_of(ops.viewer_of(person), chart)))


@router.post("/people", status_code=201)
def invite(body: InvitationIn, request: Request, st: State, caller: AdminDep) -> InvitationOut:
    """Invite a person: their single-use link is in this answer only (and mailed when SMTP is set)."""
    done = ops.invite(
        st, caller, str(request.base_url), body.email, body.name, body.title, body.title_level, body.manager_id
    )
    return _invitation(done, st.accounts.chart(caller.person.org_id))


@router.post("/roster-imports", status_code=201)
def import_people(body: RosterIn, request: Request, st: State, caller: AdminDep) -> RosterOut:
    """Add a team from CSV, each person invited; any bad row (422, every problem by line and field) and
    nobody is added."""
    done = ops.import_roster(st, caller, str(request.base_url), body.csv, body.filename)
    chart = st.accounts.chart(caller.person.org_id)  # once, however many people came in
    return RosterOut(invitations=[_invitation(d, chart) for d in done])


@router.put("/people/{person_id}/manager")
def set_manager(person_id: str, body: ManagerIn, st: State, caller: AdminDep) -> PersonOut:
    """Set (or, with null, clear) a person's manager; a change that would make a loop is refused."""
    person = ops.set_manager(st, caller, person_id, body.manager_id)
    return _person(st, person.id, person.org_id)


@router.post("/people/{person_id}/deactivate")
def deactivate(person_id: str, st: State, caller: AdminDep) -> PersonOut:
    """The person can no longer log in (their sessions and tokens end); their history stays."""
    person = ops.deactivate(st, caller, person_id)
    return _person(st, person.id, person.org_id)


@router.delete("/people/{person_id}", status_code=204, response_class=Response)
def delete_person(
    person_id: str,
    st: State,
    caller: AdminDep,
    assessments: Annotated[
        Literal["remove", "anonymize"],
        Query(description="What becomes of their assessments: removed, or kept without their name."),
    ],
) -> Response:
    """Delete a person; the audit log keeps that it happened."""
    ops.delete_person(st, caller, person_id, assessments)
    return Response(status_code=204)


@router.get("/people/{person_id}/export")
def export_person(person_id: str, st: State, caller: AdminDep) -> PersonalData:
    """An admin's export of everything pmpath holds about one person."""
    return PersonalData(**ops.export_person(st, caller, person_id))


@router.post("/assessments/{assessment_id}/attach", status_code=204, response_class=Response)
def attach(assessment_id: str, body: AttachIn, st: State, caller: AdminDep) -> Response:
    """An admin attaches an assessment kept from before teams (unassigned) to a person."""
    ops.attach(st, caller, assessment_id, body.person_id)
    return Response(status_code=204)


@router.get("/audit")
def audit(
    st: State, caller: AdminDep, limit: Annotated[int, Query(ge=1, le=500, description="Newest first.")] = 500
) -> list[AuditEntryOut]:
    """Who did what in the organization (append-only)."""
    return [
        AuditEntryOut(
            at=line.entry.at,
            actor_id=line.entry.actor_id,
            actor=line.actor,
            action=line.entry.action,
            target=line.entry.target,
            target_name=line.target,
            detail=line.entry.detail,
        )
        for line in ops.audit_log(st, caller, limit)
    ]


# -- promotion cases ---------------------------------------------------------------------------------
def _promotion(found: ops.PromotionCase) -> PromotionOut:
    case, basis = found.case, found.basis
    result = basis.result if basis else None
    return PromotionOut(
        id=case.id,
        subject_id=case.subject_id,
        subject=found.view.person.name if found.view else "",
        proposer_id=case.proposer_id,
        status=case.status,  # type: ignore[arg-type]
        notes=case.notes,
        created_at=case.created_at,
        decided_at=case.decided_at,
        basis=basis.assessor if basis else None,  # type: ignore[arg-type]
        assessment_id=basis.id if basis else None,
        current_level=result["current_level"] if result else None,
        placement=result["placement"]["level"] if result else None,
        next_level=result["next_level"] if result else None,
        readiness_score=result["readiness"]["score"] if result else None,
        criteria=result["readiness"]["criteria"] if result else [],
        experience=result["experience"] if result else None,
    )


@router.post("/people/{person_id}/promotions", status_code=201)
def propose(person_id: str, body: PromotionIn, st: State, caller: CallerDep) -> PromotionOut:
    """A manager above the person proposes them for promotion."""
    case = ops.propose(st, caller, person_id, body.notes)
    return _promotion(ops.promotion_case(st, caller, case.id))


@router.get("/people/{person_id}/promotions")
def person_promotions(person_id: str, st: State, caller: CallerDep) -> list[PromotionSummaryOut]:
    """The promotion cases about a person below the caller (admins: anyone), newest first; a person's
    own list is empty, as on their page."""
    return [
        PromotionSummaryOut(
            id=case.id,
            subject_id=case.subject_id,
            proposer_id=case.proposer_id,
            status=case.status,  # type: ignore[arg-type]
            created_at=case.created_at,
            decided_at=case.decided_at,
        )
        for case in ops.person_promotions(st, caller, person_id)
    ]


@router.get("/promotions/{promotion_id}")
def promotion(promotion_id: str, st: State, caller: CallerDep) -> PromotionOut:
    """A case, for its proposer, the managers above the person and the admins."""
    return _promotion(ops.promotion_case(st, caller, promotion_id))


@router.get(
    "/promotions/{promotion_id}/pdf",
    response_class=Response,
    responses={
        200: {
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            "description": "The one-page case as PDF.",
        }
    },
)
def promotion_pdf(promotion_id: str, request: Request, st: State, caller: CallerDep) -> Response:
    found = ops.promotion_case(st, caller, promotion_id)
    return Response(
        promotion_pdf_bytes(request, st, found),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="promotion-{promotion_id}.pdf"'},
    )


@router.post("/promotions/{promotion_id}/decision")
def decide(promotion_id: str, body: DecisionIn, st: State, caller: AdminDep) -> PromotionOut:
    """An admin approves or declines a proposed case (once; the audit log keeps it)."""
    return _promotion(ops.decide(st, caller, promotion_id, body.status))
