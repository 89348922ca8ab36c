"""The JSON API under /api/v1: frameworks and levels, assessments, posting leveling, plans."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response

from pmpath.assess import Answers, Assessment, parse_answers_data
from pmpath.framework import Framework, Level, Problem, ProblemsError
from pmpath.leveling import leveler_for
from pmpath.planner import CareerPath, PlanError, plan_path
from pmpath.reports.evidence import posting_record
from pmpath.store import NotFound, StoredAssessment

from . import operations
from .auth import AdminDep, CallerDep
from .errors import FieldError
from .schemas import (
    ERRORS,
    NO_NUL,
    AnswersIn,
    AssessmentSummary,
    BatchIn,
    ErrorOut,
    FrameworkIn,
    FrameworkSummary,
    LeveledBatch,
    LeveledPosting,
    LevelSummary,
    PlanIn,
    PostingIn,
    StoredAssessmentOut,
)
from .state import AppState, state

router = APIRouter(prefix="/api/v1", responses=ERRORS)
State = Annotated[AppState, Depends(state)]
FrameworkQuery = Annotated[
    str | None, Query(max_length=100, pattern=NO_NUL, description="Framework id; the server's default when omitted.")
]
AssessmentId = Annotated[str, Path(max_length=64, pattern=NO_NUL, description="The assessment's id (random).")]


@router.api_route("/health", methods=["GET", "HEAD"], include_in_schema=False)  # HEAD: for uptime checks
async def health() -> dict[str, str]:
    """A trivial endpoint: the floor the benchmarks compare the real endpoints with. It does no I/O, so it
    runs on the event loop and shows whether other requests' work blocks the loop."""
    return {"status": "ok"}


@router.get("/frameworks")
def list_frameworks(st: State, caller: CallerDep) -> list[FrameworkSummary]:
    """The built-in frameworks, the server's default, and every version the organization uploaded, newest first."""
    here = [st.framework("standard"), st.framework("standard-compact")]
    if st.default not in here:
        here.append(st.default)
    ids = {fw.id for fw in here}
    return [FrameworkSummary(id=fw.id, version=fw.version, name=fw.name) for fw in here] + [
        FrameworkSummary(**row) for row in st.uploads(caller.person.org_id) if row["id"] not in ids
    ]


@router.get("/frameworks/{framework_id}", response_model_by_alias=True, operation_id="get_framework")
def get_framework(
    framework_id: Annotated[str, Path(max_length=100, pattern=NO_NUL)],
    st: State,
    caller: CallerDep,
    version: Annotated[str | None, Query(max_length=50, pattern=NO_NUL)] = None,
) -> Framework:
    return st.framework(framework_id, version, caller.person.org_id)


@router.post(
    "/frameworks",
    status_code=201,
    responses={
        201: {
            "links": {
                "GetFramework": {
                    "operationId": "get_framework",
                    "parameters": {"framework_id": "$response.body#/id", "version": "$response.body#/version"},
                }
            }
        },
        409: {"model": ErrorOut, "description": "Id built in or version stored"},
    },
)
def upload_framework(body: FrameworkIn, st: State, caller: AdminDep) -> FrameworkSummary:
    """Validate and keep the organization's framework (admins); every problem comes back with its line and field."""
    fw = operations.upload_framework(st, body.text, body.filename, caller)
    return FrameworkSummary(id=fw.id, version=fw.version, name=fw.name)


@router.get("/levels")
def list_levels(st: State, framework: FrameworkQuery = None) -> list[LevelSummary]:
    fw = st.framework(framework)
    return [
        LevelSummary(id=lv.id, name=lv.name, short_name=lv.short_name, summary=lv.summary, experience=lv.experience)
        for lv in fw.levels
    ]


@router.get("/levels/{level_id}", response_model_by_alias=True)
def get_level(level_id: str, st: State, framework: FrameworkQuery = None) -> Level:
    fw = st.framework(framework)
    level = fw.find_level(level_id)
    if level is None:
        raise HTTPException(404, f"unknown level '{level_id}'; known: {', '.join(fw.level_ids)}")
    return level


_BY_ID = {"assessment_id": "$response.body#/id"}


@router.post(
    "/assessments",
    status_code=201,
    responses={
        201: {
            "links": {
                "GetAssessment": {"operationId": "get_assessment", "parameters": _BY_ID},
                "DeleteAssessment": {"operationId": "delete_assessment", "parameters": _BY_ID},
            }
        }
    },
)
def create_assessment(
    body: AnswersIn, st: State, caller: CallerDep, framework: FrameworkQuery = None
) -> StoredAssessmentOut:
    """The caller's own self-assessment, private until they share it (manager reviews: /people/{id}/reviews);
    stored with the framework version used."""
    fw = st.framework(framework or body.framework, None, caller.person.org_id)
    given = {**body.model_dump(mode="json", exclude_unset=True), "framework": fw.id, "assessor": "self"}
    answers = parse_answers_data(given, fw)
    return _stored(operations.save_assessment(st, fw, answers, caller))


@router.get("/assessments")
def list_assessments(
    st: State, caller: CallerDep, name: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None
) -> list[AssessmentSummary]:
    """What the caller may read, newest first."""
    return [_summary(a) for a in operations.visible_assessments(st, caller) if not name or a.name == name]


@router.get("/assessments/{assessment_id}", operation_id="get_assessment")
def get_assessment(assessment_id: AssessmentId, st: State, caller: CallerDep) -> StoredAssessmentOut:
    return _stored(operations.stored_row(st, caller, assessment_id))


@router.delete(
    "/assessments/{assessment_id}", status_code=204, response_class=Response, operation_id="delete_assessment"
)
def delete_assessment(assessment_id: AssessmentId, st: State, caller: CallerDep) -> Response:
    """Only the author deletes; to anyone else the assessment does not exist."""
    stored = operations.stored_row(st, caller, assessment_id)
    if stored.author_id != caller.person.id:
        raise HTTPException(404, f"no assessment {assessment_id}")
    try:
        st.store.delete_assessment(assessment_id)
    except NotFound as error:
        raise HTTPException(404, str(error)) from None
    return Response(status_code=204)


@router.post("/postings/level")
def level_posting(body: PostingIn, st: State, framework: FrameworkQuery = None) -> LeveledPosting:  # type: ignore[valid-type]
    """What `pmpath level` says of one posting."""
    fw = st.framework(framework)
    return LeveledPosting(id=body.id, **posting_record(fw, leveler_for(fw).level(body.title, body.text)))


@router.post(
    "/postings/level-batch",
    responses={
        413: {
            "model": ErrorOut,
            "description": "Request body too large, or the batch would take longer to level than the "
            "server's time budget (PMPATH_MAX_LEVEL_SECONDS): refused whole, the error says after how many postings",
        }
    },
)
def level_batch(body: BatchIn, st: State, framework: FrameworkQuery = None) -> LeveledBatch:
    """What `pmpath level` says of each posting, in order. A batch that would hold a worker longer than
    the time budget is refused whole (413), so a stranger cannot buy minutes of CPU with one request."""
    fw = st.framework(framework)
    leveler = leveler_for(fw)
    budget = st.settings.max_level_seconds
    deadline = time.monotonic() + budget
    results = []
    for done, posting in enumerate(body.postings):
        if time.monotonic() > deadline:
            raise FieldError(
                413,
                "postings",
                f"leveling took over the {budget:g} s budget after {done} of {len(body.postings)} postings; "
                "send fewer or shorter postings per request",
            )
        results.append(LeveledPosting(id=posting.id, **posting_record(fw, leveler.level(posting.title, posting.text))))
    return LeveledBatch(results=results)


@router.post("/plans")
def create_plan(body: PlanIn, st: State, framework: FrameworkQuery = None) -> CareerPath:
    fw = st.framework(framework)
    start, target = fw.find_level(body.level), fw.find_level(body.target)
    for name, level, given in (("level", start, body.level), ("target", target, body.target)):
        if level is None:
            raise ProblemsError([_problem(name, f"unknown level '{given}'; known: {', '.join(fw.level_ids)}")])
    assert start is not None and target is not None  # unknown levels were refused above
    try:
        return plan_path(fw, start.id, body.years, target.id, body.years_leading, body.company_size)
    except PlanError as error:
        field = "target" if "target" in str(error) else ("company_size" if "company size" in str(error) else "years")
        raise ProblemsError([_problem(field, str(error))]) from None


def _problem(field: str, message: str) -> Problem:
    return Problem("request", None, field, message)


def _summary(stored: StoredAssessment) -> AssessmentSummary:
    return AssessmentSummary(
        id=stored.id,
        created_at=stored.created_at,
        name=stored.name,
        assessor=stored.assessor,
        framework=stored.framework_id,
        framework_version=stored.framework_version,
        current_level=stored.current_level,
        placement=stored.placement,
        readiness_score=stored.readiness_score,
        subject_id=stored.subject_id,
        author_id=stored.author_id,
        cycle_id=stored.cycle_id,
        shared=stored.shared_at is not None,
        released=stored.released_at is not None,
    )


def _stored(stored: StoredAssessment) -> StoredAssessmentOut:
    return StoredAssessmentOut(
        **_summary(stored).model_dump(),
        answers=Answers.model_validate(stored.answers),
        result=Assessment.model_validate(stored.result),
    )
