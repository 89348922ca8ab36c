"""The team operations behind both the pages and the API: one path each, the same rules for both."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal

from fastapi import HTTPException

from pmpath.assess import Answers, Comparison, compare
from pmpath.mail import Delivery, send_invitation
from pmpath.store import AuditEntry, Cycle, NotFound, Person, Promotion, Refused, StoredAssessment
from pmpath.teams import (
    CalibrationRow,
    CycleProgress,
    HeatmapGroup,
    LevelCount,
    Member,
    OrgChart,
    SpanRow,
    Summary,
    Viewer,
    calibration_rows,
    can_review,
    cycle_progress,
    rollups,
)
from pmpath.teams.roster import NewPerson, email_problem

from .errors import FieldError
from .security import Caller
from .state import AppState


def not_found(what: str = "There is no such page.") -> HTTPException:
    return HTTPException(404, what)


def refused(error: Refused) -> HTTPException:
    return FieldError(422, error.field, str(error)) if error.field else HTTPException(422, str(error))


def viewer_of(person: Person) -> Viewer:
    return Viewer(person.id, person.org_id, person.is_admin)


ORG_TOP = "__organization__"


@dataclass(frozen=True)
class Team:
    """A subtree the caller may look at: their own, one below them, or (an admin with no reports) the
    whole organization, hung under a virtual top so the core's subtree functions read it the same way."""

    root: Person
    people: dict[str, Person]
    chart: OrgChart  # the chart the views walk
    top: str  # where the views start in it


def team(st: AppState, caller: Caller, root_id: str | None = None) -> Team:
    org_id = caller.person.org_id
    people = {p.id: p for p in st.accounts.people(org_id)}
    chart = OrgChart(p.member() for p in people.values())
    root_id = root_id or caller.person.id
    if root_id not in people:
        raise not_found("There is no such person in your organization.")
    if (
        not caller.person.is_admin
        and root_id != caller.person.id
        and caller.person.id not in chart.managers_above(root_id)
    ):
        raise not_found("There is no such person in your organization.")
    if caller.person.is_admin and root_id == caller.person.id and not chart.is_manager(root_id):
        members = [
            Member(m.id, m.name, m.manager_id or ORG_TOP, m.title_level, m.is_admin, m.active)
            for m in chart.members.values()
            if m.id != root_id
        ]
        return Team(people[root_id], people, OrgChart([*members, Member(ORG_TOP, active=False)]), ORG_TOP)
    return Team(people[root_id], people, chart, root_id)


def _summaries(st: AppState, caller: Caller, view: Team, with_criteria: bool) -> list[Summary]:
    ids = None if view.top == ORG_TOP else view.chart.subtree(view.top)
    real = st.accounts.chart(caller.person.org_id) if view.top == ORG_TOP else view.chart
    return st.reviews.summaries(
        caller.person.org_id, ids, seen_by=(caller.viewer, real, st.policy), with_criteria=with_criteria
    )


@dataclass(frozen=True)
class Calibration:
    view: Team
    rows: list[CalibrationRow]


SORTS = ("name", "title", "placement", "readiness", "flags")


def calibration(
    st: AppState, caller: Caller, root_id: str | None, flag: str | None = None, sort: str = "name"
) -> Calibration:
    """Everyone below the root, placed and flagged; filtered by one flag and sorted by one column."""
    view = team(st, caller, root_id)
    level_order = st.default.level_ids
    cycles = [c.id for c in st.reviews.cycles(caller.person.org_id)]
    rows = calibration_rows(view.chart, view.top, _summaries(st, caller, view, False), level_order, cycles)
    # the organization's top stands in for 'no manager' only inside the view
    rows = [replace(r, manager_id=None) if r.manager_id == ORG_TOP else r for r in rows]
    if flag:
        rows = [r for r in rows if flag in r.flags]
    index = {lv: i for i, lv in enumerate(level_order)}
    keys = {
        "name": lambda r: (r.name.lower(),),
        "title": lambda r: (-index.get(r.title_level or "", -1), r.name.lower()),
        "placement": lambda r: (-index.get(r.manager_placement or r.self_placement or "", -1), r.name.lower()),
        "readiness": lambda r: (-(r.readiness_score or 0), r.name.lower()),
        "flags": lambda r: (-len(r.flags), r.name.lower()),
    }
    rows.sort(key=keys.get(sort, keys["name"]))
    return Calibration(view, rows)


@dataclass(frozen=True)
class Dashboard:
    view: Team
    levels: list[LevelCount]
    heatmap: list[HeatmapGroup]
    spans: list[SpanRow]
    by_cycle: list[tuple[str, dict[str, int]]]
    cycle_names: dict[str, str]


def dashboard(st: AppState, caller: Caller, root_id: str | None) -> Dashboard:
    view = team(st, caller, root_id)
    cycles = st.reviews.cycles(caller.person.org_id)
    board = rollups(st.default, view.chart, view.top, _summaries(st, caller, view, True), [c.id for c in cycles])
    return Dashboard(
        view,
        board.levels,
        board.heatmap,
        [s for s in board.spans if s.manager_id in view.people],
        board.by_cycle,
        {c.id: c.name for c in cycles},
    )


def calibration_table(cal: Calibration) -> list[dict[str, Any]]:
    """The rows as plain records: the JSON and CSV exports."""
    names = {p.id: p.name for p in cal.view.people.values()}
    columns = [f.name for f in fields(CalibrationRow)]  # asdict's deep copy, for flat rows, is most of the work
    return [
        {**{c: getattr(r, c) for c in columns}, "manager": names.get(r.manager_id or "", ""), "flags": list(r.flags)}
        for r in cal.rows
    ]


def dashboard_tables(board: Dashboard) -> dict[str, list[dict[str, Any]]]:
    names = {p.id: p.name for p in board.view.people.values()}
    return {
        "pyramid": [asdict(c) for c in board.levels],
        "heatmap": [
            {
                "level": g.level,
                "next_level": g.next_level,
                "person_id": pid,
                "person": names.get(pid, ""),
                "criterion": cid,
                "status": status,
            }
            for g in board.heatmap
            for pid, statuses in g.rows
            for (cid, _), status in zip(g.criteria, statuses, strict=True)
        ],
        "span_of_control": [{**asdict(s), "manager": names.get(s.manager_id, "")} for s in board.spans],
        "by_cycle": [{"cycle": board.cycle_names.get(c, c), "cycle_id": c, **counts} for c, counts in board.by_cycle],
    }


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula


def csv_cell(value: Any) -> Any:
    """A value as a spreadsheet cell: lists joined, and text a spreadsheet would run as a formula (a
    name like '=HYPERLINK(...)') kept as text by a leading apostrophe (OWASP's CSV injection advice)."""
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def as_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: csv_cell(v) for k, v in row.items()})
    return out.getvalue()


# -- one person ------------------------------------------------------------------------------------
def person_in_view(st: AppState, caller: Caller, person_id: str) -> tuple[Person, OrgChart]:
    """A person the caller may look at: themselves, someone below them, or (admins) anyone in the organization."""
    chart = st.accounts.chart(caller.person.org_id)
    if person_id not in chart:
        raise not_found("There is no such person in your organization.")
    if not (
        caller.person.is_admin or person_id == caller.person.id or caller.person.id in chart.managers_above(person_id)
    ):
        raise not_found("There is no such person in your organization.")
    return st.accounts.person(caller.person.org_id, person_id), chart


def reviewable(st: AppState, caller: Caller, person_id: str) -> Person:
    person, chart = person_in_view(st, caller, person_id)
    if not can_review(caller.viewer, person_id, chart):
        raise not_found("There is no such person in your team.")
    return person


@dataclass(frozen=True)
class SelfVsManager:
    person: Person
    own: StoredAssessment | None
    review: StoredAssessment | None
    comparison: Comparison | None


def self_vs_manager(st: AppState, caller: Caller, person_id: str) -> SelfVsManager:
    """The person's latest self-assessment and manager review the caller may read, side by side."""
    person, chart = person_in_view(st, caller, person_id)
    visible = st.reviews.visible_list(caller.viewer, chart, st.policy, subject_id=person_id)
    own_head = next((a for a in visible if a.assessor == "self"), None)
    review_head = next((a for a in visible if a.assessor == "manager"), None)
    own = st.store.assessment(own_head.id) if own_head else None
    review = st.store.assessment(review_head.id) if review_head else None
    comparison = None
    if own and review:
        fw = st.framework(own.framework_id, own.framework_version, caller.person.org_id)
        comparison = compare(fw, Answers.model_validate(own.answers), Answers.model_validate(review.answers))
    return SelfVsManager(person, own, review, comparison)


# -- cycles ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CycleStatus:
    cycle: Cycle
    progress: CycleProgress


def cycles_for(st: AppState, caller: Caller) -> list[CycleStatus]:
    org_id = caller.person.org_id
    chart = st.accounts.chart(org_id)
    return [
        CycleStatus(c, cycle_progress(chart, c.team_root_id, st.reviews.cycle_works(org_id, c.id)))
        for c in reversed(st.reviews.cycles(org_id))
    ]


def open_cycle(st: AppState, caller: Caller, name: str, deadline: dt.date | None, team_root_id: str | None) -> Cycle:
    """An admin opens a cycle against the default framework, for everyone or one manager's team."""
    try:
        return st.reviews.open_cycle(
            caller.person.org_id,
            name,
            st.default.id,
            st.default.version,
            deadline,
            team_root_id or None,
            caller.person.id,
        )
    except NotFound:
        raise FieldError(422, "team_root_id", "no such person in your organization") from None
    except Refused as error:
        raise refused(error) from None


def share(st: AppState, caller: Caller, assessment_id: str) -> None:
    try:
        st.reviews.share(caller.viewer, assessment_id)
    except NotFound:
        raise not_found("There is no such assessment.") from None
    except Refused as error:
        raise refused(error) from None


def release(st: AppState, caller: Caller, assessment_id: str) -> None:
    try:
        st.reviews.release(caller.viewer, assessment_id)
    except NotFound:
        raise not_found("There is no such assessment.") from None
    except Refused as error:
        raise refused(error) from None


def attach(st: AppState, caller: Caller, assessment_id: str, person_id: str) -> None:
    """An admin attaches an assessment kept from before teams (unassigned) to a person."""
    try:
        st.reviews.attach(caller.person.org_id, assessment_id, person_id, caller.person.id)
    except NotFound:
        raise not_found("There is no such unassigned assessment or person.") from None


# -- people (admins) ---------------------------------------------------------------------------------
NO_PERSON = "There is no such person in your organization."


@dataclass(frozen=True)
class Invitation:
    """A person just added, their single-use link (shown this once) and whether it was mailed."""

    person: Person
    link: str
    expires_at: dt.datetime
    delivery: Delivery


def _link(st: AppState, base_url: str, token: str) -> str:
    """An invitation's link: at the configured public address, else at the address the request came to."""
    return f"{(st.settings.public_url or base_url).rstrip('/')}/invitations/{token}"


def invite(
    st: AppState,
    caller: Caller,
    base_url: str,
    email: str,
    name: str = "",
    title: str = "",
    title_level: str | None = None,
    manager_id: str | None = None,
) -> Invitation:
    """Add a person with a single-use link that expires; mailed too when SMTP is set (a failed mail
    is reported, and the invitation stays)."""
    org_id = caller.person.org_id
    if (problem := email_problem(email)) is not None:
        raise FieldError(422, "email", problem)
    if title_level and title_level not in st.default.level_ids:
        raise FieldError(422, "title_level", f"unknown level '{title_level}'; known: {', '.join(st.default.level_ids)}")
    manager_email = None
    if manager_id:
        try:
            manager_email = st.accounts.person(org_id, manager_id).email
        except NotFound:
            raise FieldError(422, "manager_id", "no such person in your organization") from None
    ttl = dt.timedelta(days=st.settings.invitation_days)
    new = NewPerson(email, name, title=title, title_level=title_level or None, manager_email=manager_email)
    try:
        person, token = st.accounts.invite(org_id, new, caller.person.id, ttl)
    except Refused as error:
        raise refused(error) from None
    return _mailed(st, person, _link(st, base_url, token), ttl, st.accounts.org_name(org_id))


def _mailed(st: AppState, person: Person, link: str, ttl: dt.timedelta, org_name: str) -> Invitation:
    expires_at = dt.datetime.now(dt.UTC) + ttl
    # Called from sync handlers, which FastAPI runs in a worker thread: SMTP never blocks the event loop.
    delivery = send_invitation(st.settings, person.email, org_name, link, expires_at)
    return Invitation(person, link, expires_at, delivery)


def import_roster(st: AppState, caller: Caller, base_url: str, text: str, filename: str) -> list[Invitation]:
    """A team from CSV, each person invited: everyone, or nobody and every bad row named (ProblemsError)."""
    fw = st.default
    ttl = dt.timedelta(days=st.settings.invitation_days)
    imported = st.accounts.import_roster(
        caller.person.org_id, text, filename, fw.level_ids, [s.id for s in fw.company_sizes], caller.person.id, ttl
    )
    org_name = st.accounts.org_name(caller.person.org_id)
    return [_mailed(st, person, _link(st, base_url, token), ttl, org_name) for person, token in imported]


def set_manager(st: AppState, caller: Caller, person_id: str, manager_id: str | None) -> Person:
    org_id = caller.person.org_id
    chart = st.accounts.chart(org_id)
    if person_id not in chart:
        raise not_found(NO_PERSON)
    if manager_id and manager_id not in chart:
        raise FieldError(422, "manager_id", "no such person in your organization")
    try:
        st.accounts.set_manager(org_id, person_id, manager_id or None, caller.person.id)
    except Refused as error:
        raise refused(error) from None
    return st.accounts.person(org_id, person_id)


def deactivate(st: AppState, caller: Caller, person_id: str) -> Person:
    """The person can no longer log in (sessions and tokens end); their history stays."""
    org_id = caller.person.org_id
    try:
        st.accounts.person(org_id, person_id)
    except NotFound:
        raise not_found(NO_PERSON) from None
    if person_id == caller.person.id:
        raise FieldError(422, "person_id", "an admin cannot deactivate their own account")
    st.accounts.deactivate(org_id, person_id, caller.person.id)
    return st.accounts.person(org_id, person_id)


def delete_person(st: AppState, caller: Caller, person_id: str, mode: Literal["remove", "anonymize"]) -> None:
    """Delete a person: their assessments removed, or kept without their name; the audit log keeps that it happened."""
    try:
        st.reviews.delete_person(caller.person.org_id, person_id, mode, caller.person.id)
    except NotFound:
        raise not_found(NO_PERSON) from None
    except Refused as error:
        raise FieldError(422, "person_id", str(error)) from None


def export_person(st: AppState, caller: Caller, person_id: str) -> dict[str, Any]:
    """Everything pmpath holds about one person of the organization (an admin's export)."""
    try:
        return st.reviews.export_person(caller.person.org_id, person_id)
    except NotFound:
        raise not_found(NO_PERSON) from None


@dataclass(frozen=True)
class AuditLine:
    entry: AuditEntry
    actor: str  # the actor's name; "" for the command line or a deleted person
    target: str  # the name of the person the entry is about, when it is about a person still here


def audit_log(st: AppState, caller: Caller, limit: int = 500) -> list[AuditLine]:
    """The organization's audit log, newest first, each entry with its actor's name."""
    org_id = caller.person.org_id
    names = {p.id: p.name for p in st.accounts.people(org_id)}
    return [
        AuditLine(e, names.get(e.actor_id or "", ""), names.get(e.target, ""))
        for e in st.accounts.audit_log(org_id, limit)
    ]


# -- promotion cases ---------------------------------------------------------------------------------
def propose(st: AppState, caller: Caller, person_id: str, notes: str) -> Promotion:
    """A manager above the person proposes them for promotion."""
    person = reviewable(st, caller, person_id)
    return st.reviews.propose(caller.person.org_id, person.id, caller.person.id, notes)


def person_promotions(st: AppState, caller: Caller, person_id: str) -> list[Promotion]:
    """The promotion cases about a person the caller may look at, newest first; none for the person
    themselves (a case is their managers' and admins' business until it is decided with them)."""
    person, _ = person_in_view(st, caller, person_id)
    if person.id == caller.person.id:
        return []
    return st.reviews.promotions(caller.person.org_id, [person.id])


@dataclass(frozen=True)
class PromotionCase:
    case: Promotion
    view: SelfVsManager | None  # the assessments behind it the caller may read

    @property
    def basis(self) -> StoredAssessment | None:
        """The manager review when there is one the caller may read, else the self-assessment."""
        return (self.view.review or self.view.own) if self.view else None


def promotion_case(st: AppState, caller: Caller, promotion_id: str) -> PromotionCase:
    """A case the caller may read: its proposer, a manager above the person, or an admin."""
    try:
        case = st.reviews.promotion(caller.person.org_id, promotion_id)
    except NotFound:
        raise not_found() from None
    chart = st.accounts.chart(caller.person.org_id)
    if not (
        caller.person.is_admin
        or case.proposer_id == caller.person.id
        or caller.person.id in chart.managers_above(case.subject_id)
    ):
        raise not_found()
    view = self_vs_manager(st, caller, case.subject_id) if case.subject_id in chart else None
    return PromotionCase(case, view)


def decide(st: AppState, caller: Caller, promotion_id: str, status: Literal["approved", "declined"]) -> PromotionCase:
    """An admin approves or declines a proposed case, once."""
    current = promotion_case(st, caller, promotion_id)
    if current.case.status != "proposed":
        raise FieldError(422, "status", f"the case is already {current.case.status}")
    st.reviews.decide(caller.person.org_id, promotion_id, status, caller.person.id)
    return promotion_case(st, caller, promotion_id)
