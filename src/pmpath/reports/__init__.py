"""Reports: Markdown, HTML and PDF renderings of assessments, comparisons and career paths (shell)."""

from .render import (
    assessment_html,
    assessment_markdown,
    assessment_radar,
    comparison_html,
    comparison_markdown,
    pdf_bytes,
    plan_html,
    plan_markdown,
)

__all__ = [
    "assessment_html",
    "assessment_markdown",
    "assessment_radar",
    "comparison_html",
    "comparison_markdown",
    "pdf_bytes",
    "plan_html",
    "plan_markdown",
]
