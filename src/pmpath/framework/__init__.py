"""The ladder as data: the framework format, its validation and the frameworks built into pmpath."""

from .load import (
    BUILTIN,
    builtin_framework,
    builtin_name,
    builtin_text,
    framework_problems,
    parse_framework,
    variant_framework,
)
from .model import Competency, Criterion, Experience, Framework, Level, Statement, normalize_title
from .source_map import Problem, ProblemsError

__all__ = [
    "BUILTIN",
    "Competency",
    "Criterion",
    "Experience",
    "Framework",
    "Level",
    "Problem",
    "ProblemsError",
    "Statement",
    "builtin_framework",
    "builtin_name",
    "builtin_text",
    "framework_problems",
    "normalize_title",
    "parse_framework",
    "variant_framework",
]
