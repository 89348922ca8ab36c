"""Each thing the web app does to stored data, once, for the API and the pages alike."""

from __future__ import annotations

from fastapi import HTTPException

from pmpath.assess import Answers, Assessment, assess
from pmpath.framework import Framework, Problem, ProblemsError
from pmpath.framework.source_map import Path_, located
from pmpath.reports import assessment_html
from pmpath.store import NotFound, StoredAssessment

from .offload import Checked, framework_in_helper, pdf_in_helper
from .pdf_cache import pdf_key
from .state import AppState

MAX_ID_CHARS, MAX_VERSION_CHARS, MAX_NAME_CHARS = 100, 50, 200  # the frameworks table's columns


def save_assessment(st: AppState, fw: Framework, answers: Answers) -> StoredAssessment:
    """Assess and store; the framework version used is kept, so the assessment renders from it forever."""
    result = assess(fw, answers)
    if st.current(fw.id) is not None:
        st.keep(fw)
    return st.store.add_assessment(answers, result)


def stored_row(st: AppState, assessment_id: int) -> StoredAssessment:
    """A stored assessment as kept, or 404."""
    try:
        return st.store.assessment(assessment_id)
    except NotFound as error:
        raise HTTPException(404, str(error)) from None


def stored_assessment(st: AppState, assessment_id: int) -> tuple[StoredAssessment, Assessment, Framework]:
    """A stored assessment, its result, and the framework version it was made with (to render it)."""
    stored = stored_row(st, assessment_id)
    fw = st.framework_of(stored.framework_id, stored.framework_version)
    return stored, Assessment.model_validate(stored.result), fw


def assessment_pdf(st: AppState, stored: StoredAssessment, result: Assessment, fw: Framework) -> bytes:
    """The assessment's PDF, rendered once per assessment and framework version."""
    key = pdf_key(stored.id, fw.id, fw.version, stored.result)
    return st.pdfs.get(key, lambda: pdf_in_helper(assessment_html(fw, result), st.settings.max_render_seconds))


def upload_framework(st: AppState, text: str, filename: str) -> Checked:
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
    try:
        st.store.add_framework(fw.id, fw.version, fw.name, text)
    except ValueError as error:
        raise HTTPException(409, str(error)) from None
    return fw
