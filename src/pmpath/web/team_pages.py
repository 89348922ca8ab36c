"""Team pages: people and invitations, cycles, a person's page and self-vs-manager view, calibration,
the team dashboard, promotion cases, access tokens, the audit log and a person's data."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from pmpath.assess.result import STATUS_LABELS
from pmpath.framework import ProblemsError
from pmpath.reports import comparison_html, comparison_markdown
from pmpath.reports.invitation_mail import delivery_line
from pmpath.reports.team_charts import heatmap_svg, pyramid_svg, span_svg
from pmpath.store import NotFound
from pmpath.teams import FLAG_LABELS, ROLE_LABELS, TASK_LABELS, can_review, roles_of

from . import operations
from . import team_ops as ops
from .auth import AdminDep, CallerDep
from .pages import page, uploaded_text
from .state import AppState, state

router = APIRouter(include_in_schema=False)
State = Annotated[AppState, Depends(state)]


def _back(target: str) -> RedirectResponse:
    return RedirectResponse(target, status_code=303)


def _level_names(st: AppState) -> dict[str, str]:
    return {lv.id: lv.name for lv in st.default.levels}


def _download(body: str | bytes, media: str, filename: str) -> Response:
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# -- people ------------------------------------------------------------------------------------------
@router.get("/team", response_class=HTMLResponse)
def team_page(request: Request, st: State, caller: CallerDep, link: str | None = None) -> HTMLResponse:
    """Admins see and manage everyone; others see their own team."""
    org_id = caller.person.org_id
    people = st.accounts.people(org_id)
    chart = st.accounts.chart(org_id)
    if not caller.person.is_admin:
        mine = {caller.person.id, *chart.below(caller.person.id)}
        people = [p for p in people if p.id in mine]
    roles = {p.id: roles_of(ops.viewer_of(p), chart) for p in people}
    return page(
        request,
        "team.html",
        people=people,
        names={p.id: p.name for p in st.accounts.people(org_id)},
        roles=roles,
        role_labels=ROLE_LABELS,
        link=link if caller.person.is_admin else None,
        org_name=st.accounts.org_name(org_id),
        error=None,
    )


@router.post("/team/invite", response_model=None)
def invite(
    request: Request,
    st: State,
    caller: AdminDep,
    email: Annotated[str, Form(max_length=320)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    title_level: Annotated[str, Form(max_length=50)] = "",
    manager_id: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """A single-use link that expires, shown to the admin (and mailed only when SMTP is set)."""
    done = ops.invite(
        st, caller, str(request.base_url), email, name, title_level=title_level or None, manager_id=manager_id or None
    )
    recipient = done.person.email
    return page(
        request,
        "invited.html",
        link=done.link,
        email=recipient,
        days=st.settings.invitation_days,
        mailed=done.delivery.attempted,
        mail_line=delivery_line(recipient, done.delivery.problem) if done.delivery.attempted else None,
        mail_sent=done.delivery.sent,
    )


@router.post("/team/import", response_class=HTMLResponse)
def import_roster(
    request: Request,
    st: State,
    caller: AdminDep,
    file: UploadFile | None = None,
    text: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """A team from a CSV file or pasted text, the API's import: everyone invited, or every bad row listed by
    line and field and nobody added."""
    done: list[ops.Invitation] = []
    filename, text, problem = uploaded_text(file, text, "pasted.csv")
    problems = [problem] if problem else []
    if not problems:
        try:
            done = ops.import_roster(st, caller, str(request.base_url), text, filename)
        except ProblemsError as error:
            problems = [str(p) for p in error.problems]
    return page(
        request,
        "imported.html",
        status_code=422 if problems else 200,
        problems=problems,
        done=done,
        days=st.settings.invitation_days,
    )


@router.post("/team/{person_id}/manager", response_model=None)
def set_manager(
    person_id: str, st: State, caller: AdminDep, manager_id: Annotated[str, Form(max_length=40)] = ""
) -> Response:
    ops.set_manager(st, caller, person_id, manager_id or None)
    return _back("/team")


@router.post("/team/{person_id}/deactivate", response_model=None)
def deactivate(person_id: str, st: State, caller: AdminDep) -> Response:
    ops.deactivate(st, caller, person_id)
    return _back("/team")


@router.post("/team/{person_id}/delete", response_model=None)
def delete_person(
    person_id: str,
    st: State,
    caller: AdminDep,
    mode: Annotated[Literal["remove", "anonymize"], Form()] = "anonymize",
) -> Response:
    """Delete a person: their assessments removed, or kept without their name."""
    ops.delete_person(st, caller, person_id, mode)
    return _back("/team")


@router.get("/people/{person_id}", response_class=HTMLResponse)
def person_page(request: Request, person_id: str, st: State, caller: CallerDep) -> HTMLResponse:
    person, chart = ops.person_in_view(st, caller, person_id)
    rows = st.reviews.visible_list(caller.viewer, chart, st.policy, subject_id=person_id)
    promotions = ops.person_promotions(st, caller, person_id)
    return page(
        request,
        "person.html",
        person=person,
        rows=rows,
        can_review=can_review(caller.viewer, person_id, chart),
        promotions=promotions,
        level_names=_level_names(st),
    )


@router.get("/people/{person_id}/compare", response_class=HTMLResponse)
def compare_page(request: Request, person_id: str, st: State, caller: CallerDep) -> HTMLResponse:
    """Self-assessment and manager review side by side, differences first: the 1:1 agenda."""
    view = ops.self_vs_manager(st, caller, person_id)
    return page(request, "self_vs_manager.html", view=view)


@router.get("/people/{person_id}/compare.{extension}", response_model=None)
def compare_download(person_id: str, extension: str, st: State, caller: CallerDep) -> Response:
    view = ops.self_vs_manager(st, caller, person_id)
    if view.comparison is None:
        raise ops.not_found("There is nothing to compare yet.")
    name = f"self-vs-manager-{person_id}.{extension}"
    if extension == "md":
        return _download(comparison_markdown(st.default, view.comparison), "text/markdown", name)
    if extension == "pdf":
        return _download(
            operations.document_pdf(st, comparison_html(st.default, view.comparison)), "application/pdf", name
        )
    if extension == "json":
        return _download(view.comparison.model_dump_json(indent=2), "application/json", name)
    raise ops.not_found(f"No download as .{extension}; try .pdf, .md or .json.")


# -- sharing and releasing ---------------------------------------------------------------------------
@router.post("/assessments/{assessment_id}/share", response_model=None)
def share(assessment_id: str, st: State, caller: CallerDep) -> Response:
    ops.share(st, caller, assessment_id)
    return _back(f"/assessments/{assessment_id}")


@router.post("/assessments/{assessment_id}/release", response_model=None)
def release(assessment_id: str, st: State, caller: CallerDep) -> Response:
    ops.release(st, caller, assessment_id)
    return _back(f"/assessments/{assessment_id}")


@router.post("/assessments/{assessment_id}/attach", response_model=None)
def attach(
    assessment_id: str, st: State, caller: AdminDep, person_id: Annotated[str, Form(max_length=40)] = ""
) -> Response:
    """An admin attaches an assessment kept from before teams (unassigned) to a person."""
    ops.attach(st, caller, assessment_id, person_id)
    return _back(f"/assessments/{assessment_id}")


# -- cycles ----------------------------------------------------------------------------------------
@router.get("/cycles", response_class=HTMLResponse)
def cycles_page(request: Request, st: State, caller: CallerDep) -> HTMLResponse:
    statuses = ops.cycles_for(st, caller)
    people = st.accounts.people(caller.person.org_id)
    chart = st.accounts.chart(caller.person.org_id)
    return page(
        request,
        "cycles.html",
        statuses=statuses,
        team_open={s.cycle.id: s.progress.open_for_team(chart, caller.person.id) for s in statuses},
        me=caller.person.id,
        names={p.id: p.name for p in people},
        managers=[p for p in people if any(q.manager_id == p.id for q in people)],
        task_labels=TASK_LABELS,
    )


@router.post("/cycles", response_model=None)
def open_cycle(
    st: State,
    caller: AdminDep,
    name: Annotated[str, Form(max_length=200)] = "",
    deadline: Annotated[str, Form(max_length=20)] = "",
    team_root_id: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    try:
        when = dt.date.fromisoformat(deadline) if deadline else None
    except ValueError:
        raise HTTPException(422, "deadline: not a date (YYYY-MM-DD)") from None
    ops.open_cycle(st, caller, name, when, team_root_id or None)
    return _back("/cycles")


# -- calibration and dashboard -------------------------------------------------------------------------
CALIBRATION_COLUMNS = [
    ("name", "Person"),
    ("title", "Title level"),
    ("placement", "Placed (self / manager)"),
    ("readiness", "Readiness"),
    ("flags", "Flags"),
]


@router.get("/team/calibration", response_class=HTMLResponse)
def calibration_page(
    request: Request, st: State, caller: CallerDep, root: str | None = None, flag: str | None = None, sort: str = "name"
) -> HTMLResponse:
    cal = ops.calibration(st, caller, root, flag if flag in FLAG_LABELS else None, sort)
    levels = _level_names(st)
    names = {p.id: p.name for p in cal.view.people.values()}
    # Each row's cells as text here: thousands of rows render without a template call per cell.
    lines = [
        (
            r,
            names.get(r.manager_id, ""),  # type: ignore[arg-type]
            levels.get(r.title_level, "—"),  # type: ignore[arg-type]
            f"{levels.get(r.self_placement, '—')} / {levels.get(r.manager_placement, '—')}",  # type: ignore[arg-type]
            "—"
            if r.readiness_score is None
            else f"{int(r.readiness_score * 100)}% for {levels.get(r.next_level, '—')}",  # type: ignore[arg-type]
            [FLAG_LABELS[f] for f in r.flags],
            "gates met" if r.experience_ok else "not yet",
        )
        for r in cal.rows
    ]
    return page(
        request,
        "calibration.html",
        cal=cal,
        lines=lines,
        flag=flag if flag in FLAG_LABELS else "",
        sort=sort,
        columns=CALIBRATION_COLUMNS,
        flag_labels=FLAG_LABELS,
        root=root or "",
    )


@router.get("/team/calibration.{extension}", response_model=None)
def calibration_export(
    extension: str, st: State, caller: CallerDep, root: str | None = None, flag: str | None = None
) -> Response:
    rows = ops.calibration_table(ops.calibration(st, caller, root, flag if flag in FLAG_LABELS else None))
    if extension == "json":
        return _download(json.dumps(rows, indent=2), "application/json", "calibration.json")
    if extension == "csv":
        return _download(ops.as_csv(rows), "text/csv", "calibration.csv")
    raise ops.not_found("No download as that; try .csv or .json.")


def _heatmap_cells(rows: list[tuple[str, list[str]]]) -> list[tuple[str, Markup]]:
    """Each heatmap table row's cells as one piece of HTML, each status's cell built once: the whole tree's
    10,000 cells rendered with three template expressions each took ~40 ms a request."""
    marks = STATUS_LABELS
    built: dict[str, str] = {}

    def cell(status: str) -> str:
        if status not in built:
            mark = marks.get(status, status).split(" ", 1)[0]
            built[status] = f'<td class="{escape(status)}" title="{escape(status)}">{escape(mark)}</td>'
        return built[status]

    return [(pid, Markup("".join(map(cell, statuses)))) for pid, statuses in rows]


@router.get("/team/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, st: State, caller: CallerDep, root: str | None = None) -> HTMLResponse:
    board = ops.dashboard(st, caller, root)
    names = {p.id: p.name for p in board.view.people.values()}
    levels = _level_names(st)
    labels = {**names, **levels}  # built once, not once per heatmap group
    return page(
        request,
        "dashboard.html",
        board=board,
        names=names,
        level_names=levels,
        pyramid=Markup(pyramid_svg(board.levels, levels)),
        heatmaps=[(g, Markup(heatmap_svg(g, labels)), _heatmap_cells(g.rows)) for g in board.heatmap],
        spans=Markup(span_svg(board.spans, names)) if board.spans else None,
        root=root or "",
    )


@router.get("/team/dashboard.{extension}", response_model=None)
def dashboard_export(
    extension: str, st: State, caller: CallerDep, root: str | None = None, table: str = "pyramid"
) -> Response:
    tables = ops.dashboard_tables(ops.dashboard(st, caller, root))
    if extension == "json":
        return _download(json.dumps(tables, indent=2), "application/json", "dashboard.json")
    if extension == "csv" and table in tables:
        return _download(ops.as_csv(tables[table]), "text/csv", f"dashboard-{table}.csv")
    raise ops.not_found("No download as that; try .json, or .csv?table=pyramid|heatmap|span_of_control|by_cycle.")


# -- promotion cases ---------------------------------------------------------------------------------
@router.post("/people/{person_id}/promotion", response_model=None)
def propose(
    person_id: str, st: State, caller: CallerDep, notes: Annotated[str, Form(max_length=5000)] = ""
) -> Response:
    case = ops.propose(st, caller, person_id, notes)
    return _back(f"/promotions/{case.id}")


def promotion_pdf_bytes(request: Request, st: AppState, found: ops.PromotionCase) -> bytes:
    """The one-page case as PDF, from the same template as the page; the API's download uses it too."""
    html = page(request, "promotion_pdf.html", case=found.case, view=found.view, level_names=_level_names(st))
    return operations.document_pdf(st, bytes(html.body).decode())


@router.get("/promotions/{promotion_id}.pdf", response_model=None)
def promotion_pdf(request: Request, promotion_id: str, st: State, caller: CallerDep) -> Response:
    found = ops.promotion_case(st, caller, promotion_id)
    return _download(promotion_pdf_bytes(request, st, found), "application/pdf", f"promotion-{promotion_id}.pdf")


@router.get("/promotions/{promotion_id}", response_class=HTMLResponse)
def promotion_page(request: Request, promotion_id: str, st: State, caller: CallerDep) -> HTMLResponse:
    found = ops.promotion_case(st, caller, promotion_id)
    return page(request, "promotion.html", case=found.case, view=found.view, level_names=_level_names(st))


@router.post("/promotions/{promotion_id}/decision", response_model=None)
def decide(
    promotion_id: str, st: State, caller: AdminDep, status: Annotated[Literal["approved", "declined"], Form()]
) -> Response:
    ops.decide(st, caller, promotion_id, status)
    return _back(f"/promotions/{promotion_id}")


# -- tokens, audit log, own data -----------------------------------------------------------------------
@router.get("/tokens", response_class=HTMLResponse)
def tokens_page(request: Request, st: State, caller: CallerDep) -> HTMLResponse:
    return page(request, "tokens.html", tokens=st.accounts.tokens(caller.person.id), secret=None)


@router.post("/tokens", response_class=HTMLResponse)
def create_token(
    request: Request, st: State, caller: CallerDep, name: Annotated[str, Form(max_length=100)] = ""
) -> HTMLResponse:
    """The secret is shown this once; only its hash is kept."""
    _, secret = st.accounts.create_token(caller.person, name)
    return page(request, "tokens.html", tokens=st.accounts.tokens(caller.person.id), secret=secret)


@router.post("/tokens/{token_id}/revoke", response_model=None)
def revoke_token(token_id: str, st: State, caller: CallerDep) -> Response:
    try:
        st.accounts.revoke_token(caller.person, token_id)
    except NotFound:
        raise ops.not_found() from None
    return _back("/tokens")


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, st: State, caller: AdminDep) -> HTMLResponse:
    return page(request, "audit.html", lines=ops.audit_log(st, caller))


@router.get("/me/export.json", response_model=None)
def export_me(st: State, caller: CallerDep) -> Response:
    """Everything pmpath holds about the caller."""
    data = st.reviews.export_person(caller.person.org_id, caller.person.id)
    return _download(json.dumps(data, indent=2, default=str), "application/json", "pmpath-my-data.json")


@router.get("/people/{person_id}/export.json", response_model=None)
def export_person(person_id: str, st: State, caller: AdminDep) -> Response:
    data = ops.export_person(st, caller, person_id)
    return _download(json.dumps(data, indent=2, default=str), "application/json", f"pmpath-{person_id}.json")
