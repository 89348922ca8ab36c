"""Turning framework text into a validated Framework, and the built-in frameworks shipped in the package."""

from __future__ import annotations

from functools import cache
from importlib import resources

from .checks import consistency_findings
from .leveling_model import folded_hints, nearest_kept
from .model import STATEMENT_GROUPS, Criterion, Framework, Gate, Readiness
from .source_map import DEFAULT_BUDGET, Budget, Problem, ProblemsError, located, parse_model

BUILTIN = ("standard", "compact")


def framework_problems(text: str, filename: str, budget: Budget = DEFAULT_BUDGET) -> list[Problem]:
    """Every problem of a framework text, each with its line and field; empty when it is valid."""
    try:
        parse_framework(text, filename, budget)
    except ProblemsError as error:
        return error.problems
    return []


def parse_framework(text: str, filename: str = "<framework>", budget: Budget = DEFAULT_BUDGET) -> Framework:
    """A validated Framework from YAML or JSON text; ProblemsError lists every problem otherwise.

    The text's size, expanded node count, depth and aliases are checked against `budget` first.
    """
    fw, problems = parse_model(text, filename, Framework, "a framework file", budget)
    problems += located(text, filename, consistency_findings(fw))
    if problems:
        raise ProblemsError(problems)
    return fw


def builtin_name(spec: str) -> str | None:
    """The built-in framework a name ('compact') or framework id ('standard-compact') means, if any."""
    if spec in BUILTIN:
        return spec
    return next((name for name in BUILTIN if spec == f"standard-{name}"), None)


@cache
def builtin_framework(name: str = "standard") -> Framework:
    """A framework shipped in the package: 'standard' (the full ladder) or a variant of it ('compact')."""
    if name not in BUILTIN:
        raise KeyError(f"unknown built-in framework '{name}'; built in: {', '.join(BUILTIN)}")
    standard = parse_framework(builtin_text(), "standard.yaml")
    return standard if name == "standard" else variant_framework(standard, name)


def builtin_text() -> str:
    return resources.files("pmpath.framework").joinpath("data/standard.yaml").read_text(encoding="utf-8")


def variant_framework(fw: Framework, variant_id: str) -> Framework:
    """The ladder a variant keeps, as a framework of its own.

    A dropped level's readiness criteria fold into the kept level below it, and its gates into the
    kept level above it, so moving up a compact ladder asks for everything the full ladder asks for
    between the same two points.
    """
    variant = next((v for v in fw.variants if v.id == variant_id), None)
    if variant is None:
        raise KeyError(f"unknown variant '{variant_id}'; known: {', '.join(v.id for v in fw.variants)}")
    kept = set(variant.levels)
    levels = []
    dropped_gates: list[Gate] = []  # a dropped level's gates still apply from the next kept level up
    for level in fw.levels:
        if level.id not in kept:
            dropped_gates += level.gates
        if level.id in kept:
            name = variant.names.get(level.id, level.name)
            update: dict[str, object] = {
                "name": name,
                "short_name": level.short_name
                if name == level.name
                else name,  # a renamed level is not the old short name
                "gates": [*dropped_gates, *level.gates],
            }
            dropped_gates = []
            for group in STATEMENT_GROUPS:  # statements about levels this ladder does not have go
                update[group] = [s for s in getattr(level, group) if set(s.needs_levels) <= kept]
            levels.append(level.model_copy(deep=True, update=update))
        elif levels and level.readiness:
            below = levels[-1]
            criteria: list[Criterion] = [
                *(below.readiness.criteria if below.readiness else []),
                *level.readiness.criteria,
            ]
            source = below.readiness.source if below.readiness else level.readiness.source
            below.readiness = Readiness(source=source, derived=True, criteria=criteria)
    leveling = fw.leveling
    if leveling is not None and leveling.default_level not in kept:
        nearest = nearest_kept(fw.level_ids, [level.id for level in levels], leveling.default_level)
        leveling = leveling.model_copy(update={"default_level": nearest})
    default = leveling.default_level if leveling is not None else None
    hints = folded_hints([(level.id, level.leveling) for level in fw.levels], [level.id for level in levels], default)
    for level in levels:
        level.leveling = hints[level.id]
    return fw.model_copy(
        update={
            "id": f"{fw.id}-{variant.id}",
            "leveling": leveling,
            "name": f"{fw.name} ({variant.name.lower()})",
            "description": variant.text,
            "levels": levels,
            "variants": [v for v in fw.variants if set(v.levels) <= kept],
            "beyond": fw.beyond.model_copy(
                update={
                    "offramps": [
                        o.model_copy(update={"from_levels": [x for x in o.from_levels if x in kept] or [levels[-1].id]})
                        for o in fw.beyond.offramps
                    ]
                }
            )
            if fw.beyond
            else None,
        }
    )
