"""The calibration table: everyone below a manager, placed and flagged for the calibration meeting."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .chart import OrgChart
from .summary import Summary, latest, reference
from .vocabulary import Flag


@dataclass(frozen=True, slots=True)
class CalibrationRow:
    person_id: str
    name: str
    manager_id: str | None
    title_level: str | None
    self_placement: str | None
    manager_placement: str | None
    next_level: str | None
    readiness_score: float | None
    ready: bool
    experience_ok: bool
    flags: tuple[Flag, ...]


def _previous_cycle_pair(mine: list[Summary], position: dict[str, int]) -> tuple[Summary, Summary] | None:
    """The person's reference summary in their last two cycles (`position`: each cycle's place, oldest
    first), oldest first; None with fewer than two."""
    per_cycle: dict[str, dict] = {}
    for s in mine:
        if s.cycle_id in position:
            per_cycle.setdefault(s.cycle_id, {}).setdefault(s.kind, []).append(s)
    if len(per_cycle) < 2:
        return None
    last, before = sorted(per_cycle, key=position.__getitem__)[-2:][::-1]

    def pick(by_kind: dict) -> Summary:
        group = by_kind.get("manager") or by_kind["self"]
        return max(group, key=lambda s: (s.created_at, s.id))

    return pick(per_cycle[before]), pick(per_cycle[last])


def calibration_rows(
    chart: OrgChart,
    root_id: str,
    summaries: Iterable[Summary],
    level_order: Sequence[str],
    cycle_order: Sequence[str] = (),
) -> list[CalibrationRow]:
    """One row per active person below `root_id`, with the flags the meeting should look at.

    Flags: title above placement (the title's level is higher than where the ratings place them),
    ready for promotion (every readiness criterion met and the experience there), no progress
    (neither placement nor readiness rose between their last two cycles).
    """
    index = {lv: i for i, lv in enumerate(level_order)}
    position = {c: i for i, c in enumerate(cycle_order)}
    below = [p for p in chart.below(root_id) if chart.members[p].active]
    wanted = set(below)
    mine: dict[str, list[Summary]] = {p: [] for p in below}
    for s in summaries:
        if s.subject_id in wanted:
            mine[s.subject_id].append(s)
    rows = []
    for person_id in below:
        member = chart.members[person_id]
        newest = latest(mine[person_id])
        ref = reference(newest, person_id)
        flags: list[Flag] = []
        if ref is not None:
            if (
                member.title_level in index
                and ref.placement in index
                and index[member.title_level] > index[ref.placement]
            ):
                flags.append("title-above-placement")
            if ref.ready and ref.experience_ok:
                flags.append("ready-for-promotion")
        pair = _previous_cycle_pair(mine[person_id], position)
        if pair is not None:
            before, last = pair
            if index.get(last.placement, -1) <= index.get(before.placement, -1) and (
                last.readiness_score <= before.readiness_score
            ):
                flags.append("no-progress")
        current = ref.current_level if ref else member.title_level
        nxt = level_order[index[current] + 1] if current in index and index[current] + 1 < len(level_order) else None
        self_s, manager_s = newest.get((person_id, "self")), newest.get((person_id, "manager"))
        rows.append(
            CalibrationRow(
                person_id=person_id,
                name=member.name,
                manager_id=member.manager_id,
                title_level=member.title_level,
                self_placement=self_s.placement if self_s else None,
                manager_placement=manager_s.placement if manager_s else None,
                next_level=nxt,
                readiness_score=ref.readiness_score if ref else None,
                ready=bool(ref and ref.ready),
                experience_ok=bool(ref and ref.experience_ok),
                flags=tuple(flags),
            )
        )
    return rows
