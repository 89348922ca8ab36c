"""Teams: who sees what, review-cycle progress, calibration flags and dashboard roll-ups (pure core)."""

from .calibration import CalibrationRow, calibration_rows
from .chart import Member, OrgChart
from .cycles import CycleProgress, Task, cycle_progress
from .dashboard import (
    HeatmapGroup,
    LevelCount,
    Rollups,
    SpanRow,
    placements_by_cycle,
    pyramid,
    readiness_heatmap,
    rollups,
    span_of_control,
)
from .roster import NewPerson, parse_roster
from .summary import Summary, reference
from .visibility import Policy, Viewer, Work, can_change, can_review, can_see, roles_of, seeing
from .vocabulary import FLAG_LABELS, PROMOTION_STATUSES, ROLE_LABELS, TASK_LABELS

__all__ = [
    "FLAG_LABELS",
    "PROMOTION_STATUSES",
    "ROLE_LABELS",
    "TASK_LABELS",
    "CalibrationRow",
    "CycleProgress",
    "HeatmapGroup",
    "LevelCount",
    "Member",
    "NewPerson",
    "OrgChart",
    "Policy",
    "Rollups",
    "SpanRow",
    "Summary",
    "Task",
    "Viewer",
    "Work",
    "calibration_rows",
    "can_change",
    "can_review",
    "can_see",
    "cycle_progress",
    "parse_roster",
    "placements_by_cycle",
    "pyramid",
    "readiness_heatmap",
    "reference",
    "roles_of",
    "rollups",
    "seeing",
    "span_of_control",
]
