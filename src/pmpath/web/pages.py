"""HTML pages: plain, fast, accessible; HTMX (vendored) makes the forms interactive when it loads."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from pmpath.assess import Assessment, assess, parse_answers_data
from pmpath.framework import Framework, ProblemsError, parse_framework
from pmpath.framework.model import HORIZON_LABELS
from pmpath.leveling import leveler_for
from pmpath.planner import PlanError, plan_path
from pmpath.reports import assessment_html, assessment_markdown, assessment_radar, pdf_bytes
from pmpath.reports.charts import timeline_svg
from pmpath.store import NotFound

from .auth import AdminDep, CallerDep
from .highlight import highlighted, phrases_of
from .progress import progress_svg
from .security import Caller, caller_of, csrf_token
from .state import AppState, state

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals.update(
    horizons=HORIZON_LABELS,
    status_mark={"met": "✓ met", "partly": "◐ partly", "not-yet": "✗ not yet", "unanswered": "? unanswered"},
    csrf_token=csrf_token,
    caller_of=caller_of,
    csrf_field=lambda request: Markup('<input type="hidden" name="csrf_token" value="%s">') % csrf_token(request),
)
State = Annotated[AppState, Depends(state)]


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    fw = context.pop("fw", None) or state(request).default
    return templates.TemplateResponse(
        request, template, {"fw": fw, "heading": fw.section_heading, **context}, status_code=status_code
    )


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    return page(request, "error.html", status_code=status_code, message=message)


# -- the ladder -------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def ladder(request: Request, st: State) -> HTMLResponse:
    return page(request, "ladder.html")


@router.get("/levels/{level_id}", response_class=HTMLResponse)
def level_page(request: Request, level_id: str, st: State) -> HTMLResponse:
    level = st.default.find_level(level_id)
    if level is None:
        raise HTTPException(404, f"There is no level '{level_id}'.")
    return page(request, "level.html", level=level, next_level=st.default.next_level(level.id))


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, st: State, a: str = "pm", b: str = "senior-pm") -> HTMLResponse:
    fw = st.default
    la, lb = fw.find_level(a), fw.find_level(b)
    if la is None or lb is None:
        raise HTTPException(404, f"Unknown level '{a if la is None else b}'.")
    return page(request, "compare.html", a=la, b=lb)


# -- the guided assessment ----------------------------------------------------------------------
def _steps(fw: Framework, answers: dict) -> list[tuple[str, Any]]:
    """('about', None), ('competency', c) ..., ('criterion', c) ..., ('review', None)."""
    steps: list[tuple[str, Any]] = [("about", None)]
    steps += [("competency", c) for c in fw.competencies]
    level_id = answers.get("current_level")
    if level_id in fw.level_ids and fw.level(level_id).readiness:
        steps += [("criterion", c) for c in fw.level(level_id).readiness.criteria]
    return [*steps, ("review", None)]


def _draft_id(request: Request) -> str:
    """One draft per person, whatever browser or tab they use."""
    caller = caller_of(request)
    if caller is None:
        raise HTTPException(401, "log in first")
    return caller.person.id


def _wizard(
    request: Request, st: AppState, draft_id: str, error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    draft = st.store.draft(draft_id)
    answers = draft.get("answers", {})
    steps = _steps(st.default, answers)
    position = min(int(draft.get("step", 0)), len(steps) - 1)
    kind, item = steps[position]
    template = "wizard.html" if request.headers.get("HX-Request") else "assess.html"
    about = _about(request, st, draft.get("about"))
    return page(
        request,
        template,
        status_code=status_code,
        kind=kind,
        item=item,
        answers=answers,
        position=position,
        total=len(steps),
        error=error,
        about=about,
    )


def _about(request: Request, st: AppState, person_id: str | None):  # type: ignore[no-untyped-def]
    """The report a manager review is about, when the caller may review them; else None."""
    caller = caller_of(request)
    if person_id is None or caller is None:
        return None
    from pmpath.teams import can_review

    chart = st.accounts.chart(caller.person.org_id)
    if person_id not in chart or not can_review(caller.viewer, person_id, chart):
        return None
    return st.accounts.person(caller.person.org_id, person_id)


@router.get("/assess", response_class=HTMLResponse)
def assess_page(request: Request, st: State, restart: bool = False, about: str | None = None) -> HTMLResponse:
    """The guided assessment: of oneself, or (`about`) a manager review of a report."""
    draft_id = _draft_id(request)
    if about is not None:
        if _about(request, st, about) is None:
            raise HTTPException(404, "There is no such person in your team.")
        if st.store.draft(draft_id).get("about") != about:
            st.store.save_draft(draft_id, {"answers": {"assessor": "manager"}, "step": 0, "about": about})
    elif restart:
        st.store.delete_draft(draft_id)
    return _wizard(request, st, draft_id)


@router.post("/assess", response_model=None)
async def assess_step(request: Request, st: State) -> Response:
    """Save one answer and move on (or back); the last step stores the assessment."""
    draft_id = _draft_id(request)
    form = await request.form()
    draft = st.store.draft(draft_id)
    answers: dict = draft.get("answers", {})
    position = int(draft.get("step", 0))
    steps = _steps(st.default, answers)
    kind, item = steps[min(position, len(steps) - 1)]
    about = draft.get("about")
    if form.get("action") == "back":
        st.store.save_draft(draft_id, {"answers": answers, "step": max(0, position - 1), "about": about})
        return _after(request, st, draft_id)
    error = _read_step(kind, item, form, answers)
    if error:
        return _wizard(request, st, draft_id, error=error, status_code=422)
    if kind != "review":
        st.store.save_draft(draft_id, {"answers": answers, "step": position + 1, "about": about})
        return _after(request, st, draft_id)
    fw = st.default
    caller = caller_of(request)
    assert caller is not None  # _draft_id has checked
    subject = _about(request, st, about) if about else caller.person
    if subject is None:
        st.store.delete_draft(draft_id)
        raise HTTPException(404, "There is no such person in your team.")
    answers["assessor"] = "manager" if about else "self"
    try:
        given = parse_answers_data({**answers, "framework": fw.id}, fw)
    except ProblemsError as problems:
        return _wizard(request, st, draft_id, error=str(problems), status_code=422)
    stored = st.store.add_assessment(
        given,
        assess(fw, given),
        org_id=caller.person.org_id,
        subject_id=subject.id,
        author_id=caller.person.id,
        cycle_id=st.reviews.current_cycle_id(caller.person.org_id, subject.id, st.accounts.chart(caller.person.org_id)),
    )
    st.store.delete_draft(draft_id)
    target = f"/assessments/{stored.id}"
    if request.headers.get("HX-Request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _after(request: Request, st: AppState, draft_id: str) -> Response:
    if request.headers.get("HX-Request"):
        return _wizard(request, st, draft_id)
    return RedirectResponse("/assess", status_code=303)


def _read_step(kind: str, item: Any, form: Any, answers: dict) -> str | None:
    """Put one step's form values into the answers; an error message when they do not fit."""
    if kind == "about":
        try:
            years = float(form.get("years_experience") or 0)
            leading = float(form.get("years_leading") or 0)
        except ValueError:
            return "Years must be numbers."
        if years < 0 or leading < 0:
            return "Years cannot be negative."
        answers.update(
            name=str(form.get("name") or "").strip()[:200],
            current_level=form.get("current_level"),
            assessor="manager" if answers.get("assessor") == "manager" else "self",
            company_size=form.get("company_size") or None,
            years_experience=years,
            years_leading=leading,
        )
    elif kind == "competency":
        value = form.get("rating")
        if not value or not str(value).isdigit():
            return f"Choose the sentence that fits you best for {item.name}."
        answers.setdefault("ratings", {})[item.id] = int(value)
    elif kind == "criterion":
        status = form.get("status")
        if status not in ("met", "partly", "not-yet"):
            return "Choose met, partly or not yet."
        answers.setdefault("criteria", {})[item.id] = {
            "status": status,
            "evidence": str(form.get("evidence") or "")[:2000],
        }
    return None


# -- results and history ------------------------------------------------------------------------
def visible_assessment(st: AppState, caller: Caller, assessment_id: str):  # type: ignore[no-untyped-def]
    """An assessment the caller may read; whatever else (another person's, another organization's) is 404."""
    chart = st.accounts.chart(caller.person.org_id)
    try:
        return st.reviews.visible(caller.viewer, chart, st.config.policy, assessment_id)
    except NotFound:
        raise HTTPException(404, "There is no such assessment.") from None


def _stored_result(st: AppState, caller: Caller, assessment_id: str) -> tuple[Any, Assessment, Framework]:
    stored = visible_assessment(st, caller, assessment_id)
    fw = st.framework(stored.framework_id, stored.framework_version, caller.person.org_id)
    return stored, Assessment.model_validate(stored.result), fw


@router.get("/assessments/{assessment_id}.{extension}", response_model=None)
def download(assessment_id: str, extension: str, st: State, caller: CallerDep) -> Response:
    _, result, fw = _stored_result(st, caller, assessment_id)
    filename = f"assessment-{assessment_id}.{extension}"
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if extension == "json":
        return Response(result.model_dump_json(indent=2), media_type="application/json", headers=disposition)
    if extension == "md":
        return PlainTextResponse(assessment_markdown(fw, result), media_type="text/markdown", headers=disposition)
    if extension == "pdf":
        return Response(pdf_bytes(assessment_html(fw, result)), media_type="application/pdf", headers=disposition)
    raise HTTPException(404, f"No download as .{extension}; try .pdf, .md or .json.")


@router.get("/assessments/{assessment_id}", response_class=HTMLResponse)
def result_page(request: Request, assessment_id: str, st: State, caller: CallerDep) -> HTMLResponse:
    stored, result, fw = _stored_result(st, caller, assessment_id)
    names = {p.id: p.name for p in st.accounts.people(caller.person.org_id)}
    return page(
        request,
        "result.html",
        fw=fw,
        stored=stored,
        a=result,
        radar=Markup(assessment_radar(fw, result)),
        mine=stored.author_id == caller.person.id,
        subject_name=names.get(stored.subject_id or "", "unassigned"),
    )


@router.get("/assessments", response_class=HTMLResponse)
def history_page(request: Request, st: State, caller: CallerDep, name: str | None = None) -> HTMLResponse:
    chart = st.accounts.chart(caller.person.org_id)
    rows = st.reviews.visible_list(caller.viewer, chart, st.config.policy)
    if name:
        rows = [r for r in rows if r.name == name]
    chart = Markup(progress_svg(st.default, list(reversed(rows)))) if name and rows else None
    return page(request, "history.html", rows=rows, name=name or "", chart=chart)


# -- planner ----------------------------------------------------------------------------------
@router.get("/plan", response_class=HTMLResponse)
def plan_page(
    request: Request,
    st: State,
    level: str | None = None,
    years: Annotated[float | None, Query()] = None,
    target: str | None = None,
    years_leading: float = 0.0,
    company_size: str | None = None,
) -> HTMLResponse:
    fw = st.default
    path, error, timeline = None, None, None
    if level and target and years is not None:
        start, goal = fw.find_level(level), fw.find_level(target)
        try:
            if start is None or goal is None:
                raise PlanError(f"unknown level '{level if start is None else target}'")
            path = plan_path(fw, start.id, years, goal.id, years_leading, company_size or None)
            timeline = Markup(timeline_svg(path, {lv.id: lv.name for lv in fw.levels}))
        except PlanError as problem:
            error = str(problem)
    form = {
        "level": level or "pm",
        "years": years if years is not None else 3,
        "target": target or "director",
        "years_leading": years_leading,
        "company_size": company_size or "",
    }
    template = "plan_result.html" if request.headers.get("HX-Request") else "plan.html"
    return page(
        request, template, status_code=422 if error else 200, path=path, error=error, timeline=timeline, form=form
    )


# -- posting leveler --------------------------------------------------------------------------
@router.get("/leveler", response_class=HTMLResponse)
def leveler_page(request: Request) -> HTMLResponse:
    return page(request, "leveler.html", result=None, title="", text="")


@router.post("/leveler", response_class=HTMLResponse)
def leveler_submit(
    request: Request,
    st: State,
    text: Annotated[str, Form(max_length=1_000_000)] = "",
    title: Annotated[str, Form(max_length=500)] = "",
) -> HTMLResponse:
    if not text.strip():
        return page(
            request,
            "leveler.html",
            status_code=422,
            result=None,
            title=title,
            text=text,
            error="Paste the text of a job posting.",
        )
    result = leveler_for(st.default).level(title, text)
    marked = highlighted(text, phrases_of(result.evidence))
    template = "leveler_result.html" if request.headers.get("HX-Request") else "leveler.html"
    return page(request, template, result=result, marked=marked, title=title, text=text)


# -- frameworks -------------------------------------------------------------------------------
@router.get("/frameworks", response_class=HTMLResponse)
def frameworks_page(request: Request, st: State, caller: CallerDep) -> HTMLResponse:
    return page(request, "frameworks.html", stored=st.store.frameworks(caller.person.org_id), problems=None, saved=None)


@router.post("/frameworks", response_class=HTMLResponse)
async def frameworks_upload(
    request: Request, st: State, caller: AdminDep, file: UploadFile | None = None, text: Annotated[str, Form()] = ""
) -> HTMLResponse:
    """Admins manage their organization's frameworks."""
    org_id = caller.person.org_id
    filename = "pasted.yaml"
    if file is not None and file.filename:
        raw = await file.read()
        filename = file.filename
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            return page(
                request,
                "frameworks.html",
                status_code=422,
                stored=st.store.frameworks(org_id),
                problems=[f"{filename}: not UTF-8 text (byte {error.start})"],
                saved=None,
            )
    problems, saved = None, None
    try:
        fw = parse_framework(text, filename)
        st.store.add_framework(fw.id, fw.version, fw.name, text, org_id)
        st.accounts.audit(org_id, caller.person.id, "framework.uploaded", fw.id, version=fw.version)
        saved = f"{fw.name} ({fw.id} {fw.version})"
    except ProblemsError as error:
        problems = [str(p) for p in error.problems]
    except ValueError as error:
        problems = [str(error)]
    return page(
        request,
        "frameworks.html",
        status_code=422 if problems else 200,
        stored=st.store.frameworks(org_id),
        problems=problems,
        saved=saved,
    )
