"""The "Job descriptions" page: start a draft from the ladder or paste a posting; findings beside the text."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from markupsafe import Markup

from pmpath.jd import MAX_POSTING, Finding
from pmpath.leveling import MAX_TITLE
from pmpath.reports.jd import draft_html
from pmpath.reports.jd_text import LintReport

from . import operations
from .jd_api import LintIn, draft_of, lint_result
from .pages import page
from .state import AppState, state

router = APIRouter(include_in_schema=False)
State = Annotated[AppState, Depends(state)]


def marked(text: str, findings: Sequence[Finding]) -> Markup:
    """The posting, HTML-escaped, with each finding's words in a <mark> of its severity."""
    out, last = [], 0
    for f in sorted((f for f in findings if f.end > f.start), key=lambda f: f.start):
        if f.start < last:
            continue
        out.append(escape(text[last : f.start]))
        out.append(f'<mark class="{f.severity}" title="{escape(f.rule)}">{escape(text[f.start : f.end])}</mark>')
        last = f.end
    out.append(escape(text[last:]))
    return Markup("".join(out))


def _form(**values: str) -> dict[str, str]:
    return {key: values.get(key, "") for key in ("level", "company_size", "company", "title", "check_level")}


def _editor(
    request: Request,
    template: str,
    status: int,
    text: str,
    result: LintReport | None,
    error: str | None,
    form: dict[str, str],
) -> HTMLResponse:
    """The editor page (or its findings fragment) with the text, its findings marked in place."""
    marks = marked(text, result.findings) if result else None
    return page(request, template, status_code=status, text=text, result=result, error=error, form=form, marked=marks)


@router.get("/jd", response_class=HTMLResponse)
def jd_page(request: Request, st: State, level: str = "", company_size: str = "", company: str = "") -> HTMLResponse:
    """The editor, empty or started from a draft of a level."""
    text, result, error = "", None, None
    if level:
        try:
            text = draft_of(st, level, company_size, company).markdown
        except HTTPException as problem:
            error = str(problem.detail)
    if text:
        result = lint_result(st, LintIn(text=text, company_size=company_size or None))
    form = _form(level=level, company_size=company_size, company=company)
    return _editor(request, "jd.html", 422 if error else 200, text, result, error, form)


@router.post("/jd/lint", response_class=HTMLResponse)
def jd_lint(
    request: Request,
    st: State,
    text: Annotated[str, Form(max_length=MAX_POSTING)] = "",
    title: Annotated[str, Form(max_length=MAX_TITLE)] = "",
    check_level: Annotated[str, Form(max_length=100)] = "",
    company_size: Annotated[str, Form(max_length=40)] = "",
) -> HTMLResponse:
    """Findings for the text in the editor: a fragment for HTMX, the whole page without JavaScript."""
    fragment = bool(request.headers.get("HX-Request"))
    result: LintReport | None = None
    error = None
    try:
        result = lint_result(
            st, LintIn(text=text, title=title or None, level=check_level or None, company_size=company_size or None)
        )
    except HTTPException as problem:
        error = str(problem.detail)
    form = _form(title=title, check_level=check_level, company_size=company_size)
    template = "jd_findings.html" if fragment else "jd.html"
    # the fragment says what is wrong in a 200, so the findings pane always shows the latest answer
    return _editor(request, template, 422 if error and not fragment else 200, text, result, error, form)


@router.get("/jd/draft.{extension}", response_model=None)
def jd_download(
    extension: str, st: State, level: str, company_size: str = "", company: str = "", with_sources: bool = False
) -> Response:
    """A draft as a document to share: Markdown, printable HTML or PDF (with sources for review if asked)."""
    if extension not in ("md", "html", "pdf"):
        raise HTTPException(404, f"No download as .{extension}; try .pdf, .html or .md.")
    drafted = draft_of(st, level, company_size, company)
    disposition = {"Content-Disposition": f'attachment; filename="{drafted.draft.level}-job-description.{extension}"'}
    if extension == "md":
        return PlainTextResponse(drafted.markdown, media_type="text/markdown", headers=disposition)
    html = draft_html(st.default, drafted.draft, with_sources)
    if extension == "html":
        return HTMLResponse(html, headers=disposition)
    return Response(operations.document_pdf(st, html), media_type="application/pdf", headers=disposition)
