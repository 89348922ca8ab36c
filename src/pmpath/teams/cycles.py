"""Review-cycle progress: each person's self-assessment and each manager's review of each report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .chart import OrgChart
from .visibility import Work
from .vocabulary import Kind, TaskState


@dataclass(frozen=True)
class Task:
    kind: Kind
    subject_id: str  # whose growth the task is about
    owner_id: str  # who has to do it: the person, or their direct manager
    state: TaskState


@dataclass(frozen=True)
class CycleProgress:
    tasks: list[Task]

    @property
    def done(self) -> int:
        return sum(t.state == "done" for t in self.tasks)

    @property
    def total(self) -> int:
        return len(self.tasks)

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.tasks else 1.0

    def open_for(self, person_id: str) -> list[Task]:
        """What is still to do by one person in the cycle."""
        return [t for t in self.tasks if t.owner_id == person_id and t.state != "done"]

    def open_for_team(self, chart: OrgChart, manager_id: str) -> list[Task]:
        """What the people below a manager (direct and indirect) still have to do in the cycle."""
        below = set(chart.below(manager_id))
        return [t for t in self.tasks if t.owner_id in below and t.state != "done"]


def cycle_scope(chart: OrgChart, team_root: str | None) -> list[str]:
    """The active people a cycle is for: the whole organization, or one manager's team (them included)."""
    ids = chart.subtree(team_root) if team_root is not None else list(chart.members)
    return [i for i in ids if chart.members[i].active]


def cycle_progress(chart: OrgChart, team_root: str | None, works: Iterable[Work]) -> CycleProgress:
    """Tasks of a cycle from the work done in it: a self-assessment counts when shared, a review when released."""
    selves: dict[str, TaskState] = {}
    reviews: dict[str, TaskState] = {}
    rank = {"open": 0, "private": 1, "written": 1, "done": 2}
    for w in works:
        if w.subject_id is None:
            continue
        if w.kind == "self" and w.author_id == w.subject_id:
            state: TaskState = "done" if w.shared else "private"
            if rank[state] > rank[selves.get(w.subject_id, "open")]:
                selves[w.subject_id] = state
        elif w.kind == "manager" and w.author_id == chart.members.get(w.subject_id, _NOBODY).manager_id:
            state = "done" if w.released else "written"
            if rank[state] > rank[reviews.get(w.subject_id, "open")]:
                reviews[w.subject_id] = state
    tasks: list[Task] = []
    for person_id in cycle_scope(chart, team_root):
        tasks.append(Task("self", person_id, person_id, selves.get(person_id, "open")))
        manager = chart.members[person_id].manager_id
        if manager is not None and manager in chart and chart.members[manager].active:
            tasks.append(Task("manager", person_id, manager, reviews.get(person_id, "open")))
    return CycleProgress(tasks)


class _Nobody:
    manager_id = None


_NOBODY = _Nobody()
