"""Readiness for the next level, criterion by criterion, and the experience check for it."""

from __future__ import annotations

from pmpath.framework import Framework

from .answers import Answers
from .result import CriterionResult, ExperienceCheck, Readiness

_POINTS = {"met": 1.0, "partly": 0.5, "not-yet": 0.0, "unanswered": 0.0}


def readiness(fw: Framework, answers: Answers, level_id: str) -> Readiness:
    """Ready means every criterion for leaving `level_id` is met; partly counts half in the score."""
    level = fw.level(level_id)
    nxt = fw.next_level(level_id)
    results = []
    for criterion in level.readiness.criteria if level.readiness else []:
        answer = answers.criteria.get(criterion.id)
        results.append(
            CriterionResult(
                id=criterion.id,
                text=criterion.text,
                status=answer.status if answer else "unanswered",
                evidence=answer.evidence if answer else "",
                source=level.readiness.source,
                source_heading=fw.section_heading(level.readiness.source),
            )
        )
    score = sum(_POINTS[r.status] for r in results) / len(results) if results else 0.0
    return Readiness(
        from_level=level_id,
        to_level=nxt.id if nxt else None,
        ready=bool(results) and all(r.status == "met" for r in results),
        score=round(score, 3),
        derived=bool(level.readiness and level.readiness.derived),
        criteria=results,
    )


def experience_check(fw: Framework, answers: Answers, level_id: str) -> ExperienceCheck:
    """Years of product experience and of leading people against what the next level typically asks."""
    nxt = fw.next_level(level_id)
    exp = nxt.experience if nxt else fw.level(level_id).experience
    needed = exp.min_years(answers.company_size) if nxt else None
    leading = exp.leading_years if nxt else None
    short = []
    if needed is not None and answers.years_experience < needed:
        short.append(f"{needed - answers.years_experience:g} more year(s) of product experience")
    if leading and answers.years_leading < leading:
        short.append(f"{leading - answers.years_leading:g} more year(s) leading people")
    if nxt is None:
        note = "The top of the ladder: no next level to check against."
    else:
        size = next((s.name.lower() for s in fw.company_sizes if s.id == answers.company_size), "any company size")
        estimate = " (a pmpath estimate; the source gives no figure)" if exp.estimate else ""
        note = (
            f"{nxt.name} typically asks for {needed}+ years at a {size}{estimate}"
            + (f" and {leading}+ years leading people" if leading else "")
            + (": you have the years." if not short else f": you need {' and '.join(short)}.")
        )
    return ExperienceCheck(
        years=answers.years_experience,
        years_needed=needed,
        years_leading=answers.years_leading,
        leading_needed=leading,
        company_size=answers.company_size,
        ok=not short,
        note=note,
        source=exp.source,
    )
