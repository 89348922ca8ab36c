"""Assessments, comparisons and career paths as Markdown, HTML and PDF documents."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from pmpath.assess import Assessment, Comparison
from pmpath.assess.result import STATUS_LABELS
from pmpath.framework import Framework
from pmpath.framework.model import HORIZON_LABELS
from pmpath.planner import CareerPath

from .charts import radar_svg, timeline_svg


@cache
def _env(autoescape: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("pmpath.reports", "templates"),
        autoescape=select_autoescape(["html", "html.j2"]) if autoescape else False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(status_mark=STATUS_LABELS, horizons=HORIZON_LABELS)
    return env


def assessment_radar(fw: Framework, result: Assessment) -> str:
    axes = [c.name for c in fw.competencies]
    series = [
        (
            "You" if result.assessor == "self" else "Assessed",
            [result.ratings.get(c.id, 0) for c in fw.competencies],
            "#175cd3",
            True,
        ),
        (
            f"Expected: {fw.level(result.basis).short_name}",
            [result.expected_current[c.id] for c in fw.competencies],
            "#667085",
            False,
        ),
    ]
    if result.next_level:
        series.append(
            (
                f"Expected: {fw.level(result.next_level).short_name}",
                [result.expected_next[c.id] for c in fw.competencies],
                "#dc6803",
                False,
            )
        )
    return radar_svg(axes, series, fw.max_depth)


def next_step_name(fw: Framework, result: Assessment) -> str:
    """What an assessment moves towards, in the framework's own names: the next level, or at the top
    the off-ramps the framework opens from there ('an off-ramp: General Manager or ...')."""
    if result.next_level:
        return fw.level(result.next_level).name
    ramps = [o.name for o in fw.beyond.offramps if result.basis in o.from_levels] if fw.beyond else []
    if not ramps:
        return "a role beyond the ladder"
    listed = ramps[0] if len(ramps) == 1 else f"{', '.join(ramps[:-1])} or {ramps[-1]}"
    return f"an off-ramp ({listed})"


def _context(fw: Framework, **kwargs: object) -> dict:
    sizes = {s.id: s.name.lower() for s in fw.company_sizes}
    return {
        "fw": fw,
        "level": fw.level,
        "competency": fw.competency,
        "heading": fw.section_heading,
        "size_name": lambda size_id: sizes.get(size_id, size_id),
        "next_step_name": lambda result: next_step_name(fw, result),
        **kwargs,
    }


def assessment_markdown(fw: Framework, result: Assessment) -> str:
    return _env(False).get_template("assessment.md.j2").render(_context(fw, a=result))


def assessment_html(fw: Framework, result: Assessment) -> str:
    return (
        _env(True).get_template("assessment.html.j2").render(_context(fw, a=result, radar=assessment_radar(fw, result)))
    )


def comparison_markdown(fw: Framework, comparison: Comparison) -> str:
    return _env(False).get_template("comparison.md.j2").render(_context(fw, c=comparison))


def comparison_html(fw: Framework, comparison: Comparison) -> str:
    return _env(True).get_template("comparison.html.j2").render(_context(fw, c=comparison))


def plan_markdown(fw: Framework, path: CareerPath) -> str:
    return _env(False).get_template("plan.md.j2").render(_context(fw, p=path))


def plan_html(fw: Framework, path: CareerPath) -> str:
    names = {level.id: level.name for level in fw.levels}
    return _env(True).get_template("plan.html.j2").render(_context(fw, p=path, timeline=timeline_svg(path, names)))


def pdf_bytes(html: str) -> bytes:
    """A printable PDF of an HTML report (WeasyPrint, imported only when a PDF is asked for)."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
