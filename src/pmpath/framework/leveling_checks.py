"""Rules the posting-leveling settings must keep beyond their schema: every setting sourced or marked an
estimate, references that resolve, title words that point at one level, and counts a posting can reach."""

from __future__ import annotations

from collections.abc import Iterator

from .leveling_model import Leveling, PostingLeveling
from .model import Framework, normalize_title
from .source_map import Path_

Finding = tuple[Path_, str]


def leveling_findings(fw: Framework) -> list[Finding]:
    """Every inconsistency of the framework's leveling settings, with the path of the field at fault."""
    return [*_level_hints(fw), *(_settings(fw, fw.leveling) if fw.leveling else ())]


def _sourced(fw: Framework, path: Path_, source: str | None, estimate: bool) -> Iterator[Finding]:
    """A setting names a known source section or says it is an estimate, not both and not neither."""
    if source is None and not estimate:
        yield path, "give a source section (source: KEY) or mark it as pmpath's own (estimate: true)"
    elif source is not None and estimate:
        yield (*path, "estimate"), "a setting with a source section is not an estimate; keep one of the two"
    elif source is not None and fw.sections and source not in fw.sections:
        yield (*path, "source"), f"unknown source section '{source}'; declare it under 'sections'"


def _range_sourced(fw: Framework, path: Path_, hints: Leveling, name: str) -> Iterator[Finding]:
    """A level's years or reports range says which source section gives its figure, or that pmpath
    placed it itself (most levels' posting years: the source names none)."""
    source, estimate = getattr(hints, f"{name}_source"), getattr(hints, f"{name}_estimate")
    if source is None and not estimate:
        yield (
            path,
            f"say where this range comes from ({name}_source: KEY) or mark it pmpath's own ({name}_estimate: true)",
        )
    elif source is not None and estimate:
        yield (*path[:-1], f"{name}_estimate"), f"a range with {name}_source is not an estimate; keep one of the two"
    elif source is not None and fw.sections and source not in fw.sections:
        yield (*path[:-1], f"{name}_source"), f"unknown source section '{source}'; declare it under 'sections'"


def _level_hints(fw: Framework) -> Iterator[Finding]:
    owner: dict[str, str] = {}
    for li, level in enumerate(fw.levels):
        hints = level.leveling
        path: Path_ = ("levels", li, "leveling")
        for pi, phrase in enumerate(hints.phrases):
            yield from _sourced(fw, (*path, "phrases", pi), phrase.source, phrase.estimate)
        if hints.themes and not 0 < hints.themes_needed <= len(hints.themes):
            yield (
                (*path, "themes_needed"),
                f"themes_needed must be between 1 and the {len(hints.themes)} themes listed",
            )
        elif hints.themes_needed and not hints.themes:
            yield (*path, "themes_needed"), "themes_needed without any themes"
        if hints.themes_source is not None and fw.sections and hints.themes_source not in fw.sections:
            yield (*path, "themes_source"), f"unknown source section '{hints.themes_source}'"
        for wi, word in enumerate(hints.title_words):
            key = normalize_title(word)
            if key in owner and owner[key] != level.id:
                yield (*path, "title_words", wi), f"title word '{word}' already points at level '{owner[key]}'"
            owner.setdefault(key, level.id)
        for name in ("years", "reports"):
            if getattr(hints, name) is not None:
                yield from _range_sourced(fw, (*path, name), hints, name)
        if hints.years and hints.years[0] > hints.years[1]:
            yield (*path, "years"), f"years run low to high; got {list(hints.years)}"
        if hints.reports and hints.reports[0] > hints.reports[1]:
            yield (*path, "reports"), f"reports run low to high; got {list(hints.reports)}"


def _settings(fw: Framework, settings: PostingLeveling) -> Iterator[Finding]:
    path: Path_ = ("leveling",)
    if settings.default_level not in fw.level_ids:
        yield (*path, "default_level"), f"unknown level '{settings.default_level}'; known: {', '.join(fw.level_ids)}"
    for name in ("roles", "weights", "decision", "confidence", "signals"):
        group = getattr(settings, name)
        yield from _sourced(fw, (*path, name), group.source, group.estimate)
    confusions = {c.id for c in fw.title_confusions}
    for i, lookalike in enumerate(settings.roles.lookalikes):
        yield from _sourced(fw, (*path, "roles", "lookalikes", i), lookalike.source, lookalike.estimate)
        if lookalike.confusion not in confusions:
            yield (
                (*path, "roles", "lookalikes", i, "confusion"),
                f"unknown title confusion '{lookalike.confusion}'; known: {', '.join(sorted(confusions)) or 'none'}",
            )
    for i, job in enumerate(settings.roles.other_jobs):
        yield from _sourced(fw, (*path, "roles", "other_jobs", i), job.source, job.estimate)
    d = settings.decision
    home = fw.level_ids.index(settings.default_level) if settings.default_level in fw.level_ids else 0
    steps = max(home, len(fw.level_ids) - 1 - home)
    if d.support_needed + d.support_per_step * (steps - 1) > d.support_cap:
        yield (
            (*path, "decision"),
            "support_cap is below what the level furthest from the default needs "
            f"({d.support_needed} + {d.support_per_step} x {steps - 1}): the text could never reach it",
        )
    c = settings.confidence
    if not c.title_agrees >= c.title_one_off >= c.title_far:
        yield (*path, "confidence"), "a title the text agrees with must be at least as sure as one it disagrees with"
