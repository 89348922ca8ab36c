"""Tables. An assessment keeps the framework id and version it was made against, and its result,
so a later change of the ladder never rewrites what someone was assessed against."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class AssessmentRow(Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    name: Mapped[str] = mapped_column(String(200), default="", index=True)
    assessor: Mapped[str] = mapped_column(String(20))
    framework_id: Mapped[str] = mapped_column(String(100))
    framework_version: Mapped[str] = mapped_column(String(50))
    current_level: Mapped[str] = mapped_column(String(50))
    placement: Mapped[str] = mapped_column(String(50))
    readiness_score: Mapped[float] = mapped_column(Float)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    # teams: the id shown in URLs is random; rows from before teams belong to the first organization, unassigned
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=lambda: secrets.token_urlsafe(16))
    org_id: Mapped[str | None] = mapped_column(ForeignKey("organizations.id"), index=True, default=None)
    subject_id: Mapped[str | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True, default=None
    )
    author_id: Mapped[str | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True, default=None
    )
    cycle_id: Mapped[str | None] = mapped_column(ForeignKey("cycles.id", ondelete="SET NULL"), index=True, default=None)
    shared_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    released_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    # kept without a name when its person was deleted: never unassigned work an admin may attach
    anonymized_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    ready: Mapped[bool] = mapped_column(Boolean, default=False)
    experience_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    criteria: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # criterion id -> status, for team views


class FrameworkRow(Base):
    """A company's framework file as uploaded; one row per id and version, never overwritten."""

    __tablename__ = "frameworks"
    __table_args__ = (UniqueConstraint("org_id", "framework_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    framework_id: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    org_id: Mapped[str | None] = mapped_column(ForeignKey("organizations.id"), index=True, default=None)
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class DraftRow(Base):
    """An assessment in progress in the browser, so closing the tab loses nothing."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


from . import team_tables  # noqa: E402, F401  (the team tables the foreign keys above name)
