"""HTML pages: plain, fast, accessible; HTMX (vendored) makes the forms interactive when it loads."""

from __future__ import annotations

import datetime as dt
import math
import re
import threading
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from pmpath.assess import Assessment, parse_answers_data, readiness_levels
from pmpath.assess.result import STATUS_LABELS
from pmpath.framework import Framework, ProblemsError
from pmpath.framework.model import HORIZON_LABELS
from pmpath.leveling import MAX_TITLE, leveler_for
from pmpath.planner import PlanError, plan_path
from pmpath.reports import assessment_markdown, assessment_radar
from pmpath.reports.charts import timeline_svg
from pmpath.reports.evidence import disagreement_line, evidence_line, no_evidence_line
from pmpath.reports.render import next_step_name

from . import operations
from .auth import AdminDep, CallerDep
from .highlight import highlighted
from .progress import progress_svg
from .security import caller_of, csrf_token
from .state import AppState, state

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals.update(
    horizons=HORIZON_LABELS,
    status_mark=STATUS_LABELS,
    csrf_token=csrf_token,
    caller_of=caller_of,
    next_step_name=next_step_name,
    csrf_field=lambda request: Markup('<input type="hidden" name="csrf_token" value="%s">') % csrf_token(request),
)
State = Annotated[AppState, Depends(state)]


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    fw = context.pop("fw", None) or state(request).default
    return templates.TemplateResponse(
        request, template, {"fw": fw, "heading": fw.section_heading, **context}, status_code=status_code
    )


def error_page(
    request: Request,
    status_code: int,
    message: str,
    details: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """An error as a page for a browser, or as a fragment HTMX swaps in where the answer was expected."""
    template = "error_fragment.html" if request.headers.get("HX-Request") else "error.html"
    response = page(
        request, template, status_code=status_code, message=message, details=details or [], code=status_code
    )
    if headers:
        response.headers.update(headers)
    return response


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
    ratings, leading = answers.get("ratings") or {}, float(answers.get("years_leading") or 0)
    for level_id in readiness_levels(fw, answers.get("current_level"), ratings, leading):  # placement's first
        block = fw.level(level_id).readiness
        steps += [("criterion", c) for c in (block.criteria if block else [])]
    return [*steps, ("review", None)]


def _draft_id(request: Request, about: str | None = None) -> str:
    """One draft per person, whatever browser or tab they use, and one per report they review: starting
    a review never discards the person's own assessment in progress."""
    caller = caller_of(request)
    if caller is None:
        raise HTTPException(401, "log in first")
    return f"{caller.person.id}:{about}" if about else caller.person.id


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


def _wizard(
    request: Request, st: AppState, draft_id: str, error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    draft = st.store.draft(draft_id)
    answers = draft.get("answers", {})
    steps = _steps(st.default, answers)
    position = min(int(draft.get("step", 0)), len(steps) - 1)
    kind, item = steps[position]
    template = "wizard.html" if request.headers.get("HX-Request") else "assess.html"
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
        about=_about(request, st, draft.get("about")),
    )


@router.get("/assess", response_class=HTMLResponse)
def assess_page(request: Request, st: State, about: str | None = None) -> HTMLResponse:
    """The guided assessment: of oneself, or (`about`) a manager review of a report, each resumed where
    it was left."""
    about = _reviewed(request, st, about)
    draft_id = _draft_id(request, about)
    if about is None and (old := st.store.draft(draft_id)).get("about"):
        # a review begun before reviews had drafts of their own: moved to its place, not shown here
        st.store.save_draft(_draft_id(request, old["about"]), old)
        st.store.delete_draft(draft_id)
    if about is not None and st.store.draft(draft_id).get("about") != about:
        st.store.save_draft(draft_id, {"answers": {"assessor": "manager"}, "step": 0, "about": about})
    return _wizard(request, st, draft_id)


@router.post("/assess/restart", response_model=None)
def restart_assessment(
    request: Request, st: State, about: Annotated[str | None, Form(max_length=64)] = None
) -> RedirectResponse:
    """Start over: the draft (one's own, or of one review) is dropped. A form, not a link: a GET that
    a prefetch or a crawler follows must not throw answers away."""
    about = _reviewed(request, st, about)
    st.store.delete_draft(_draft_id(request, about))
    return RedirectResponse(_assess_url(about), status_code=303)


def _assess_url(about: str | None) -> str:
    """The wizard's page: one's own assessment, or the review of one report."""
    return "/assess" + (f"?about={about}" if about else "")


def _reviewed(request: Request, st: AppState, about: str | None) -> str | None:
    """The report a review is about (None: one's own assessment); 404 for anyone else."""
    if not about:
        return None
    if _about(request, st, about) is None:
        raise HTTPException(404, "There is no such person in your team.")
    return about


Text = Annotated[str | None, Form(max_length=200)]


@router.post("/assess", response_model=None)
def assess_step(
    request: Request,
    st: State,
    action: Text = None,
    step: Text = None,
    name: Text = None,
    current_level: Text = None,
    assessor: Text = None,
    company_size: Text = None,
    years_experience: Text = None,
    years_leading: Text = None,
    rating: Text = None,
    status: Text = None,
    evidence: Annotated[str | None, Form(max_length=2000)] = None,
    about: Annotated[str | None, Form(max_length=64)] = None,
) -> Response:
    """Save one answer and move on (or back); the last step stores the assessment.

    The form says which step it answers: a second submit of the same step (a double click, a resent
    form) finds the draft already past it and changes nothing, instead of answering the next question.
    """
    about = _reviewed(request, st, about)
    draft_id = _draft_id(request, about)
    draft = st.store.draft(draft_id)
    answers: dict = draft.get("answers", {})
    position = int(draft.get("step", 0))
    if about is not None and not draft and step not in (None, "0"):
        # the review this form answers is already stored (a resent last step): back to the person
        return _to(request, f"/people/{about}")
    if step is not None and step != str(position):  # a second tab, a double click, a resent form
        notice = (
            "That step was already answered, in another tab or by a second click: here is where the answers are now."
        )
        return _wizard(request, st, draft_id, error=notice)
    steps = _steps(st.default, answers)
    kind, item = steps[min(position, len(steps) - 1)]
    if action == "back":
        if position > 0:
            st.store.save_draft(draft_id, {"answers": answers, "step": position - 1, "about": about})
        return _after(request, st, draft_id)
    form = {
        "name": name,
        "current_level": current_level,
        "assessor": assessor,
        "company_size": company_size,
        "years_experience": years_experience,
        "years_leading": years_leading,
        "rating": rating,
        "status": status,
        "evidence": evidence,
    }
    error = _read_step(kind, item, form, answers, st.default.max_depth)
    if error:
        return _wizard(request, st, draft_id, error=error, status_code=422)
    if kind != "review":
        if not draft:
            _prune_drafts(st)
        st.store.save_draft(draft_id, {"answers": answers, "step": position + 1, "about": about})
        return _after(request, st, draft_id)
    fw = st.default
    caller = caller_of(request)
    assert caller is not None  # _draft_id has checked
    subject = _about(request, st, about) if about else caller.person
    if subject is None:  # no longer their report
        st.store.delete_draft(draft_id)
        raise HTTPException(404, "There is no such person in your team.")
    answers["assessor"] = "manager" if about else "self"
    try:
        given = parse_answers_data({**answers, "framework": fw.id}, fw)
    except ProblemsError as problems:
        return _wizard(request, st, draft_id, error=str(problems), status_code=422)
    stored = operations.save_assessment(st, fw, given, caller, subject.id)
    st.store.delete_draft(draft_id)
    return _to(request, f"/assessments/{stored.id}")


def _to(request: Request, target: str) -> Response:
    """Go to another page: HTMX follows a header, a browser without it a redirect."""
    if request.headers.get("HX-Request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


_pruned = {"at": 0.0}
_prune_lock = threading.Lock()
PRUNE_EVERY = 60.0  # seconds; a new draft prunes the stale ones at most this often per process


def _prune_drafts(st: AppState) -> None:
    """Drafts untouched for the configured days go, and the least recent beyond the configured number
    (a flood of new visitors cannot grow the table without bound); checked when a new draft starts."""
    now = time.monotonic()
    with _prune_lock:
        if now - _pruned["at"] < PRUNE_EVERY and _pruned["at"]:
            return
        _pruned["at"] = now
    st.store.prune_drafts(
        dt.datetime.now(dt.UTC) - dt.timedelta(days=st.settings.draft_max_age_days), keep=st.settings.max_drafts
    )


def _after(request: Request, st: AppState, draft_id: str) -> Response:
    if request.headers.get("HX-Request"):
        return _wizard(request, st, draft_id)
    return RedirectResponse(_assess_url(st.store.draft(draft_id).get("about")), status_code=303)


def _years(value: str | None) -> float | None:
    """A number of years from a form field (empty is 0); None when it is not a finite number."""
    try:
        years = float(value or 0)
    except ValueError:
        return None
    return years if math.isfinite(years) else None


def _read_step(kind: str, item: Any, form: dict[str, str | None], answers: dict, top: int) -> str | None:
    """Put one step's form values into the answers; an error message when they do not fit."""
    if kind == "about":
        years, leading = _years(form["years_experience"]), _years(form["years_leading"])
        if years is None or leading is None:
            return "Years must be numbers."
        if not (0 <= years <= 60 and 0 <= leading <= 60):
            return "Years must be between 0 and 60."
        answers.update(
            name=(form["name"] or "").replace("\x00", "").strip(),
            current_level=form["current_level"],
            assessor="manager" if answers.get("assessor") == "manager" else "self",
            company_size=form["company_size"] or None,
            years_experience=years,
            years_leading=leading,
        )
    elif kind == "competency":
        value = form["rating"] or ""
        if not re.fullmatch(r"[0-9]{1,2}", value) or not 1 <= int(value) <= top:
            return f"Choose the sentence that fits you best for {item.name}."
        answers.setdefault("ratings", {})[item.id] = int(value)
    elif kind == "criterion":
        status = form["status"]
        if status not in ("met", "partly", "not-yet"):
            return "Choose met, partly or not yet."
        answers.setdefault("criteria", {})[item.id] = {
            "status": status,
            "evidence": (form["evidence"] or "").replace("\x00", ""),
        }
    return None


# -- results and history ------------------------------------------------------------------------
@router.get("/assessments/{assessment_id}.{extension}", response_model=None)
def download(assessment_id: str, extension: str, st: State, caller: CallerDep) -> Response:
    disposition = {"Content-Disposition": f'attachment; filename="assessment-{assessment_id}.{extension}"'}
    if extension == "json":  # the stored result as it is: no framework needed
        result = Assessment.model_validate(operations.stored_row(st, caller, assessment_id).result)
        return Response(result.model_dump_json(indent=2), media_type="application/json", headers=disposition)
    stored, result, fw = operations.stored_assessment(st, caller, assessment_id)
    if extension == "md":
        return PlainTextResponse(assessment_markdown(fw, result), media_type="text/markdown", headers=disposition)
    if extension == "pdf":
        pdf = operations.assessment_pdf(st, stored, result, fw)
        return Response(pdf, media_type="application/pdf", headers=disposition)
    raise HTTPException(404, "No download of that kind; try .pdf, .md or .json.")


@router.get("/assessments/{assessment_id}", response_class=HTMLResponse)
def result_page(request: Request, assessment_id: str, st: State, caller: CallerDep) -> HTMLResponse:
    stored, result, fw = operations.stored_assessment(st, caller, assessment_id)
    people = st.accounts.people(caller.person.org_id)
    names = {p.id: p.name for p in people}
    return page(
        request,
        "result.html",
        fw=fw,
        stored=stored,
        a=result,
        radar=Markup(assessment_radar(fw, result)),
        mine=stored.author_id == caller.person.id,
        subject_name=names.get(stored.subject_id or "", "a deleted person" if stored.anonymized_at else "unassigned"),
        # the attach form: only for work kept from before teams, never a deleted person's
        people=people if caller.person.is_admin and stored.subject_id is None and not stored.anonymized_at else [],
    )


@router.get("/assessments", response_class=HTMLResponse)
def history_page(request: Request, st: State, caller: CallerDep, name: str | None = None) -> HTMLResponse:
    """What the caller may read: their own, their reports' shared work, released reviews of them."""
    rows = [r for r in operations.visible_assessments(st, caller) if not name or r.name == name]
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
    title: Annotated[str, Form(max_length=MAX_TITLE)] = "",
) -> HTMLResponse:
    if not text.strip():
        if request.headers.get("HX-Request"):
            return error_page(request, 422, "Paste the text of a job posting.")
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
    lines = lines or [no_evidence_line(result)]
    template = "leveler_result.html" if request.headers.get("HX-Request") else "leveler.html"
    note = disagreement_line(result)
    return page(request, template, result=result, lines=lines, note=note, marked=marked, title=title, text=text)


# -- frameworks -------------------------------------------------------------------------------
def uploaded_text(file: UploadFile | None, pasted: str, default_name: str) -> tuple[str, str, str | None]:
    """A form's file (when one was chosen) or its pasted text, as (file name, text, problem): a file that
    is not UTF-8 is named as the problem rather than read wrong."""
    if file is None or not file.filename:
        return default_name, pasted, None
    filename = file.filename[:200]
    try:
        return filename, file.file.read().decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        return filename, "", f"{filename}: not UTF-8 text (byte {error.start})"


@router.get("/frameworks", response_class=HTMLResponse)
def frameworks_page(request: Request, st: State, caller: CallerDep) -> HTMLResponse:
    return page(
        request,
        "frameworks.html",
        stored=st.uploads(caller.person.org_id),
        problems=None,
        saved=None,
        is_admin=caller.person.is_admin,  # only admins may upload: the form is theirs alone
    )


@router.post("/frameworks", response_class=HTMLResponse)
def frameworks_upload(
    request: Request, st: State, caller: AdminDep, file: UploadFile | None = None, text: Annotated[str, Form()] = ""
) -> HTMLResponse:
    """The same upload as the API's (admins), from a file or pasted text; problems listed with file, line and field."""
    saved = None
    filename, text, problem = uploaded_text(file, text, "pasted.yaml")
    problems: list[str] | None = [problem] if problem else None
    if problems is None:
        try:
            fw = operations.upload_framework(st, text, filename, caller)
            saved = f"{fw.name} ({fw.id} {fw.version})"
        except ProblemsError as error:
            problems = [str(p) for p in error.problems]
        except HTTPException as error:
            problems = [str(error.detail)]
    return page(
        request,
        "frameworks.html",
        status_code=422 if problems else 200,
        stored=st.uploads(caller.person.org_id),
        problems=problems,
        saved=saved,
        is_admin=caller.person.is_admin,
    )
