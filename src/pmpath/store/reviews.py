"""The review side of teams: cycles, assessments about people (shared, released, attached),
promotion cases, team summaries in one query, and a person's data exported or deleted."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Row, String, Text, any_, bindparam, cast, delete, null, or_, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import QueryableAttribute

from pmpath.teams import OrgChart, Policy, Summary, Viewer, Work, can_see, seeing
from pmpath.teams.vocabulary import Kind

from .accounts import Refused, aware, now, org_row, write_audit
from .credentials import new_id
from .models import AssessmentRow
from .repository import NotFound, Store, StoredAssessment
from .team_tables import (
    CycleRow,
    InvitationRow,
    PersonRow,
    PromotionRow,
    SessionRow,
    TokenRow,
)


@dataclass(frozen=True)
class Cycle:
    id: str
    org_id: str
    name: str
    framework_id: str
    framework_version: str
    deadline: dt.date | None
    team_root_id: str | None
    opened_at: dt.datetime

    @classmethod
    def of(cls, row: CycleRow) -> Cycle:
        return cls(**{n: getattr(row, n) for n in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Promotion:
    id: str
    subject_id: str
    proposer_id: str | None
    status: str
    notes: str
    created_at: dt.datetime
    decided_at: dt.datetime | None

    @classmethod
    def of(cls, row: PromotionRow) -> Promotion:
        return cls(**{n: getattr(row, n) for n in cls.__dataclass_fields__})


def work_of(a: StoredAssessment | AssessmentRow | Row) -> Work:
    """The facts the visibility rules need from a stored assessment."""
    return Work(
        org_id=a.org_id or "",
        subject_id=a.subject_id,
        author_id=a.author_id,
        kind="manager" if a.assessor == "manager" else "self",
        shared=a.shared_at is not None,
        released=a.released_at is not None,
    )


_HEAD = (
    AssessmentRow.public_id,
    AssessmentRow.subject_id,
    AssessmentRow.assessor,
    AssessmentRow.created_at,
    AssessmentRow.placement,
    AssessmentRow.current_level,
    AssessmentRow.readiness_score,
    AssessmentRow.ready,
    AssessmentRow.experience_ok,
    AssessmentRow.cycle_id,
    AssessmentRow.criteria,
    AssessmentRow.org_id,
    AssessmentRow.author_id,
    AssessmentRow.shared_at,
    AssessmentRow.released_at,
)


def among(column: QueryableAttribute[str | None], ids: list[str], dialect: str) -> ColumnElement[bool]:
    """`column IN ids`; on PostgreSQL as one array parameter, since a 2,000-id IN list cost more to build,
    bind and parse than the query it filters (benchmarks/teams.py, the whole tree)."""
    if dialect == "postgresql":
        return column == any_(bindparam(None, ids, type_=ARRAY(String)))
    return column.in_(ids)


class StoredCriteria(Mapping[str, str]):
    """A summary's criteria statuses, kept as the stored JSON text and read on first look: a team view
    reads thousands of summaries and the statuses of only one per person."""

    __slots__ = ("_read", "_text")

    def __init__(self, text: str):
        self._text = text
        self._read: dict[str, str] | None = None

    def _statuses(self) -> dict[str, str]:
        if self._read is None:
            self._read = json.loads(self._text) or {}
        return self._read

    def __getitem__(self, criterion_id: str) -> str:
        return self._statuses()[criterion_id]

    def get(self, criterion_id: str, default: Any = None) -> Any:  # one call, not Mapping's three, per heatmap cell
        return self._statuses().get(criterion_id, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._statuses())

    def __len__(self) -> int:
        return len(self._statuses())

    def __repr__(self) -> str:
        return repr(self._statuses())


class Reviews:
    """Review operations over a Store's database; reads that a person may not see answer NotFound."""

    def __init__(self, store: Store):
        self.store = store

    # -- cycles ----------------------------------------------------------------------------------
    def open_cycle(
        self,
        org_id: str,
        name: str,
        framework_id: str,
        framework_version: str,
        deadline: dt.date | None,
        team_root_id: str | None,
        actor_id: str | None,
    ) -> Cycle:
        if not name.strip():
            raise Refused("a cycle needs a name", "name")
        row = CycleRow(
            id=new_id(),
            org_id=org_id,
            name=name.strip()[:200],
            framework_id=framework_id,
            framework_version=framework_version,
            deadline=deadline,
            team_root_id=team_root_id,
            opened_at=now(),
        )
        with self.store._writing(), self.store.session.begin() as session:
            if team_root_id is not None:
                org_row(session, PersonRow, team_root_id, org_id, "person")
            session.add(row)
            write_audit(session, org_id, actor_id, "cycle.opened", row.id, name=row.name, team=team_root_id)
        return Cycle.of(row)

    def cycles(self, org_id: str) -> list[Cycle]:
        """Oldest first: the order 'since the last cycle' reads."""
        with self.store.session() as session:
            rows = session.scalars(
                select(CycleRow).where(CycleRow.org_id == org_id).order_by(CycleRow.opened_at, CycleRow.id)
            )
            return [Cycle.of(r) for r in rows]

    def cycle(self, org_id: str, cycle_id: str) -> Cycle:
        with self.store.session() as session:
            return Cycle.of(org_row(session, CycleRow, cycle_id, org_id, "cycle"))

    def current_cycle_id(self, org_id: str, subject_id: str, chart: OrgChart) -> str | None:
        """The newest open cycle the person is in (their whole organization's, or their team's), if any."""
        for cycle in reversed(self.cycles(org_id)):
            if cycle.team_root_id is None or subject_id in chart.subtree(cycle.team_root_id):
                return cycle.id
        return None

    def cycle_works(self, org_id: str, cycle_id: str) -> list[Work]:
        with self.store.session() as session:
            rows = session.execute(
                select(*_HEAD).where(AssessmentRow.org_id == org_id, AssessmentRow.cycle_id == cycle_id)
            )
            return [work_of(r) for r in rows]

    # -- assessments about people ------------------------------------------------------------------
    def visible(self, viewer: Viewer, chart: OrgChart, policy: Policy, assessment_id: str) -> StoredAssessment:
        """One assessment the viewer may read; anything else, of this organization or another, is not found."""
        stored = self.store.assessment(assessment_id)
        if not can_see(viewer, work_of(stored), chart, policy):
            raise NotFound(f"no assessment {assessment_id}")
        return stored

    def visible_list(
        self, viewer: Viewer, chart: OrgChart, policy: Policy, subject_id: str | None = None, limit: int = 500
    ) -> list[StoredAssessment]:
        """What the viewer may read, newest first, without the full results (one query)."""
        query = select(*_HEAD, AssessmentRow.name, AssessmentRow.framework_id, AssessmentRow.framework_version).where(
            AssessmentRow.org_id == viewer.org_id
        )
        if not viewer.is_admin:
            mine = [viewer.person_id, *chart.below(viewer.person_id)]
            query = query.where(or_(AssessmentRow.author_id == viewer.person_id, AssessmentRow.subject_id.in_(mine)))
        if subject_id is not None:
            query = query.where(AssessmentRow.subject_id == subject_id)
        query = query.order_by(AssessmentRow.created_at.desc(), AssessmentRow.id.desc()).limit(limit)
        with self.store.session() as session:
            rows = session.execute(query).all()
        found = []
        for r in rows:
            if can_see(viewer, work_of(r), chart, policy):
                found.append(
                    StoredAssessment(
                        id=r.public_id,
                        created_at=r.created_at,
                        name=r.name,
                        assessor=r.assessor,
                        framework_id=r.framework_id,
                        framework_version=r.framework_version,
                        current_level=r.current_level,
                        placement=r.placement,
                        readiness_score=r.readiness_score,
                        answers={},
                        result={},
                        org_id=r.org_id,
                        subject_id=r.subject_id,
                        author_id=r.author_id,
                        cycle_id=r.cycle_id,
                        shared_at=r.shared_at,
                        released_at=r.released_at,
                    )
                )
        return found

    def summaries(
        self,
        org_id: str,
        subject_ids: Collection[str] | None = None,
        seen_by: tuple[Viewer, OrgChart, Policy] | None = None,
        with_criteria: bool = True,
    ) -> list[Summary]:
        """The team facts of the assessments about the given people (all of the organization's when None),
        only those a viewer may read when `seen_by` is given; one query whatever the team's size.
        The criteria statuses come as their stored JSON text, read only for the summaries a view looks at
        (the dashboard reads 10,000 rows and the statuses of one per person); without criteria, not at all."""
        # Not the organization (the filter says it) and whether shared or released, not when: less to convert per row.
        states = (AssessmentRow.shared_at.is_not(None), AssessmentRow.released_at.is_not(None))
        left_out = (AssessmentRow.org_id, AssessmentRow.shared_at, AssessmentRow.released_at, AssessmentRow.criteria)
        columns = tuple(c for c in _HEAD if all(c is not x for x in left_out))
        criteria_text = cast(AssessmentRow.criteria, Text) if with_criteria else null()
        query = select(*columns, *states, criteria_text).where(
            AssessmentRow.org_id == org_id, AssessmentRow.subject_id.is_not(None)
        )
        if subject_ids is not None:
            query = query.where(among(AssessmentRow.subject_id, list(subject_ids), self.store.engine.dialect.name))
        # A Core connection, not the ORM session: thousands of plain tuples, without per-row ORM processing.
        with self.store.engine.connect() as connection:
            rows: list[Any] = list(connection.execute(query).all())  # plain tuples, unpacked below
        sees = seeing(*seen_by) if seen_by is not None else None
        found: list[Summary] = []
        add = found.append
        for (pid, subject, assessor, created, placement, level, score, ready, exp_ok, cycle, author, shared, released,
             text) in rows:  # fmt: skip
            kind: Kind = "manager" if assessor == "manager" else "self"
            if sees is not None and not sees(Work(org_id, subject, author, kind, bool(shared), bool(released))):
                continue
            criteria = StoredCriteria(text) if text else {}
            add(Summary(pid, subject, kind, aware(created), placement, level, score, ready, exp_ok, cycle, criteria))
        return found

    def _mark(self, viewer: Viewer, assessment_id: str, column: str, action: str, kind: str) -> None:
        with self.store._writing(), self.store.session.begin() as session:
            row = session.scalars(select(AssessmentRow).where(AssessmentRow.public_id == assessment_id)).first()
            if row is None or row.org_id != viewer.org_id or row.author_id != viewer.person_id:
                raise NotFound(f"no assessment {assessment_id}")
            if (row.assessor == "manager") != (kind == "manager"):
                raise Refused(
                    f"only a {'manager review' if kind == 'manager' else 'self-assessment'} can be {action}",
                    "assessment",
                )
            if getattr(row, column) is None:
                setattr(row, column, now())
                write_audit(
                    session,
                    viewer.org_id,
                    viewer.person_id,
                    f"assessment.{action}",
                    assessment_id,
                    subject=row.subject_id,
                )

    def share(self, viewer: Viewer, assessment_id: str) -> None:
        """The author shares a self-assessment with their managers."""
        self._mark(viewer, assessment_id, "shared_at", "shared", "self")

    def release(self, viewer: Viewer, assessment_id: str) -> None:
        """The manager releases a review to the person it is about."""
        self._mark(viewer, assessment_id, "released_at", "released", "manager")

    def attach(self, org_id: str, assessment_id: str, subject_id: str, actor_id: str | None) -> None:
        """An admin attaches an unassigned assessment (kept from before teams) to a person."""
        with self.store._writing(), self.store.session.begin() as session:
            row = session.scalars(select(AssessmentRow).where(AssessmentRow.public_id == assessment_id)).first()
            person = session.get(PersonRow, subject_id)
            if (
                row is None
                or row.org_id != org_id
                or row.subject_id is not None
                or row.anonymized_at is not None
                or person is None
                or person.org_id != org_id
            ):
                raise NotFound("no such unassigned assessment or person")
            row.subject_id = row.author_id = subject_id
            write_audit(session, org_id, actor_id, "assessment.attached", assessment_id, subject=subject_id)

    # -- promotion cases -------------------------------------------------------------------------
    def propose(self, org_id: str, subject_id: str, proposer_id: str, notes: str) -> Promotion:
        row = PromotionRow(
            id=new_id(),
            org_id=org_id,
            subject_id=subject_id,
            proposer_id=proposer_id,
            status="proposed",
            notes=notes[:5000],
            created_at=now(),
        )
        with self.store._writing(), self.store.session.begin() as session:
            session.add(row)
            write_audit(session, org_id, proposer_id, "promotion.proposed", row.id, subject=subject_id)
        return Promotion.of(row)

    def promotion(self, org_id: str, promotion_id: str) -> Promotion:
        with self.store.session() as session:
            return Promotion.of(org_row(session, PromotionRow, promotion_id, org_id, "promotion case"))

    def promotions(self, org_id: str, subject_ids: Collection[str]) -> list[Promotion]:
        with self.store.session() as session:
            rows = session.scalars(
                select(PromotionRow)
                .where(PromotionRow.org_id == org_id, PromotionRow.subject_id.in_(list(subject_ids)))
                .order_by(PromotionRow.created_at.desc())
            )
            return [Promotion.of(r) for r in rows]

    def decide(self, org_id: str, promotion_id: str, status: Literal["approved", "declined"], actor_id: str) -> None:
        with self.store._writing(), self.store.session.begin() as session:
            row = org_row(session, PromotionRow, promotion_id, org_id, "promotion case")
            row.status, row.decided_at = status, now()
            write_audit(session, org_id, actor_id, f"promotion.{status}", promotion_id, subject=row.subject_id)

    # -- a person's data -------------------------------------------------------------------------
    def export_person(self, org_id: str, person_id: str) -> dict[str, Any]:
        """Everything stored about a person, as JSON-ready data (no password hash, no token secrets)."""
        with self.store.session() as session:
            person = org_row(session, PersonRow, person_id, org_id, "person")
            about = session.scalars(
                select(AssessmentRow)
                .where(or_(AssessmentRow.subject_id == person_id, AssessmentRow.author_id == person_id))
                .order_by(AssessmentRow.created_at)
            ).all()
            tokens = session.scalars(select(TokenRow).where(TokenRow.person_id == person_id)).all()
            promotions = session.scalars(select(PromotionRow).where(PromotionRow.subject_id == person_id)).all()
            return {
                "person": {
                    "id": person.id,
                    "email": person.email,
                    "name": person.name,
                    "title": person.title,
                    "title_level": person.title_level,
                    "manager_id": person.manager_id,
                    "admin": person.is_admin,
                    "active": person.active,
                    "years_experience": person.years_experience,
                    "years_leading": person.years_leading,
                    "company_size": person.company_size,
                },
                "assessments": [
                    {
                        "id": a.public_id,
                        "created_at": aware(a.created_at).isoformat(),
                        "assessor": a.assessor,
                        "about_me": a.subject_id == person_id,
                        "written_by_me": a.author_id == person_id,
                        "shared": a.shared_at is not None,
                        "released": a.released_at is not None,
                        "answers": a.answers,
                        "result": a.result,
                    }
                    for a in about
                ],
                "tokens": [
                    {
                        "id": t.id,
                        "name": t.name,
                        "created_at": aware(t.created_at).isoformat(),
                        "revoked": t.revoked_at is not None,
                    }
                    for t in tokens
                ],
                "promotions": [{"id": p.id, "status": p.status, "notes": p.notes} for p in promotions],
            }

    def delete_person(
        self, org_id: str, person_id: str, mode: Literal["remove", "anonymize"], actor_id: str | None
    ) -> None:
        """Delete a person: their assessments removed, or kept without name; the audit log keeps that it
        happened. Kept or not, a self-assessment they never shared goes with them (nobody else was ever to
        read it), and what is kept is marked so that no admin can attach it to someone else."""
        if person_id == actor_id:
            raise Refused("an admin cannot delete their own account", "person")
        with self.store._writing(), self.store.session.begin() as session:
            person = org_row(session, PersonRow, person_id, org_id, "person")
            mine = or_(AssessmentRow.subject_id == person_id, AssessmentRow.author_id == person_id)
            if mode == "remove":
                session.execute(delete(AssessmentRow).where(AssessmentRow.subject_id == person_id))
                session.execute(
                    update(AssessmentRow).where(AssessmentRow.author_id == person_id).values(author_id=None)
                )
            else:
                for row in session.scalars(select(AssessmentRow).where(mine)):
                    if row.subject_id == person_id and row.assessor != "manager" and row.shared_at is None:
                        session.delete(row)
                        continue
                    if row.subject_id == person_id:
                        row.anonymized_at = now()
                        row.name = "(deleted person)"
                        row.answers = {**row.answers, "name": "(deleted person)"}
                        row.result = {**row.result, "name": "(deleted person)"}
                        row.subject_id = None
                    if row.author_id == person_id:
                        row.author_id = None
            session.execute(
                update(PersonRow).where(PersonRow.manager_id == person_id).values(manager_id=person.manager_id)
            )
            session.execute(update(CycleRow).where(CycleRow.team_root_id == person_id).values(team_root_id=None))
            for table, column in (
                (SessionRow, SessionRow.person_id),
                (TokenRow, TokenRow.person_id),
                (InvitationRow, InvitationRow.person_id),
                (PromotionRow, PromotionRow.subject_id),
            ):
                session.execute(delete(table).where(column == person_id))
            session.execute(update(PromotionRow).where(PromotionRow.proposer_id == person_id).values(proposer_id=None))
            session.flush()
            session.delete(person)
            write_audit(session, org_id, actor_id, "person.deleted", person_id, assessments=mode)


__all__ = ["Cycle", "Promotion", "Reviews", "work_of"]
