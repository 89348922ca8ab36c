"""Drafted job descriptions as Markdown (to edit and publish), HTML and PDF."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment

from pmpath.framework import Framework
from pmpath.jd import Draft

from .render import _context, _env


@cache
def _html_env() -> Environment:
    """The reports' environment with escaping always on: a company name or edited line is user text."""
    return _env(True).overlay(autoescape=True)


def draft_markdown(fw: Framework, draft: Draft, with_sources: bool = False) -> str:
    """The posting as Markdown; `with_sources` adds each line's source section for review."""
    return _env(False).get_template("jd_draft.md.j2").render(_context(fw, d=draft, with_sources=with_sources))


def draft_html(fw: Framework, draft: Draft, with_sources: bool = False) -> str:
    """The posting as a printable HTML document (the PDF is made from it)."""
    return _html_env().get_template("jd_draft.html.j2").render(_context(fw, d=draft, with_sources=with_sources))
