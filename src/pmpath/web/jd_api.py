"""The job-description API: `POST /api/v1/jd/lint` and `GET /api/v1/jd/draft`, typed for the OpenAPI document."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field

from pmpath.jd import MAX_POSTING, Draft, PostingError, build_draft, lint_posting
from pmpath.leveling import MAX_TITLE
from pmpath.reports.jd import draft_markdown
from pmpath.reports.jd_text import LintReport, lint_report

from .api import FrameworkQuery
from .schemas import ERRORS
from .state import AppState, state

router = APIRouter(prefix="/api/v1/jd", tags=["job descriptions"], responses=ERRORS)
State = Annotated[AppState, Depends(state)]


class LintIn(BaseModel):
    """A posting to check, and optionally the level and company size it is for."""

    text: str = Field(max_length=MAX_POSTING, description="The posting, plain text or Markdown.")
    title: str | None = Field(default=None, max_length=MAX_TITLE, description="Its title, when its first line is not.")
    level: str | None = Field(default=None, max_length=100, description="The level it is for (default: its title's).")
    company_size: str | None = Field(default=None, max_length=40, description="startup, mid or enterprise.")


class DraftOut(BaseModel):
    """A drafted job description: its parts with their sources, and the Markdown to edit and publish."""

    draft: Draft
    markdown: str


def lint_result(st: AppState, body: LintIn, framework: str | None = None) -> LintReport:
    """The one path from a posting to its findings, shared by the API and the page."""
    try:
        fw = st.framework(framework)
        return lint_report(fw, lint_posting(fw, body.text, body.title, body.level or None, body.company_size))
    except PostingError as error:
        raise HTTPException(422, str(error)) from None


def draft_of(
    st: AppState, level: str, company_size: str | None, company: str | None, framework: str | None = None
) -> DraftOut:
    """The one path from a level and size to a draft, shared by the API and the page."""
    fw = st.framework(framework)
    try:
        draft = build_draft(fw, level, company_size or None, company)
    except PostingError as error:
        raise HTTPException(422, str(error)) from None
    return DraftOut(draft=draft, markdown=draft_markdown(fw, draft))


@router.post("/lint")
def lint(body: LintIn, st: State, framework: FrameworkQuery = None) -> LintReport:
    """Check a posting against the ladder: each finding with its rule, severity, place, why and fix."""
    return lint_result(st, body, framework)


@router.get("/draft")
def draft(
    st: State,
    level: Annotated[str, Query(max_length=100, description="A level id or title, e.g. senior-pm.")],
    company_size: Annotated[str | None, Query(max_length=40, description="startup, mid or enterprise.")] = None,
    company: Annotated[str | None, Query(max_length=200, description="The company's name.")] = None,
    framework: FrameworkQuery = None,
) -> DraftOut:
    """A job description for a level and company size, built from the framework."""
    return draft_of(st, level, company_size, company, framework)
