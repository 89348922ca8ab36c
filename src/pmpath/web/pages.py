"""HTML pages: plain, fast, accessible; HTMX (vendored) makes the forms interactive when it loads."""

from __future__ import annotations

import re
import secrets
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
from pmpath.reports.evidence import disagreement_line, evidence_line
from pmpath.store import NotFound

from .highlight import highlighted
from .progress import progress_svg
from .state import AppState, state

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals.update(
    horizons=HORIZON_LABELS,
    status_mark={"met": "✓ met", "partly": "◐ partly", "not-yet": "✗ not yet", "unanswered": "? unanswered"},
)
State = Annotated[AppState, Depends(state)]
DRAFT_COOKIE = "pmpath_draft"


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
    """The browser's draft id from its cookie; a new one when there is none or it is not ours."""
    given = request.cookies.get(DRAFT_COOKIE, "")
    return given if re.fullmatch(r"[0-9a-f]{32}", given) else secrets.token_hex(16)


def _wizard(
    request: Request, st: AppState, draft_id: str, error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    draft = st.store.draft(draft_id)
    answers = draft.get("answers", {})
    steps = _steps(st.default, answers)
    position = min(int(draft.get("step", 0)), len(steps) - 1)
    kind, item = steps[position]
    template = "wizard.html" if request.headers.get("HX-Request") else "assess.html"
    response = page(
        request,
        template,
        status_code=status_code,
        kind=kind,
        item=item,
        answers=answers,
        position=position,
        total=len(steps),
        error=error,
    )
    response.set_cookie(DRAFT_COOKIE, draft_id, max_age=30 * 24 * 3600, httponly=True, samesite="lax")
    return response


@router.get("/assess", response_class=HTMLResponse)
def assess_page(request: Request, st: State, restart: bool = False) -> HTMLResponse:
    draft_id = _draft_id(request)
    if restart:
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
    if form.get("action") == "back":
        st.store.save_draft(draft_id, {"answers": answers, "step": max(0, position - 1)})
        return _after(request, st, draft_id)
    error = _read_step(kind, item, form, answers)
    if error:
        return _wizard(request, st, draft_id, error=error, status_code=422)
    if kind != "review":
        st.store.save_draft(draft_id, {"answers": answers, "step": position + 1})
        return _after(request, st, draft_id)
    fw = st.default
    try:
        given = parse_answers_data({**answers, "framework": fw.id}, fw)
    except ProblemsError as problems:
        return _wizard(request, st, draft_id, error=str(problems), status_code=422)
    stored = st.store.add_assessment(given, assess(fw, given))
    st.store.delete_draft(draft_id)
    target = f"/assessments/{stored.id}"
    if request.headers.get("HX-Request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _after(request: Request, st: AppState, draft_id: str) -> Response:
    if request.headers.get("HX-Request"):
        return _wizard(request, st, draft_id)
    response = RedirectResponse("/assess", status_code=303)
    response.set_cookie(DRAFT_COOKIE, draft_id, max_age=30 * 24 * 3600, httponly=True, samesite="lax")
    return response


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
            assessor=form.get("assessor") or "self",
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
def _stored_result(st: AppState, assessment_id: int) -> tuple[Any, Assessment, Framework]:
    try:
        stored = st.store.assessment(assessment_id)
    except NotFound:
        raise HTTPException(404, f"There is no assessment {assessment_id}.") from None
    fw = st.framework(stored.framework_id)
    return stored, Assessment.model_validate(stored.result), fw


@router.get("/assessments/{assessment_id}.{extension}", response_model=None)
def download(assessment_id: int, extension: str, st: State) -> Response:
    _, result, fw = _stored_result(st, assessment_id)
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
def result_page(request: Request, assessment_id: int, st: State) -> HTMLResponse:
    stored, result, fw = _stored_result(st, assessment_id)
    return page(request, "result.html", fw=fw, stored=stored, a=result, radar=Markup(assessment_radar(fw, result)))


@router.get("/assessments", response_class=HTMLResponse)
def history_page(request: Request, st: State, name: str | None = None) -> HTMLResponse:
    rows = st.store.assessments(name)
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
    marked = highlighted(text, [e.span for e in result.evidence if e.span])
    lines = [evidence_line(st.default, e) for e in result.evidence if e.kind != "education"]
    template = "leveler_result.html" if request.headers.get("HX-Request") else "leveler.html"
    note = disagreement_line(result)
    return page(request, template, result=result, lines=lines, note=note, marked=marked, title=title, text=text)


# -- frameworks -------------------------------------------------------------------------------
@router.get("/frameworks", response_class=HTMLResponse)
def frameworks_page(request: Request, st: State) -> HTMLResponse:
    return page(request, "frameworks.html", stored=st.store.frameworks(), problems=None, saved=None)


@router.post("/frameworks", response_class=HTMLResponse)
async def frameworks_upload(
    request: Request, st: State, file: UploadFile | None = None, text: Annotated[str, Form()] = ""
) -> HTMLResponse:
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
                stored=st.store.frameworks(),
                problems=[f"{filename}: not UTF-8 text (byte {error.start})"],
                saved=None,
            )
    problems, saved = None, None
    try:
        fw = parse_framework(text, filename)
        st.store.add_framework(fw.id, fw.version, fw.name, text)
        saved = f"{fw.name} ({fw.id} {fw.version})"
    except ProblemsError as error:
        problems = [str(p) for p in error.problems]
    except ValueError as error:
        problems = [str(error)]
    return page(
        request,
        "frameworks.html",
        status_code=422 if problems else 200,
        stored=st.store.frameworks(),
        problems=problems,
        saved=saved,
    )
