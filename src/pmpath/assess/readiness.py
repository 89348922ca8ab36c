"""Readiness for the next level, criterion by criterion, and the experience check for it."""

from __future__ import annotations

from pmpath.framework import Criterion, Framework
from pmpath.framework.model import Readiness as ReadinessBlock

from .answers import Answers, CriterionAnswer
from .placement import gate_results
from .result import CriterionResult, ExperienceCheck, Readiness

_POINTS = {"met": 1.0, "partly": 0.5, "not-yet": 0.0, "unanswered": 0.0}


def readiness(fw: Framework, answers: Answers, level_id: str) -> Readiness:
    """Ready means every criterion for leaving `level_id` is met; partly counts half in the score."""
    level = fw.level(level_id)
    nxt = fw.next_level(level_id)
    block = level.readiness
    derived = bool(block and block.derived)
    results = [_result(fw, c, block, answers.criteria.get(c.id)) for c in block.criteria] if block else []
    score = sum(_POINTS[r.status] for r in results) / len(results) if results else 0.0
    return Readiness(
        from_level=level_id,
        to_level=nxt.id if nxt else None,
        ready=bool(results) and all(r.status == "met" for r in results),
        score=round(score, 3),
        derived=derived,
        criteria=results,
        unused=_unused(fw, answers, {r.id for r in results}),
    )


def _unused(fw: Framework, answers: Answers, measured: set[str]) -> list[CriterionResult]:
    """The criteria answered that this readiness does not measure, in the ladder's order."""
    return [
        _result(fw, c, level.readiness, answers.criteria[c.id])
        for level in fw.levels
        if level.readiness
        for c in level.readiness.criteria
        if c.id in answers.criteria and c.id not in measured
    ]


def _result(
    fw: Framework, criterion: Criterion, block: ReadinessBlock, answer: CriterionAnswer | None
) -> CriterionResult:
    """One criterion with the person's answer (or none) and the section it rests on."""
    return CriterionResult(
        id=criterion.id,
        text=criterion.text,
        status=answer.status if answer else "unanswered",
        evidence=answer.evidence if answer else "",
        source=block.source,
        source_heading=fw.section_heading(block.source),
        derived=bool(block.derived),
    )


def size_name(fw: Framework, size_id: str | None) -> str:
    return next((s.name.lower() for s in fw.company_sizes if s.id == size_id), size_id or "")


def experience_check(fw: Framework, answers: Answers, level_id: str) -> ExperienceCheck:
    """Years of product experience, of leading people and the gates, against what the next level asks.

    When the next level's figure depends on company size and none is given, the range is shown and
    the framework's assumed size is used, and the note says so; the most lenient figure is never
    taken silently.
    """
    nxt = fw.next_level(level_id)
    if nxt is None:
        exp = fw.level(level_id).experience
        return ExperienceCheck(
            years=answers.years_experience,
            years_needed=None,
            years_leading=answers.years_leading,
            leading_needed=None,
            company_size=answers.company_size,
            ok=True,
            note="The top of the ladder: no next level to check against.",
            source=exp.source,
            level=level_id,
        )
    exp = nxt.experience
    by_size = dict(exp.years) if isinstance(exp.years, dict) else {}
    size, assumed = answers.company_size, False
    if size is None and exp.depends_on_size():
        size, assumed = fw.rules.assumed_company_size, fw.rules.assumed_company_size is not None
    needed = exp.min_years(size) if size is not None else exp.max_years()
    gates = gate_results(fw, nxt.id, answers.years_leading)
    gate_years = [int(g.years_needed) for g in gates if g.needs == "years-leading" and g.years_needed]
    leading = max([exp.leading_years or 0, *gate_years]) or None
    years_ok = answers.years_experience >= needed
    leading_ok = (not leading or answers.years_leading >= leading) and all(g.passed for g in gates)
    note = _experience_note(fw, nxt.name, exp, needed, leading, by_size, size, assumed, answers, gates)
    return ExperienceCheck(
        years=answers.years_experience,
        years_needed=needed,
        years_leading=answers.years_leading,
        leading_needed=leading,
        company_size=size,
        ok=years_ok and leading_ok,
        note=note,
        source=exp.source,
        level=nxt.id,
        years_by_size=by_size,
        size_assumed=assumed,
        years_ok=years_ok,
        leading_ok=leading_ok,
        gates=gates,
        estimate=exp.estimate,
        sizes_derived=exp.sizes_derived,
    )


def _experience_note(fw, name, exp, needed, leading, by_size, size, assumed, answers, gates) -> str:
    """One paragraph: what the next level asks, at which company size, and what is missing."""
    if exp.depends_on_size():
        spread = ", ".join(f"{by_size[s.id]}+ at a {s.name.lower()}" for s in fw.company_sizes if s.id in by_size)
        asks = f"{name} asks for {min(by_size.values())} to {max(by_size.values())}+ years depending on company size ({spread})"
        if assumed:
            asks += f"; you gave no company size, so pmpath assumed a {size_name(fw, size)}: {needed}+ years"
        elif size is not None:
            asks += f"; at your {size_name(fw, size)}: {needed}+ years"
        if exp.sizes_derived:
            asks += " (which figure goes with which size is pmpath's reading)"
    else:
        asks = f"{name} typically asks for {needed}+ years of product experience"
    if exp.estimate:
        asks += " (a pmpath estimate; the source gives no figure)"
    if leading:
        asks += f", and {leading}+ years leading people"
    elif any(g.needs == "leading-experience" for g in gates):
        asks += ", and experience of leading people"
    short = []
    if answers.years_experience < needed:
        short.append(f"{_years(needed - answers.years_experience)} more of product experience")
    if leading and answers.years_leading < leading:
        short.append(f"{_years(leading - answers.years_leading)} more leading people")
    elif any(not g.passed and g.needs == "leading-experience" for g in gates):
        short.append("experience of leading people (you report none)")
    return asks + (". You have what it asks." if not short else f". You need {' and '.join(short)}.")


def _years(amount: float) -> str:
    """'1 year', '2.5 years': a number of years said as a person would."""
    return f"{amount:g} year" + ("" if amount == 1 else "s")
