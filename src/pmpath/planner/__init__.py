"""Career-path planner: from a level and years of experience to a target level, step by step (pure)."""

from .path import MIN_YEARS_PER_STEP, CareerPath, Offramp, PlanError, Step, plan_path

__all__ = ["MIN_YEARS_PER_STEP", "CareerPath", "Offramp", "PlanError", "Step", "plan_path"]
