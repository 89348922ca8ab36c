"""The organization chart: who reports to whom, as plain data walked without any I/O."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Member:
    """A person as the team rules see them (no email, no password: those stay in the store)."""

    id: str
    name: str = ""
    manager_id: str | None = None
    title_level: str | None = None
    is_admin: bool = False
    active: bool = True


class OrgChart:
    """One organization's reporting lines; a manager is anyone with at least one report."""

    def __init__(self, members: Iterable[Member]):
        self.members: dict[str, Member] = {m.id: m for m in members}
        self._reports: dict[str, list[str]] = {}
        for m in self.members.values():
            if m.manager_id is not None and m.manager_id in self.members:
                self._reports.setdefault(m.manager_id, []).append(m.id)

    def __contains__(self, person_id: object) -> bool:
        return person_id in self.members

    def reports(self, person_id: str) -> list[str]:
        """Direct reports, in the order people were given."""
        return list(self._reports.get(person_id, []))

    def is_manager(self, person_id: str) -> bool:
        return bool(self._reports.get(person_id))

    def managers_above(self, person_id: str) -> list[str]:
        """The chain upwards: manager, manager's manager, ... (a loop in bad data ends the walk)."""
        chain: list[str] = []
        seen = {person_id}
        current = self.members.get(person_id)
        while current is not None and current.manager_id is not None and current.manager_id not in seen:
            chain.append(current.manager_id)
            seen.add(current.manager_id)
            current = self.members.get(current.manager_id)
        return chain

    def below(self, person_id: str) -> list[str]:
        """Everyone under a person, direct and indirect, breadth first (the person excluded)."""
        found: list[str] = []
        seen = {person_id}
        frontier = [person_id]
        while frontier:
            nxt: list[str] = []
            for manager in frontier:
                for report in self._reports.get(manager, []):
                    if report not in seen:
                        seen.add(report)
                        found.append(report)
                        nxt.append(report)
            frontier = nxt
        return found

    def subtree(self, person_id: str) -> list[str]:
        """The person and everyone under them."""
        return [person_id, *self.below(person_id)] if person_id in self.members else []

    def would_loop(self, person_id: str, manager_id: str | None) -> bool:
        """Whether making `manager_id` the person's manager would put someone above themselves."""
        return manager_id is not None and (manager_id == person_id or manager_id in self.below(person_id))
