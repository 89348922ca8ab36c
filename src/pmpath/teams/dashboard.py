"""Team dashboard roll-ups for a manager's subtree: level pyramid, readiness heatmap, span of control."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pmpath.framework import Framework

from .chart import OrgChart
from .summary import Summary, latest, reference


@dataclass(frozen=True)
class LevelCount:
    level: str
    by_title: int
    by_placement: int


@dataclass(frozen=True)
class HeatmapGroup:
    """People holding one level, against the readiness criteria for leaving it."""

    level: str
    next_level: str | None
    criteria: list[tuple[str, str]]  # (id, text)
    rows: list[tuple[str, list[str]]]  # (person id, one status per criterion)


@dataclass(frozen=True)
class SpanRow:
    manager_id: str
    direct: int
    total: int


def _people(chart: OrgChart, root_id: str) -> list[str]:
    return [p for p in chart.subtree(root_id) if chart.members[p].active]


def pyramid(
    chart: OrgChart, root_id: str, summaries: Iterable[Summary], level_order: Sequence[str]
) -> list[LevelCount]:
    """People per level, by their title and by where their latest (manager-first) assessment places them."""
    people = _people(chart, root_id)
    newest = latest(summaries)
    titles = Counter(chart.members[p].title_level for p in people)
    placed = Counter(ref.placement for p in people if (ref := reference(newest, p)) is not None)
    return [LevelCount(lv, titles.get(lv, 0), placed.get(lv, 0)) for lv in level_order]


def readiness_heatmap(fw: Framework, chart: OrgChart, root_id: str, summaries: Iterable[Summary]) -> list[HeatmapGroup]:
    """Per level held: each person's status on each criterion of their next step (unanswered when unknown)."""
    newest = latest(summaries)
    owner = {c.id: level.id for level in fw.levels if level.readiness for c in level.readiness.criteria}
    groups: dict[str, list[tuple[str, list[str]]]] = {}
    for person_id in _people(chart, root_id):
        ref = reference(newest, person_id)
        # The step the assessment measured readiness for: from the level it stored criteria of (its basis,
        # the lower of title and placement), so a review placing someone below their title is not all blanks.
        answered = next((owner[c] for c in ref.criteria if c in owner), None) if ref else None
        level_id = answered or (ref.current_level if ref else chart.members[person_id].title_level)
        if level_id not in fw.level_ids:
            continue
        readiness = fw.level(level_id).readiness
        statuses = (
            [(ref.criteria.get(c.id, "unanswered") if ref else "unanswered") for c in readiness.criteria]
            if readiness
            else []
        )
        groups.setdefault(level_id, []).append((person_id, statuses))
    result = []
    for level in fw.levels:
        if level.id not in groups:
            continue
        nxt = fw.next_level(level.id)
        criteria = [(c.id, c.text) for c in level.readiness.criteria] if level.readiness else []
        result.append(HeatmapGroup(level.id, nxt.id if nxt else None, criteria, groups[level.id]))
    return result


def span_of_control(chart: OrgChart, root_id: str) -> list[SpanRow]:
    """For each manager in the subtree: direct reports and everyone below, largest team first."""
    rows = []
    for person_id in _people(chart, root_id):
        direct = [r for r in chart.reports(person_id) if chart.members[r].active]
        if direct:
            total = sum(1 for r in chart.below(person_id) if chart.members[r].active)
            rows.append(SpanRow(person_id, len(direct), total))
    rows.sort(key=lambda r: (-r.direct, r.manager_id))
    return rows


def placements_by_cycle(
    chart: OrgChart, root_id: str, summaries: Iterable[Summary], cycle_order: Sequence[str], level_order: Sequence[str]
) -> list[tuple[str, dict[str, int]]]:
    """Change across cycles: for each cycle, people per placed level (manager review first)."""
    people = set(_people(chart, root_id))
    per_cycle: dict[str, list[Summary]] = {}
    for s in summaries:
        if s.cycle_id is not None and s.subject_id in people:
            per_cycle.setdefault(s.cycle_id, []).append(s)
    result = []
    for cycle_id in cycle_order:
        newest = latest(per_cycle.get(cycle_id, []))
        counts = Counter(ref.placement for p in people if (ref := reference(newest, p)) is not None)
        result.append((cycle_id, {lv: counts.get(lv, 0) for lv in level_order}))
    return result
