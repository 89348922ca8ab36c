"""Lint findings in words: the one place their messages and fixes are written, for every face
(terminal, JSON, SARIF, the API and the page), so the core only returns facts."""

from __future__ import annotations

from pydantic import Field

from pmpath.framework import Framework
from pmpath.jd import Finding, LintResult


class FindingReport(Finding):
    """A finding with its message and suggested fix in words."""

    message: str
    fix: str


class LintReport(LintResult):
    """A lint result whose findings carry their words: what `jd lint --format json` and the API return."""

    findings: list[FindingReport] = Field(default_factory=list)  # type: ignore[assignment]


def a(name: str) -> str:
    """'a Director of Product', 'an Associate Product Manager', 'an MBA' (an initialism is read letter by letter)."""
    first = name.split()[0] if name.split() else name
    spelled = len(first) > 1 and first.isupper()
    return f"{'an' if name[:1].lower() in ('aefhilmnorsx' if spelled else 'aeiou') else 'a'} {name}"


def _years(n: int | None) -> str:
    """'1 year', '5 years'."""
    return f"{n} year" if n == 1 else f"{n} years"


def _sentences(lines: list[str]) -> str:
    """Statements run together as sentences, each ending in its own stop."""
    return " ".join(line if line.rstrip()[-1:] in ".!?" else f"{line}." for line in lines)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _usual(fw: Framework, result: LintResult, f: Finding) -> str:
    """'about 5+ years', '5+ to 10+ years by company size', 'no prior years'."""
    if f.expected_top is not None and f.expected_top != f.expected:
        return f"{f.expected}+ to {f.expected_top}+ years by company size"
    return f"about {f.expected}+ years" if f.expected else "no prior years"


def message_and_fix(fw: Framework, result: LintResult, f: Finding) -> tuple[str, str]:
    """What a finding says and what to do about it, in words."""
    posted = fw.level(result.level)
    target = fw.level(f.points_to) if f.points_to else None
    size = next((s.name.lower() for s in fw.company_sizes if s.id == result.company_size), None)
    where = f" at a {size}" if size else ""
    if f.rule == "title-level" and target:
        said = "The title says" if result.level_from == "title" else "The level asked for is"
        kind = "inflated" if fw.index(target.id) < fw.index(posted.id) else "deflated"
        return (
            f"{said} {posted.name} but the text reads like {target.name} ({kind} title).",
            f"Either title it {target.name}, or give the text the work of {a(posted.name)}: {posted.summary}",
        )
    if f.rule in ("years-too-few", "years-too-many") and target:
        usual = _usual(fw, result, f)
        if f.rule == "years-too-few":
            estimate = " (a pmpath estimate)" if posted.experience.estimate else ""
            smallest = " even at the smallest company size" if f.expected_top not in (None, f.expected) else ""
            said = f"far below the {f.expected}+ years {a(posted.name)} usually has{where}{smallest}{estimate}"
            move = "title the posting"
        else:
            said = f"the experience of {a(target.name)}, not {a(posted.name)} ({usual}{where})"
            move = "post the role as"
        return (
            f"{_years(f.value)} asked, {said}.",
            f"Ask for {usual}, or {move} {target.name}, the level {_years(f.value)} fits.",
        )
    if f.rule == "years-contradict" and len(f.names) == 2:
        low, high = (fw.level(n).name for n in f.names)
        return (
            f"{_years(f.value)} asked here and {f.other} on line {f.other_line} for the same experience: "
            f"{a(low)} and {a(high)}.",
            "Ask for one figure of this experience; name other experience (leading people, a domain) as such.",
        )
    if f.rule == "asks-above-level" and target:
        return (
            f'"{f.quote}" asks {a(posted.name)} for {target.name} work: {f.statement}',
            f"Drop it or scale it to the level ({a(posted.name)}: {posted.summary.rstrip('.')}), "
            f"or post the role as {target.name}.",
        )
    if f.rule == "missing-core" and f.statement:
        return (
            f"{_capital(a(posted.name))} posting that never names a core duty: {f.statement[0].lower()}{f.statement[1:]}",
            f"Add what the role does here: {f.statement}",
        )
    if f.rule == "lookalike-title" and target:
        return (
            f'"{result.title}" titles product management work ({", ".join(f.names[:5])}).',
            f"Title it {target.name}, the ladder's name for this work at this level.",
        )
    if f.rule == "education-beyond" and f.names:
        said = _sentences([s.text for s in posted.education]) or "it names no education."
        degree = f"{f.names[0]} degree" if f.names[0].endswith("'s") else f.names[0]  # "a bachelor's degree"
        return (
            f"{_capital(a(degree))} is required, where for {a(posted.name)} the source says: {said}",
            f"Make the {degree} preferred, or accept equivalent experience.",
        )
    if f.rule == "too-thin":
        thin_words = fw.jd.thin_words if fw.jd else 0
        why = (
            f"{f.value} words"
            if f.value is not None and f.value < thin_words
            else f"the text alone reads as {target.name if target else '?'} with {f.expected}% confidence"
        )
        return (
            f"Too thin to level with confidence: {why}.",
            f"Describe the scope, duties and experience of the role; for {a(posted.name)} draft: "
            f"pmpath jd draft {posted.id}.",
        )
    return f"{f.rule} at line {f.line}.", "See the framework statement."


def lint_report(fw: Framework, result: LintResult) -> LintReport:
    """The result with every finding in words."""
    findings = []
    for f in result.findings:
        message, fix = message_and_fix(fw, result, f)
        findings.append(FindingReport.model_validate({**f.model_dump(), "message": message, "fix": fix}))
    return LintReport.model_validate({**result.model_dump(), "findings": findings})
