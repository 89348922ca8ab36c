"""The steps from a level to a target, each gated by the framework's experience figures.

Timing rule: a step is reached at the earliest time that (a) its typical years of product
experience are reached, (b) its years of leading people are reached, and (c) at least the framework's
rules.min_years_per_step after the step before. (c) is a pmpath estimate; the source gives no time.
Leading people is counted from now for years already led; otherwise from the level before the first
step whose gate asks for leading (the source wants that experience before the step, as a senior PM
leading more junior PMs), or from the first level that leads people when no gate asks earlier.
"""

from __future__ import annotations

import math

from pydantic import BaseModel

from pmpath.framework import Framework
from pmpath.framework.model import Rules

MAX_YEARS = 60  # a working life; the answers file has the same bound
MIN_YEARS_PER_STEP = Rules().min_years_per_step  # the default; a framework sets its own in rules


def timing_rule(fw: Framework) -> str:
    """The timing rule in words, with the framework's own shortest time per step."""
    return (
        "Each step is reached at the earliest time that its typical years of product experience are reached, "
        "its years of leading people are reached, and at least "
        f"{fw.rules.min_years_per_step:g} year after the step before (a pmpath estimate; the source gives no time "
        "per level). Years leading people count from now for years already led; otherwise from the level before "
        "the first step whose gate asks for leading experience, since that gate wants it before the step."
    )


class PlanError(ValueError):
    """An impossible request: unknown level, a target below the start, negative years."""


class Step(BaseModel):
    level: str
    name: str
    years_needed: int  # product experience the level typically asks for, at the company size
    leading_needed: int | None
    years_from_now: float  # earliest realistic time to reach the step
    at_experience: float  # total years of experience by then
    experience_estimate: bool
    work_on: list[str]  # competencies that deepen at this step, with what the new depth looks like
    criteria: list[str]  # readiness criteria for leaving the level before
    source: str
    years_by_size: dict[str, int] = {}  # every company size's figure, when it depends on size
    gates: list[str] = []  # experience gates of the level (leading people), with their sources in gate_sources
    gate_sources: list[str] = []
    criteria_derived: bool = False  # the criteria are pmpath's reading of the next level's section


class Offramp(BaseModel):
    id: str
    name: str
    from_level: str
    text: str
    source: str


class CareerPath(BaseModel):
    start: str
    target: str
    years: float
    years_leading: float
    company_size: str | None  # given, or assumed (size_assumed) when a figure depends on size
    rule: str
    steps: list[Step]
    offramps: list[Offramp]
    total_years: float
    size_assumed: bool = False  # no company size was given; company_size is the framework's assumption
    # when leading people must start, in years from now, for a gate on the way (None: already leading, or no gate)
    start_leading_in: float | None = None
    start_leading_for: str | None = None  # the level whose gate asks for it
    past_working_life: bool = False  # a step lands beyond MAX_YEARS of experience: the plan is not realistic
    working_life: int = MAX_YEARS  # the bound past_working_life is measured against


def plan_path(
    fw: Framework, start: str, years: float, target: str, years_leading: float = 0.0, company_size: str | None = None
) -> CareerPath:
    """The path from `start` to `target` with the earliest realistic time of each step."""
    for name, value in (("years", years), ("years leading", years_leading)):
        if not math.isfinite(value):
            raise PlanError(f"{name} must be a number of years, not {value}")
        if value < 0:
            raise PlanError(f"{name} cannot be negative (got {value:g})")
        if value > MAX_YEARS:
            raise PlanError(f"{name} must be at most {MAX_YEARS} (got {value:g})")
    for level_id in (start, target):
        if level_id not in fw.level_ids:
            raise PlanError(f"unknown level '{level_id}'; known: {', '.join(fw.level_ids)}")
    if fw.index(target) < fw.index(start):
        raise PlanError(f"target '{target}' is below the current level '{start}'; choose a level at or above it")
    sizes = {s.id for s in fw.company_sizes}
    if company_size is not None and sizes and company_size not in sizes:
        raise PlanError(f"unknown company size '{company_size}'; known: {', '.join(sorted(sizes))}")

    size_assumed = False
    if company_size is None and any(lv.experience.depends_on_size() for lv in fw.levels):
        company_size, size_assumed = fw.rules.assumed_company_size, fw.rules.assumed_company_size is not None
    steps: list[Step] = []
    now = 0.0
    leading_since: float | None = (
        -years_leading if years_leading > 0 else (0.0 if fw.level(start).leads_people else None)
    )
    start_leading_in: float | None = None
    start_leading_for: str | None = None
    previous = fw.level(start)
    for level in fw.levels[fw.index(start) + 1 : fw.index(target) + 1]:
        exp = level.experience
        if leading_since is None and fw.gates_for(level.id):
            # a gate asks for leading experience before this step: lead from the level before it
            leading_since, start_leading_in, start_leading_for = now, now, level.id
        needed = exp.min_years(company_size) if company_size is not None else exp.max_years()
        when = max(now + fw.rules.min_years_per_step, needed - years)
        gate_years = [g.years or 0 for _, g in fw.gates_for(level.id) if g.needs == "years-leading"]
        leading_needed = max([exp.leading_years or 0, *gate_years]) or None
        if leading_needed:
            since = leading_since if leading_since is not None else now
            when = max(when, since + leading_needed)
        work_on = [
            f"{c.name}: {c.anchors[level.expectations[c.id]]}"
            for c in fw.competencies
            if level.expectations[c.id] > previous.expectations[c.id]
        ]
        criteria = [c.text for c in previous.readiness.criteria] if previous.readiness else []
        steps.append(
            Step(
                level=level.id,
                name=level.name,
                years_needed=needed,
                leading_needed=int(leading_needed) if leading_needed else None,
                years_from_now=round(when, 1),
                at_experience=round(years + when, 1),
                experience_estimate=exp.estimate,
                work_on=work_on,
                criteria=criteria,
                source=exp.source,
                years_by_size=dict(exp.years) if exp.depends_on_size() and isinstance(exp.years, dict) else {},
                gates=[g.text for g in level.gates],
                gate_sources=[g.source for g in level.gates],
                criteria_derived=bool(previous.readiness and previous.readiness.derived),
            )
        )
        if level.leads_people and leading_since is None:
            leading_since = when
        now, previous = when, level
    return CareerPath(
        start=start,
        target=target,
        years=years,
        years_leading=years_leading,
        company_size=company_size,
        rule=timing_rule(fw),
        steps=steps,
        offramps=_offramps(fw, start, target),
        total_years=steps[-1].years_from_now if steps else 0.0,
        size_assumed=size_assumed,
        start_leading_in=start_leading_in,
        start_leading_for=start_leading_for,
        past_working_life=any(s.at_experience > MAX_YEARS for s in steps),
    )


def _offramps(fw: Framework, start: str, target: str) -> list[Offramp]:
    """Off-ramps beyond the ladder from the levels on the way (the source names GM, COO and CEO)."""
    on_path = set(fw.level_ids[fw.index(start) : fw.index(target) + 1])
    out = []
    if fw.beyond:
        for offramp in fw.beyond.offramps:
            for level_id in offramp.from_levels:
                if level_id in on_path:
                    out.append(
                        Offramp(
                            id=offramp.id,
                            name=offramp.name,
                            from_level=level_id,
                            text=offramp.text,
                            source=offramp.source,
                        )
                    )
                    break
    return out
