"""Gaps to the next level, ordered by what matters most, and the growth plan that closes them."""

from __future__ import annotations

from pmpath.framework import Framework

from .result import ExperienceCheck, Gap, PlanItem, Readiness

CRITERION_WEIGHT = {"not-yet": 3.0, "unanswered": 2.5, "partly": 2.0}
COMPETENCY_WEIGHT = 1.5  # per point short of the next level's expectation
LINKED_BONUS = 1.0  # a competency an unmet criterion names matters more
EXPERIENCE_WEIGHT = 1.0  # time cannot be hurried; it is listed, not prioritized


def gaps(fw: Framework, ratings: dict[str, int], ready: Readiness, experience: ExperienceCheck) -> list[Gap]:
    """Unmet criteria, competencies short of the next level, and missing years; most important first."""
    out: list[Gap] = []
    unmet_links: dict[str, int] = {}
    level = fw.level(ready.from_level)
    by_id = {c.id: c for c in (level.readiness.criteria if level.readiness else [])}
    for result in ready.criteria:
        if result.status == "met":
            continue
        out.append(
            Gap(
                kind="criterion",
                id=result.id,
                name=result.text,
                current=result.status,
                expected="met",
                weight=CRITERION_WEIGHT[result.status],
            )
        )
        for comp_id in by_id[result.id].competencies:
            unmet_links[comp_id] = unmet_links.get(comp_id, 0) + 1
    if ready.to_level is not None:
        target = fw.level(ready.to_level)
        for comp in fw.competencies:
            short = target.expectations[comp.id] - ratings.get(comp.id, 0)
            if short > 0:
                weight = COMPETENCY_WEIGHT * short + (LINKED_BONUS if comp.id in unmet_links else 0.0)
                out.append(
                    Gap(
                        kind="competency",
                        id=comp.id,
                        name=comp.name,
                        current=str(ratings.get(comp.id, 0)),
                        expected=str(target.expectations[comp.id]),
                        weight=weight,
                    )
                )
    if not experience.ok:
        out.append(
            Gap(
                kind="experience",
                id="experience",
                name="Experience",
                current=f"{experience.years:g} years",
                expected=f"{experience.years_needed}+ years",
                weight=EXPERIENCE_WEIGHT,
            )
        )
    return sorted(out, key=lambda g: -g.weight)


def growth_plan(fw: Framework, found: list[Gap], ready: Readiness) -> list[PlanItem]:
    """Concrete actions from the framework for each gap, in the gaps' order."""
    level = fw.level(ready.from_level)
    criteria = {c.id: c for c in (level.readiness.criteria if level.readiness else [])}
    plan: list[PlanItem] = []
    for gap in found:
        if gap.kind == "criterion":
            for action in criteria[gap.id].actions:
                plan.append(
                    PlanItem(gap=gap.id, action=action.text, horizon=action.horizon, source=ready.criteria[0].source)
                )
        elif gap.kind == "competency":
            comp = fw.competency(gap.id)
            horizon = "quarter" if int(gap.expected) - int(gap.current) <= 1 else "year"
            for action in comp.actions:
                plan.append(PlanItem(gap=gap.id, action=action.text, horizon=horizon, source=action.source))
        else:
            plan.append(
                PlanItem(
                    gap=gap.id,
                    action="Keep building experience; the years come with time, so put them to work on the gaps above.",
                    horizon="year",
                    source=fw.level(ready.to_level).experience.source if ready.to_level else level.source,
                )
            )
    return plan
