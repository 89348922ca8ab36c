"""Gaps to the next level, ordered by what matters most, and the growth plan that closes them."""

from __future__ import annotations

from pmpath.framework import Framework
from pmpath.framework.model import Horizon

from .readiness import size_name
from .result import ExperienceCheck, Gap, PlanItem, Readiness

LEADING_FIRST, LEADING_MORE = "leading-experience", "leading-years"  # ids of the two leading gaps


def gaps(fw: Framework, ratings: dict[str, int], ready: Readiness, experience: ExperienceCheck) -> list[Gap]:
    """Unmet criteria, competencies short of the next level, and missing years; most important first.

    Every gap names the level it is measured against and the source section behind it.
    """
    weights = fw.rules.weights
    by_status = {"not-yet": weights.not_yet, "unanswered": weights.unanswered, "partly": weights.partly}
    out: list[Gap] = []
    unmet_links: dict[str, int] = {}
    level = fw.level(ready.from_level)
    to_level = ready.to_level or ""
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
                weight=by_status[result.status],
                level=to_level,
                source=result.source,
                source_heading=result.source_heading,
                derived=result.derived,
            )
        )
        for comp_id in by_id[result.id].competencies:
            unmet_links[comp_id] = unmet_links.get(comp_id, 0) + 1
    if ready.to_level is not None:
        target = fw.level(ready.to_level)
        out += competency_gaps(fw, ratings, target.id, unmet_links)
    if not experience.years_ok:
        size = f" at a {size_name(fw, experience.company_size)}" if experience.years_by_size else ""
        out.append(
            Gap(
                kind="experience",
                id="experience",
                name="Years of product experience",
                current=f"{experience.years:g} years",
                expected=f"{experience.years_needed}+ years{size}"
                + (" (assumed size)" if experience.size_assumed else ""),
                weight=weights.experience,
                level=to_level,
                source=experience.source,
                source_heading=fw.section_heading(experience.source),
                derived=experience.sizes_derived,
                estimate=experience.estimate,
            )
        )
    if not experience.leading_ok:
        failing = [g for g in experience.gates if not g.passed]
        source = failing[0].source if failing else experience.source
        out.append(
            Gap(
                kind="leading",
                id=LEADING_MORE if experience.years_leading > 0 else LEADING_FIRST,
                name="Years leading people" if experience.leading_needed else "Experience leading people",
                current=f"{experience.years_leading:g} years",
                expected=f"{experience.leading_needed}+ years" if experience.leading_needed else "some",
                weight=weights.experience,
                level=to_level,
                source=source,
                source_heading=fw.section_heading(source),
            )
        )
    return sorted(out, key=lambda g: -g.weight)


def competency_gaps(fw: Framework, ratings: dict[str, int], level_id: str, linked: dict[str, int]) -> list[Gap]:
    """Competencies rated below a level's expected depths, each named with the level and its section."""
    weights = fw.rules.weights
    target = fw.level(level_id)
    out = []
    for comp in fw.competencies:
        short = target.expectations[comp.id] - ratings.get(comp.id, 0)
        if short > 0:
            out.append(
                Gap(
                    kind="competency",
                    id=comp.id,
                    name=comp.name,
                    current=str(ratings.get(comp.id, 0)),
                    expected=str(target.expectations[comp.id]),
                    weight=weights.per_point * short + (weights.linked if comp.id in linked else 0.0),
                    level=target.id,
                    source=target.source,
                    source_heading=fw.section_heading(target.source),
                    derived=target.expectations_derived,
                )
            )
    return out


def _item(fw: Framework, gap: Gap, text: str, horizon: Horizon, source: str, derived: bool) -> PlanItem:
    """One action of the plan, naming the gap it closes, the level it prepares for and its section."""
    return PlanItem(
        gap=gap.id,
        gap_name=gap.name,
        level=gap.level,
        action=text,
        horizon=horizon,
        source=source,
        source_heading=fw.section_heading(source),
        derived=derived,
    )


def growth_plan(
    fw: Framework, found: list[Gap], ready: Readiness, limit: int | None = None, leads: bool = False
) -> list[PlanItem]:
    """Actions from the framework for each gap, one per gap in the gaps' order before any gap's second.

    A competency gets only the actions for the depths between the rating and the level moved to, so
    nobody is handed the work of a level two steps up, and only those that fit whether the person
    already leads people (`leads`). `limit` None means every action.
    """
    level = fw.level(ready.from_level)
    criteria = {c.id: c for c in (level.readiness.criteria if level.readiness else [])}
    per_gap: list[list[PlanItem]] = []
    for gap in found:
        items: list[PlanItem] = []
        if gap.kind == "criterion":
            for action in criteria[gap.id].actions:
                items.append(_item(fw, gap, action.text, action.horizon, gap.source, action.derived))
        elif gap.kind == "competency":
            low, high = int(gap.current), int(gap.expected)
            for growth in fw.competency(gap.id).actions:
                if low < growth.depth <= high and growth.leads in (None, leads):
                    items.append(_item(fw, gap, growth.text, growth.horizon, growth.source, growth.derived))
        else:
            rules = fw.rules
            waiting = rules.experience_action
            if gap.kind == "leading":
                waiting = rules.leading_years_action if gap.id == LEADING_MORE else rules.leading_action
            if waiting is not None:
                items.append(_item(fw, gap, waiting.text, waiting.horizon, gap.source, waiting.derived))
        per_gap.append(items)
    plan: list[PlanItem] = []
    seen: set[str] = set()
    for round_ in range(max((len(items) for items in per_gap), default=0)):
        for items in per_gap:
            if round_ < len(items) and items[round_].action not in seen:
                seen.add(items[round_].action)
                plan.append(items[round_])
    return plan if limit is None else plan[:limit]
