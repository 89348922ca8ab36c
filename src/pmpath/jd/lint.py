"""Linting a posting: the level it is checked against, every rule's findings, severities from the framework."""

from __future__ import annotations

import re

from pmpath.framework import Framework

from .model import Finding, LintResult, PostingError
from .posting import checked_text, line_column, readable
from .readings import level_of_title, read_posting, title_of
from .rules import LOOKALIKE_ROLES, RULES, Context, off_the_ladder


def jd_config(fw: Framework):
    """The framework's `jd:` section, or PostingError when the framework has none."""
    if fw.jd is None:
        raise PostingError(f"the framework '{fw.id}' has no 'jd' section; job descriptions need one")
    return fw.jd


def known_size(fw: Framework, size: str | None) -> str | None:
    """The company size id, or PostingError naming the known ones."""
    if size is None or size == "":
        return None
    found = fw.find_size(size)  # an id, or words of a size's name ('Enterprise')
    if found is None:
        raise PostingError(f"unknown company size '{size}'; use one of: {', '.join(s.id for s in fw.company_sizes)}")
    return found.id


def known_level(fw: Framework, query: str) -> str:
    """The level id a user means by an id or a title, or PostingError naming the known ids."""
    level = fw.find_level(query)
    if level is None:
        raise PostingError(f"unknown level '{query}'; use one of: {', '.join(fw.level_ids)}")
    return level.id


_LONE_CR = re.compile(r"\r(?!\n)")


def lint_posting(
    fw: Framework,
    text: str,
    title: str | None = None,
    level: str | None = None,
    company_size: str | None = None,
) -> LintResult:
    """Check a posting against the ladder: the level it is posted at (given, from its title, or read
    from its text) and every rule the framework turns on."""
    jd = jd_config(fw)
    original = _LONE_CR.sub("\n", checked_text(text))  # old Mac line ends: the same places, lines counted
    text = readable(original)  # what the rules read; places, lines and quotes are the original's
    if not text.strip():
        raise PostingError("the posting has no text outside its HTML markup")
    size = known_size(fw, company_size)
    given = known_level(fw, level) if level else None
    title_line = title_of(fw, text, title)
    body_start = title_line.end if title_line is not None and title_line.end is not None else 0
    reading = read_posting(fw, title_line.text if title_line else None, text[body_start:]).shifted(body_start)
    title_level, title_role, _ = level_of_title(fw, title_line.text) if title_line else (None, "", None)
    if title_role in LOOKALIKE_ROLES:  # 'Senior Project Manager': a seniority, not a product level
        title_level = None  # the work decides the level; lookalike-title speaks to the title
    if given is not None:
        posted, posted_from = given, "given"
    elif title_level is not None:
        posted, posted_from = title_level, "title"
    else:  # a look-alike title's seniority is no product level: the text alone decides
        posted, posted_from = (reading.text_level if title_role in LOOKALIKE_ROLES else reading.level), "text"
    context = Context(fw, jd, text, title_line, fw.level(posted), posted_from, size, reading)
    off_ladder = off_the_ladder(context)
    findings = []
    for rule in () if off_ladder else RULES:
        for raw in rule(context):
            severity = jd.rules[raw.rule].severity  # type: ignore[index]
            if severity == "off":
                continue
            line, column = line_column(original, raw.start)
            findings.append(
                Finding(
                    rule=raw.rule,
                    severity=severity,
                    quote=original[raw.start : raw.end],
                    start=raw.start,
                    end=raw.end,
                    line=line,
                    column=column,
                    points_to=raw.points_to,
                    value=raw.value,
                    expected=raw.expected,
                    expected_top=raw.expected_top,
                    other=raw.other,
                    other_line=line_column(original, raw.other_at)[0] if raw.other_at is not None else None,
                    names=list(raw.names),
                    statement=raw.statement,
                    why=jd.rules[raw.rule].text,  # type: ignore[index]
                    source=raw.source,
                    source_heading=fw.section_heading(raw.source),
                )
            )
    findings.sort(key=lambda f: (f.severity != "error", f.start))
    return LintResult(
        level=posted,
        level_name=fw.level(posted).name,
        level_from=posted_from,  # type: ignore[arg-type]
        title=title_line.text if title_line else None,
        company_size=size,
        text_level=reading.text_level,
        text_silent=reading.text_silent,
        title_level=title_level,
        confidence=reading.confidence,
        years_required=reading.years_required,
        findings=findings,
        off_ladder=off_ladder,
        errors=sum(f.severity == "error" for f in findings),
        warnings=sum(f.severity == "warning" for f in findings),
    )
