"""The JSON API under /api/v1: frameworks and levels, assessments, posting leveling, plans."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Response
from pydantic import BaseModel, Field

from pmpath.assess import assess, parse_answers_data
from pmpath.framework import Problem, ProblemsError, parse_framework
from pmpath.leveling import leveler_for
from pmpath.planner import PlanError, plan_path
from pmpath.store import NotFound

from .auth import AdminDep, CallerDep
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
def list_frameworks(st: State, caller: CallerDep) -> list[dict[str, str]]:
    builtin = [
        {"id": fw.id, "version": fw.version, "name": fw.name}
        for fw in (st.framework("standard"), st.framework("compact"))
    ]
    return builtin + st.store.frameworks(caller.person.org_id)


@router.get("/frameworks/{framework_id}")
def get_framework(framework_id: str, st: State, caller: CallerDep, version: str | None = None) -> dict[str, Any]:
    return st.framework(framework_id, version, caller.person.org_id).model_dump(mode="json", by_alias=True)


@router.post("/frameworks", status_code=201)
def upload_framework(body: FrameworkIn, st: State, caller: AdminDep) -> dict[str, str]:
    """Validate and keep the organization's framework (admins only); every problem comes with its line and field."""
    fw = parse_framework(body.text, body.filename)
    try:
        st.store.add_framework(fw.id, fw.version, fw.name, body.text, caller.person.org_id)
    except ValueError as error:
        raise HTTPException(409, str(error)) from None
    st.accounts.audit(caller.person.org_id, caller.person.id, "framework.uploaded", fw.id, version=fw.version)
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
    caller: CallerDep,
    framework: FrameworkQuery = None,
) -> dict[str, Any]:
    """The caller's own self-assessment, private until they share it (manager reviews: /people/{id}/reviews)."""
    fw = st.framework(framework or body.get("framework"), None, caller.person.org_id)
    answers = parse_answers_data({**body, "framework": fw.id, "assessor": "self"}, fw)
    org_id = caller.person.org_id
    stored = st.store.add_assessment(
        answers,
        assess(fw, answers),
        org_id=org_id,
        subject_id=caller.person.id,
        author_id=caller.person.id,
        cycle_id=st.reviews.current_cycle_id(org_id, caller.person.id, st.accounts.chart(org_id)),
    )
    return _stored(stored)


@router.get("/assessments")
def list_assessments(st: State, caller: CallerDep, name: str | None = None) -> list[dict[str, Any]]:
    """What the caller may read, newest first."""
    chart = st.accounts.chart(caller.person.org_id)
    found = st.reviews.visible_list(caller.viewer, chart, st.config.policy)
    return [_stored(a, with_result=False) for a in found if not name or a.name == name]


def _visible(st: AppState, caller, assessment_id: str):  # type: ignore[no-untyped-def]
    chart = st.accounts.chart(caller.person.org_id)
    try:
        return st.reviews.visible(caller.viewer, chart, st.config.policy, assessment_id)
    except NotFound:
        raise HTTPException(404, f"no assessment {assessment_id}") from None


@router.get("/assessments/{assessment_id}")
def get_assessment(assessment_id: str, st: State, caller: CallerDep) -> dict[str, Any]:
    return _stored(_visible(st, caller, assessment_id))


@router.delete("/assessments/{assessment_id}", status_code=204)
def delete_assessment(assessment_id: str, st: State, caller: CallerDep) -> Response:
    """Only the author deletes; to anyone else the assessment does not exist."""
    stored = _visible(st, caller, assessment_id)
    if stored.author_id != caller.person.id:
        raise HTTPException(404, f"no assessment {assessment_id}")
    st.store.delete_assessment(assessment_id)
    return Response(status_code=204)


@router.post("/postings/level")
def level_posting(body: PostingIn, st: State, framework: FrameworkQuery = None) -> dict[str, Any]:
    """What `pmpath level` says of one posting."""
    fw = st.framework(framework)
    return {"id": body.id, **leveler_for(fw).level(body.title, body.text).to_dict()}


@router.post("/postings/level-batch")
def level_batch(body: BatchIn, st: State, framework: FrameworkQuery = None) -> dict[str, Any]:
    leveler = leveler_for(st.framework(framework))
    return {"results": [{"id": p.id, **leveler.level(p.title, p.text).to_dict()} for p in body.postings]}


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
        "subject_id": stored.subject_id,
        "author_id": stored.author_id,
        "cycle_id": stored.cycle_id,
        "shared": stored.shared_at is not None,
        "released": stored.released_at is not None,
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
