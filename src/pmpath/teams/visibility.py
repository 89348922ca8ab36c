"""Who sees what: the privacy rules of a review process, as one function per question."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from .chart import OrgChart
from .vocabulary import Kind, Role


@dataclass(frozen=True)
class Viewer:
    """The person asking (through a session or a personal access token: the same rights)."""

    person_id: str
    org_id: str
    is_admin: bool = False


class Work(NamedTuple):
    """An assessment as the rules see it: whose growth it is about, who wrote it, and its state. A named
    tuple, immutable: team pages check 10,000 a request, and a frozen dataclass took twice as long to build."""

    org_id: str
    subject_id: str | None  # None: kept from before teams, not yet attached to anyone
    author_id: str | None
    kind: Kind
    shared: bool = False  # a self-assessment shared with the author's managers
    released: bool = False  # a manager review released to the person it is about


@dataclass(frozen=True)
class Policy:
    """The organization's choices; private self-assessments stay private from admins by default."""

    admin_reads_private: bool = False


def roles_of(viewer: Viewer, chart: OrgChart) -> list[Role]:
    roles: list[Role] = ["admin"] if viewer.is_admin else []
    if chart.is_manager(viewer.person_id):
        roles.append("manager")
    return roles or ["member"]


def can_see(viewer: Viewer, work: Work, chart: OrgChart, policy: Policy = Policy()) -> bool:
    """Whether the viewer may read a piece of work; everything else answers 'not found'."""
    return seeing(viewer, chart, policy)(work)


def seeing(viewer: Viewer, chart: OrgChart, policy: Policy = Policy()) -> Callable[[Work], bool]:
    """The rule for one viewer over many pieces of work (who is below them is found once): their own work;
    unassigned work for admins; a self-assessment for its subject, and once shared for the managers above
    and admins (private ones for admins only by policy); a manager review for the managers above and
    admins, and for its subject once released. Another organization's work for nobody."""
    under = set(chart.below(viewer.person_id))

    def sees(work: Work) -> bool:
        if work.org_id != viewer.org_id:
            return False
        if work.author_id == viewer.person_id:
            return True
        if work.subject_id is None:
            return viewer.is_admin
        above = work.subject_id in under
        if work.kind == "self":
            if work.subject_id == viewer.person_id:
                return True
            if work.shared and (above or viewer.is_admin):
                return True
            return viewer.is_admin and policy.admin_reads_private
        if work.subject_id == viewer.person_id:
            return work.released
        return above or viewer.is_admin

    return sees


def can_review(viewer: Viewer, subject_id: str, chart: OrgChart) -> bool:
    """Managers write reviews of their direct and indirect reports, never of themselves."""
    return subject_id != viewer.person_id and viewer.person_id in chart.managers_above(subject_id)


def can_change(viewer: Viewer, work: Work) -> bool:
    """Only the author shares, releases or deletes a piece of work."""
    return work.org_id == viewer.org_id and work.author_id == viewer.person_id
