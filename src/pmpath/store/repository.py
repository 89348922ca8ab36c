"""The operations the web app and CLI need on stored data; each one its own transaction."""

from __future__ import annotations

import datetime as dt
import threading
from contextlib import AbstractContextManager, nullcontext, suppress
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Result, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from pmpath.assess import Answers, Assessment

from .database import make_engine
from .models import AssessmentRow, DraftRow, FrameworkRow


def _rowcount(result: Result[Any]) -> int:
    """How many rows a DELETE or UPDATE touched (its cursor result knows; typed as a plain Result)."""
    return cast("CursorResult[Any]", result).rowcount or 0


class NotFound(LookupError):
    """Nothing stored under that id."""


ANY_ORG = "*"  # the server's own choice of default framework may name any organization's upload


def _owned_by(org_id: str | None):  # type: ignore[no-untyped-def]
    """Rows of one organization; without one, the single-person store's (and the kept built-in copies)."""
    if org_id == ANY_ORG:
        return FrameworkRow.id.is_not(None)
    return FrameworkRow.org_id.is_(None) if org_id is None else FrameworkRow.org_id == org_id


@dataclass(frozen=True)
class StoredAssessment:
    id: str  # the random public id; the row number never leaves the store
    created_at: dt.datetime
    name: str
    assessor: str
    framework_id: str
    framework_version: str
    current_level: str
    placement: str
    readiness_score: float
    answers: dict[str, Any]
    result: dict[str, Any]
    org_id: str | None = None
    subject_id: str | None = None
    author_id: str | None = None
    cycle_id: str | None = None
    shared_at: dt.datetime | None = None
    released_at: dt.datetime | None = None
    anonymized_at: dt.datetime | None = None  # kept without a name when its person was deleted

    @classmethod
    def of(cls, row: AssessmentRow) -> StoredAssessment:
        fields = {name: getattr(row, name) for name in cls.__dataclass_fields__ if name != "id"}
        return cls(id=row.public_id, **fields)


class Store:
    """A database of assessments, frameworks and drafts."""

    def __init__(self, url: str, engine: Engine | None = None):
        self.url = url
        self.engine = engine or make_engine(url)
        self.session = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time; queueing writers here avoids its busy-wait sleeps under load
        self._lock: threading.Lock | None = threading.Lock() if url.startswith("sqlite") else None

    def _writing(self) -> AbstractContextManager:
        return self._lock if self._lock is not None else nullcontext()

    def close(self) -> None:
        self.engine.dispose()

    # -- assessments -------------------------------------------------------------------------
    def add_assessment(
        self,
        answers: Answers,
        result: Assessment,
        *,
        org_id: str | None = None,
        subject_id: str | None = None,
        author_id: str | None = None,
        cycle_id: str | None = None,
    ) -> StoredAssessment:
        """Keep an assessment; in a team, whose growth it is about, who wrote it and in which cycle."""
        row = AssessmentRow(
            org_id=org_id,
            subject_id=subject_id,
            author_id=author_id,
            cycle_id=cycle_id,
            ready=result.readiness.ready,
            experience_ok=result.experience.ok,
            criteria={c.id: c.status for c in result.readiness.criteria},
            name=answers.name,
            assessor=answers.assessor,
            framework_id=result.framework,
            framework_version=result.framework_version,
            current_level=result.current_level,
            placement=result.placement.level,
            readiness_score=result.readiness.score,
            answers=answers.model_dump(mode="json"),
            result=result.model_dump(mode="json"),
        )
        with self._writing(), self.session.begin() as session:
            session.add(row)
            session.flush()
            session.refresh(row)
            return StoredAssessment.of(row)

    def assessment(self, assessment_id: str) -> StoredAssessment:
        with self.session() as session:
            row = session.scalars(select(AssessmentRow).where(AssessmentRow.public_id == assessment_id)).first()
            if row is None:
                raise NotFound(f"no assessment {assessment_id}")
            return StoredAssessment.of(row)

    def assessments(self, name: str | None = None, limit: int = 200) -> list[StoredAssessment]:
        """Newest first; only one person's when `name` is given."""
        query = select(AssessmentRow).order_by(AssessmentRow.created_at.desc(), AssessmentRow.id.desc()).limit(limit)
        if name:
            query = query.where(AssessmentRow.name == name)
        with self.session() as session:
            return [StoredAssessment.of(row) for row in session.scalars(query)]

    def delete_assessment(self, assessment_id: str) -> None:
        with self._writing(), self.session.begin() as session:
            deleted = _rowcount(session.execute(delete(AssessmentRow).where(AssessmentRow.public_id == assessment_id)))
        if not deleted:
            raise NotFound(f"no assessment {assessment_id}")

    # -- frameworks --------------------------------------------------------------------------
    def add_framework(self, framework_id: str, version: str, name: str, text: str, org_id: str | None = None) -> None:
        """Keep an uploaded framework; a second upload of the same id and version (in one organization) is refused."""
        if org_id is None:  # NULLs never collide in a unique constraint: check by hand for the single-person store
            with self.session() as session:
                query = select(FrameworkRow.id).where(
                    FrameworkRow.org_id.is_(None),
                    FrameworkRow.framework_id == framework_id,
                    FrameworkRow.version == version,
                )
                if session.scalars(query).first() is not None:
                    raise ValueError(
                        f"framework '{framework_id}' version {version} is already stored; raise its version"
                    )
        try:
            with self._writing(), self.session.begin() as session:
                session.add(
                    FrameworkRow(framework_id=framework_id, version=version, name=name, text=text, org_id=org_id)
                )
        except IntegrityError:
            raise ValueError(
                f"framework '{framework_id}' version {version} is already stored; raise its version"
            ) from None

    def keep_framework(self, framework_id: str, version: str, name: str, text: str) -> None:
        """Store a framework version unless that id and version is already stored (then nothing changes)."""
        with suppress(ValueError):
            self.add_framework(framework_id, version, name, text)

    def latest_framework_version(self, framework_id: str, org_id: str | None = None) -> str:
        """The version of a framework's latest upload (by one organization)."""
        query = select(FrameworkRow.version).where(FrameworkRow.framework_id == framework_id, _owned_by(org_id))
        with self.session() as session:
            version = session.scalars(query.order_by(FrameworkRow.id.desc()).limit(1)).first()
        if version is None:
            raise NotFound(f"no framework '{framework_id}'")
        return version

    def framework_text(self, framework_id: str, version: str | None = None, org_id: str | None = None) -> str:
        """The uploaded text of a framework: a given version, or the latest upload (of one organization)."""
        query = select(FrameworkRow).where(FrameworkRow.framework_id == framework_id, _owned_by(org_id))
        query = query.where(FrameworkRow.version == version) if version else query.order_by(FrameworkRow.id.desc())
        with self.session() as session:
            row = session.scalars(query.limit(1)).first()
            if row is None:
                raise NotFound(f"no framework '{framework_id}'" + (f" version {version}" if version else ""))
            return row.text

    def frameworks(self, org_id: str | None = None) -> list[dict[str, str]]:
        """The uploads of one organization (or, without one, of the single-person store)."""
        with self.session() as session:
            rows = session.scalars(select(FrameworkRow).where(_owned_by(org_id)).order_by(FrameworkRow.id.desc()))
            return [{"id": r.framework_id, "version": r.version, "name": r.name} for r in rows]

    # -- drafts ------------------------------------------------------------------------------
    def draft(self, draft_id: str) -> dict[str, Any]:
        with self.session() as session:
            row = session.get(DraftRow, draft_id)
            return dict(row.data) if row else {}

    def save_draft(self, draft_id: str, data: dict[str, Any]) -> None:
        with self._writing(), self.session.begin() as session:
            row = session.get(DraftRow, draft_id)
            if row is None:
                session.add(DraftRow(id=draft_id, data=data))
            else:
                row.data = data

    def delete_draft(self, draft_id: str) -> None:
        with self._writing(), self.session.begin() as session:
            session.execute(delete(DraftRow).where(DraftRow.id == draft_id))

    def prune_drafts(self, older_than: dt.datetime, keep: int | None = None) -> int:
        """Remove drafts untouched since `older_than`, and all but the `keep` most recent; how many went."""
        with self._writing(), self.session.begin() as session:
            gone = _rowcount(session.execute(delete(DraftRow).where(DraftRow.updated_at < older_than)))
            if keep is not None:
                newest = select(DraftRow.id).order_by(DraftRow.updated_at.desc(), DraftRow.id.desc()).limit(keep)
                kept = set(session.scalars(newest))
                if (session.scalar(select(func.count()).select_from(DraftRow)) or 0) > len(kept):
                    gone += _rowcount(session.execute(delete(DraftRow).where(DraftRow.id.not_in(kept))))
            return gone

    def draft_count(self) -> int:
        with self.session() as session:
            return session.scalar(select(func.count()).select_from(DraftRow)) or 0
