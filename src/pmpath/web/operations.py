"""Each thing the web app does to stored data, once, for the API and the pages alike."""

from __future__ import annotations

import hashlib

from fastapi import HTTPException

from pmpath.assess import Answers, Assessment, assess
from pmpath.framework import Framework, Problem, ProblemsError
from pmpath.framework.source_map import Path_, located
from pmpath.reports import assessment_html
from pmpath.store import NotFound, StoredAssessment

from .offload import Checked, framework_in_helper, pdf_in_helper
from .pdf_cache import pdf_key
from .security import Caller
from .state import AppState

MAX_ID_CHARS, MAX_VERSION_CHARS, MAX_NAME_CHARS = 100, 50, 200  # the frameworks table's columns


def save_assessment(
    st: AppState, fw: Framework, answers: Answers, caller: Caller, subject_id: str | None = None
) -> StoredAssessment:
    """Assess and store, as the caller's own self-assessment or (subject_id) their review of a report;
    the framework version used is kept, so the assessment renders from it forever."""
    result = assess(fw, answers)
    if st.current(fw.id) is not None:
        st.keep(fw)
    org_id = caller.person.org_id
    subject = subject_id or caller.person.id
    return st.store.add_assessment(
        answers,
        result,
        org_id=org_id,
        subject_id=subject,
        author_id=caller.person.id,
        cycle_id=st.reviews.current_cycle_id(org_id, subject, st.accounts.chart(org_id)),
    )


def stored_row(st: AppState, caller: Caller, assessment_id: str) -> StoredAssessment:
    """An assessment the caller may read, as kept; anyone else's (another person's, another
    organization's) answers 404."""
    chart = st.accounts.chart(caller.person.org_id)
    try:
        return st.reviews.visible(caller.viewer, chart, st.policy, assessment_id)
    except NotFound:
        raise HTTPException(404, f"no assessment {assessment_id}") from None


def stored_assessment(
    st: AppState, caller: Caller, assessment_id: str
) -> tuple[StoredAssessment, Assessment, Framework]:
    """An assessment the caller may read, its result, and the framework version it was made with (to render it)."""
    stored = stored_row(st, caller, assessment_id)
    fw = st.framework_of(stored.framework_id, stored.framework_version, caller.person.org_id)
    return stored, Assessment.model_validate(stored.result), fw


def visible_assessments(st: AppState, caller: Caller) -> list[StoredAssessment]:
    """What the caller may read, newest first, without the full results."""
    return st.reviews.visible_list(caller.viewer, st.accounts.chart(caller.person.org_id), st.policy)


def document_pdf(st: AppState, html: str) -> bytes:
    """A page's PDF (job description, comparison, promotion case), rendered in the helper process under
    the time budget and kept by its content, so a second download of the same page renders nothing.
    Whoever reaches this has been allowed to see the HTML; equal HTML means an equal PDF."""
    key = "html:" + hashlib.sha256(html.encode()).hexdigest()
    return st.pdfs.get(key, lambda: pdf_in_helper(html, st.settings.max_render_seconds))


def assessment_pdf(st: AppState, stored: StoredAssessment, result: Assessment, fw: Framework) -> bytes:
    """The assessment's PDF, rendered once per assessment and framework version."""
    key = pdf_key(stored.id, fw.id, fw.version, stored.result)
    return st.pdfs.get(key, lambda: pdf_in_helper(assessment_html(fw, result), st.settings.max_render_seconds))


def upload_framework(st: AppState, text: str, filename: str, caller: Caller) -> Checked:
    """Validate a company's framework within the budget and store it; ProblemsError names file, line, field;
    409 when its id is built in or that version is already stored."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ProblemsError([Problem(filename, line, "", "the file contains a NUL character")])
    fw = framework_in_helper(text, filename, st.settings.framework_budget, st.settings.max_render_seconds)
    too_long: list[tuple[Path_, str]] = [
        ((name,), f"at most {limit} characters (got {len(value)})")
        for name, value, limit in (
            ("id", fw.id, MAX_ID_CHARS),
            ("version", fw.version, MAX_VERSION_CHARS),
            ("name", fw.name, MAX_NAME_CHARS),
        )
        if len(value) > limit
    ]
    if too_long:
        raise ProblemsError(located(text, filename, too_long))
    if st.current(fw.id) is not None:
        raise HTTPException(409, f"framework id '{fw.id}' is built into this server; give yours another id")
    if not caller.person.is_admin:
        raise HTTPException(403, "Only an admin can upload frameworks.")
    try:
        st.store.add_framework(fw.id, fw.version, fw.name, text, caller.person.org_id)
    except ValueError as error:
        raise HTTPException(409, str(error)) from None
    st.accounts.audit(caller.person.org_id, caller.person.id, "framework.uploaded", fw.id, version=fw.version)
    return fw
