"""The JSON API under /api/v1: frameworks and levels, assessments, posting leveling, plans."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Response
from pydantic import BaseModel, Field

from pmpath.assess import assess, parse_answers_data
from pmpath.framework import Problem, ProblemsError, parse_framework
from pmpath.leveling import leveler_for
from pmpath.planner import PlanError, plan_path
from pmpath.reports.evidence import posting_record
from pmpath.store import NotFound

from .state import AppState, state

router = APIRouter(prefix="/api/v1")
State = Annotated[AppState, Depends(state)]
FrameworkQuery = Annotated[str | None, Query(description="Framework id; the server's default when omitted.")]
MAX_POSTING = 1_000_000
MAX_BATCH = 1000


class PostingIn(BaseModel):
    id: str | None = None
    title: str | None = Field(default=None, max_length=500)
    text: str = Field(min_length=1, max_length=MAX_POSTING)


class BatchIn(BaseModel):
    postings: list[PostingIn] = Field(min_length=1, max_length=MAX_BATCH)


class PlanIn(BaseModel):
    level: str
    years: float = Field(ge=0, le=60)
    target: str
    years_leading: float = Field(default=0, ge=0, le=60)
    company_size: str | None = None


class FrameworkIn(BaseModel):
    text: str = Field(min_length=1, description="The framework file, YAML or JSON.")
    filename: str = "framework.yaml"


@router.get("/health", include_in_schema=False)
def health() -> dict[str, str]:
    """A trivial endpoint: the floor the benchmarks compare the real endpoints with."""
    return {"status": "ok"}


@router.get("/frameworks")
def list_frameworks(st: State) -> list[dict[str, str]]:
    builtin = [
        {"id": fw.id, "version": fw.version, "name": fw.name}
        for fw in (st.framework("standard"), st.framework("compact"))
    ]
    return builtin + st.store.frameworks()


@router.get("/frameworks/{framework_id}")
def get_framework(framework_id: str, st: State, version: str | None = None) -> dict[str, Any]:
    return st.framework(framework_id, version).model_dump(mode="json", by_alias=True)


@router.post("/frameworks", status_code=201)
def upload_framework(body: FrameworkIn, st: State) -> dict[str, str]:
    """Validate and keep a company's framework; every problem comes back with its line and field."""
    fw = parse_framework(body.text, body.filename)
    try:
        st.store.add_framework(fw.id, fw.version, fw.name, body.text)
    except ValueError as error:
        raise HTTPException(409, str(error)) from None
    return {"id": fw.id, "version": fw.version, "name": fw.name}


@router.get("/levels")
def list_levels(st: State, framework: FrameworkQuery = None) -> list[dict[str, Any]]:
    fw = st.framework(framework)
    return [
        {
            "id": lv.id,
            "name": lv.name,
            "short_name": lv.short_name,
            "summary": lv.summary,
            "experience": lv.experience.model_dump(),
        }
        for lv in fw.levels
    ]


@router.get("/levels/{level_id}")
def get_level(level_id: str, st: State, framework: FrameworkQuery = None) -> dict[str, Any]:
    fw = st.framework(framework)
    level = fw.find_level(level_id)
    if level is None:
        raise HTTPException(404, f"unknown level '{level_id}'; known: {', '.join(fw.level_ids)}")
    return level.model_dump(mode="json", by_alias=True)


@router.post("/assessments", status_code=201)
def create_assessment(
    body: Annotated[dict[str, Any], Body(description="Answers: ratings, criteria, experience.")],
    st: State,
    framework: FrameworkQuery = None,
) -> dict[str, Any]:
    fw = st.framework(framework or body.get("framework"))
    answers = parse_answers_data({**body, "framework": fw.id}, fw)
    stored = st.store.add_assessment(answers, assess(fw, answers))
    return _stored(stored)


@router.get("/assessments")
def list_assessments(st: State, name: str | None = None) -> list[dict[str, Any]]:
    return [_stored(a, with_result=False) for a in st.store.assessments(name)]


@router.get("/assessments/{assessment_id}")
def get_assessment(assessment_id: int, st: State) -> dict[str, Any]:
    try:
        return _stored(st.store.assessment(assessment_id))
    except NotFound as error:
        raise HTTPException(404, str(error)) from None


@router.delete("/assessments/{assessment_id}", status_code=204)
def delete_assessment(assessment_id: int, st: State) -> Response:
    try:
        st.store.delete_assessment(assessment_id)
    except NotFound as error:
        raise HTTPException(404, str(error)) from None
    return Response(status_code=204)


@router.post("/postings/level")
def level_posting(body: PostingIn, st: State, framework: FrameworkQuery = None) -> dict[str, Any]:
    """What `pmpath level` says of one posting."""
    fw = st.framework(framework)
    return {"id": body.id, **posting_record(fw, leveler_for(fw).level(body.title, body.text))}


@router.post("/postings/level-batch")
def level_batch(body: BatchIn, st: State, framework: FrameworkQuery = None) -> dict[str, Any]:
    fw = st.framework(framework)
    leveler = leveler_for(fw)
    return {"results": [{"id": p.id, **posting_record(fw, leveler.level(p.title, p.text))} for p in body.postings]}


@router.post("/plans")
def create_plan(body: PlanIn, st: State, framework: FrameworkQuery = None) -> dict[str, Any]:
    fw = st.framework(framework)
    start, target = fw.find_level(body.level), fw.find_level(body.target)
    for name, level, given in (("level", start, body.level), ("target", target, body.target)):
        if level is None:
            raise ProblemsError([_problem(name, f"unknown level '{given}'; known: {', '.join(fw.level_ids)}")])
    try:
        return plan_path(fw, start.id, body.years, target.id, body.years_leading, body.company_size).model_dump(
            mode="json"
        )
    except PlanError as error:
        field = "target" if "target" in str(error) else ("company_size" if "company size" in str(error) else "years")
        raise ProblemsError([_problem(field, str(error))]) from None


def _problem(field: str, message: str) -> Problem:
    return Problem("request", None, field, message)


def _stored(stored, with_result: bool = True) -> dict[str, Any]:
    data = {
        "id": stored.id,
        "created_at": stored.created_at.isoformat() if stored.created_at else None,
        "name": stored.name,
        "assessor": stored.assessor,
        "framework": stored.framework_id,
        "framework_version": stored.framework_version,
        "current_level": stored.current_level,
        "placement": stored.placement,
        "readiness_score": stored.readiness_score,
    }
    if with_result:
        data["answers"] = stored.answers
        data["result"] = stored.result
    return data
