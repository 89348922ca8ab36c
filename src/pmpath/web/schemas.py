"""The JSON API's request and response types, so the OpenAPI document describes every answer it gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from pmpath.assess import Answers, Assessment
from pmpath.framework.model import Experience
from pmpath.leveling import MAX_TITLE
from pmpath.leveling.leveler import PostingLevel
from pmpath.settings import settings

LIMITS = settings()
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL; refused at the door rather than failing in the database


class ProblemOut(BaseModel):
    field: str | None = Field(default=None, description="Where the problem is, e.g. 'ratings.strategy'.")
    message: str
    line: int | None = Field(default=None, description="Line of the uploaded file, when there is one.")


class ErrorOut(BaseModel):
    """Every 4xx and 5xx answer of the API."""

    error: str = Field(description="What went wrong, one line, naming the field at fault.")
    field: str | None = None
    problems: list[ProblemOut] | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in (
        (401, "Not logged in: send Authorization: Bearer with a personal access token (or a session cookie)"),
        (
            403,
            "Refused: a browser session's change without its X-CSRF-Token, a cross-site Origin, or a right "
            "the caller does not have",
        ),
        (404, "Nothing under that id"),
        (413, "Request body too large"),
        (422, "The request does not fit: every problem with its field"),
        (500, "A bug"),
    )
}


class FrameworkIn(BaseModel):
    text: str = Field(min_length=1, description="The framework file, YAML or JSON.")
    filename: str = Field(default="framework.yaml", max_length=200, pattern=NO_NUL)


class FrameworkSummary(BaseModel):
    id: str
    version: str
    name: str


class LevelSummary(BaseModel):
    id: str
    name: str
    short_name: str
    summary: str
    experience: Experience


class AnswersIn(Answers):
    """Answers as the API takes them: the same fields as an answers file, with storage's limits."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="", max_length=LIMITS.max_name_chars, pattern=NO_NUL, description="Whose assessment.")


class AssessmentSummary(BaseModel):
    id: str = Field(description="Random, so ids cannot be guessed or counted through.")
    created_at: dt.datetime | None
    name: str
    assessor: str
    framework: str
    framework_version: str
    current_level: str
    placement: str
    readiness_score: float
    subject_id: str | None = Field(default=None, description="Whose growth it is about; none for unassigned work.")
    author_id: str | None = None
    cycle_id: str | None = None
    shared: bool = Field(default=False, description="A self-assessment its author shared with their managers.")
    released: bool = Field(default=False, description="A manager review released to the person it is about.")


class StoredAssessmentOut(AssessmentSummary):
    answers: Answers
    result: Assessment


class PostingIn(BaseModel):
    id: str | None = Field(default=None, max_length=200)
    title: str | None = Field(default=None, max_length=MAX_TITLE)
    text: str = Field(min_length=1, max_length=LIMITS.max_posting_chars)


class BatchIn(BaseModel):
    postings: list[PostingIn] = Field(min_length=1, max_length=LIMITS.max_batch_postings)


class PlanIn(BaseModel):
    level: str = Field(max_length=200)
    years: float = Field(ge=0, le=60)
    target: str = Field(max_length=200)
    years_leading: float = Field(default=0, ge=0, le=60)
    company_size: str | None = Field(default=None, max_length=200)


class EvidenceOut(BaseModel):
    """One piece of leveler evidence: its line of text beside the typed fields (kind, level, quote, span)."""

    text: str = Field(description="One short human-readable line.")
    kind: str
    level: str | None
    weight: float
    section: str | None
    quote: str | None = Field(description="The posting's own words.")
    span: tuple[int, int] | None = Field(description="Character offsets of the quote in the posting's text.")
    value: int | None = None
    names: list[str] = []


def _leveled_posting() -> type[BaseModel]:
    """The posting's id beside every field of the leveler's PostingLevel, whatever fields it has; the
    evidence as written by the faces (a line of text each beside its typed fields)."""
    hints = get_type_hints(PostingLevel)
    fields: dict[str, Any] = {f.name: (hints[f.name], ...) for f in dataclasses.fields(PostingLevel)}
    fields["evidence"] = (list[EvidenceOut], ...)
    return create_model("LeveledPosting", id=(str | None, ...), **fields)


LeveledPosting = _leveled_posting()


class LeveledBatch(BaseModel):
    results: list[LeveledPosting]  # type: ignore[valid-type]
