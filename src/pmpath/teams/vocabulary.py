"""The words the team features show: roles, flags, task states and promotion statuses, in one place."""

from __future__ import annotations

from typing import Literal

Role = Literal["admin", "manager", "member"]
Flag = Literal["title-above-placement", "ready-for-promotion", "no-progress"]
TaskState = Literal["open", "private", "written", "done"]
PromotionStatus = Literal["proposed", "approved", "declined"]
Kind = Literal["self", "manager"]

ROLE_LABELS: dict[str, str] = {"admin": "Admin", "manager": "Manager", "member": "Member"}
FLAG_LABELS: dict[str, str] = {
    "title-above-placement": "Title above placement",
    "ready-for-promotion": "Ready for promotion",
    "no-progress": "No progress since the last cycle",
}
TASK_LABELS: dict[str, str] = {
    "open": "Not started",
    "private": "Started, not shared yet",
    "written": "Written, not released yet",
    "done": "Done",
}
PROMOTION_STATUSES: tuple[PromotionStatus, ...] = ("proposed", "approved", "declined")
