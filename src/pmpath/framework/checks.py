"""Rules a framework must keep beyond its schema: ids are unique, references resolve, the ladder climbs."""

from __future__ import annotations

from collections.abc import Iterator

from .jd_model import jd_findings
from .leveling_checks import leveling_findings
from .model import STATEMENT_GROUPS, Framework, Statement
from .source_map import Path_

Finding = tuple[Path_, str]


def consistency_findings(fw: Framework) -> list[Finding]:
    """Every inconsistency in a schema-valid framework, with the path of the field at fault."""
    return [
        *_duplicate_ids(fw),
        *_unknown_sources(fw),
        *_scale_and_anchors(fw),
        *_expectations(fw),
        *_criteria(fw),
        *_ladder_order(fw),
        *_beyond_and_variants(fw),
        *leveling_findings(fw),
        *_marks_and_gates(fw),
        *jd_findings(fw),
    ]


def _duplicates(ids: list[str], path: Path_, what: str) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for position, item_id in enumerate(ids):
        if item_id in seen:
            yield (*path, position, "id"), f"duplicate {what} id '{item_id}' (first at position {seen[item_id]})"
        seen.setdefault(item_id, position)


def _duplicate_ids(fw: Framework) -> Iterator[Finding]:
    yield from _duplicates(fw.level_ids, ("levels",), "level")
    yield from _duplicates([c.id for c in fw.competencies], ("competencies",), "competency")
    criteria_ids: dict[str, str] = {}
    for li, level in enumerate(fw.levels):
        for ci, criterion in enumerate(level.readiness.criteria if level.readiness else []):
            if criterion.id in criteria_ids:
                yield (
                    ("levels", li, "readiness", "criteria", ci, "id"),
                    f"duplicate criterion id '{criterion.id}' (also in level '{criteria_ids[criterion.id]}')",
                )
            criteria_ids.setdefault(criterion.id, level.id)


def _source_fields(fw: Framework) -> Iterator[tuple[Path_, str]]:
    """Every (path, section key) the framework cites."""
    for ci, comp in enumerate(fw.competencies):
        for si, key in enumerate(comp.sources):
            yield ("competencies", ci, "sources", si), key
        for ai, action in enumerate(comp.actions):
            yield ("competencies", ci, "actions", ai, "source"), action.source
    for path, statement in _statements(fw):
        yield (*path, "source"), statement.source
    for li, level in enumerate(fw.levels):
        yield ("levels", li, "source"), level.source
        yield ("levels", li, "experience", "source"), level.experience.source
        for gi, gate in enumerate(level.gates):
            yield ("levels", li, "gates", gi, "source"), gate.source
        if level.readiness:
            yield ("levels", li, "readiness", "source"), level.readiness.source
    for pi, posting in enumerate(fw.example_postings):
        yield ("example_postings", pi, "section"), posting.section
    if fw.beyond:
        yield ("beyond", "source"), fw.beyond.source
        for oi, offramp in enumerate(fw.beyond.offramps):
            yield ("beyond", "offramps", oi, "source"), offramp.source
    for ti, confusion in enumerate(fw.title_confusions):
        yield ("title_confusions", ti, "source"), confusion.source
    for vi, variant in enumerate(fw.variants):
        yield ("variants", vi, "source"), variant.source


def _statements(fw: Framework) -> Iterator[tuple[Path_, Statement]]:
    """Every Statement of the framework, with its path."""
    for si, statement in enumerate(fw.about):
        yield ("about", si), statement
    if fw.rules.hold_vs_move:
        yield ("rules", "hold_vs_move"), fw.rules.hold_vs_move
    for li, level in enumerate(fw.levels):
        for group in STATEMENT_GROUPS:
            for si, statement in enumerate(getattr(level, group)):
                yield ("levels", li, group, si), statement
        if level.step_note:
            yield ("levels", li, "step_note"), level.step_note
    if fw.beyond:
        yield ("beyond", "reason"), fw.beyond.reason
        for si, statement in enumerate(fw.beyond.points):
            yield ("beyond", "points", si), statement


def _unknown_sources(fw: Framework) -> Iterator[Finding]:
    if not fw.sections:
        return
    for path, key in _source_fields(fw):
        if key not in fw.sections:
            yield path, f"unknown source section '{key}'; declare it under 'sections'"


def _scale_and_anchors(fw: Framework) -> Iterator[Finding]:
    depths = [point.depth for point in fw.scale]
    if depths != list(range(1, len(depths) + 1)):
        yield ("scale",), f"depths must run 1, 2, 3 ... without gaps; got {depths}"
    for ci, comp in enumerate(fw.competencies):
        missing = [d for d in depths if d not in comp.anchors]
        if missing:
            yield ("competencies", ci, "anchors"), f"no anchor for depth {', '.join(map(str, missing))}"
        extra = sorted(d for d in comp.anchors if d not in depths)
        if extra:
            yield ("competencies", ci, "anchors"), f"anchor for depth {extra} not on the scale"


def _expectations(fw: Framework) -> Iterator[Finding]:
    known = {c.id for c in fw.competencies}
    top = fw.max_depth
    for li, level in enumerate(fw.levels):
        path = ("levels", li, "expectations")
        for comp_id, depth in level.expectations.items():
            if comp_id not in known:
                yield (*path, comp_id), f"unknown competency '{comp_id}'"
            elif not 1 <= depth <= top:
                yield (*path, comp_id), f"depth {depth} is outside the scale 1..{top}"
        missing = sorted(known - level.expectations.keys())
        if missing:
            yield path, f"no expected depth for competency {', '.join(missing)}"


def _criteria(fw: Framework) -> Iterator[Finding]:
    known = {c.id for c in fw.competencies}
    for li, level in enumerate(fw.levels):
        if not level.readiness:
            continue
        for ci, criterion in enumerate(level.readiness.criteria):
            for pi, comp_id in enumerate(criterion.competencies):
                if comp_id not in known:
                    yield (
                        ("levels", li, "readiness", "criteria", ci, "competencies", pi),
                        f"criterion '{criterion.id}' names unknown competency '{comp_id}'",
                    )


def _ladder_order(fw: Framework) -> Iterator[Finding]:
    """Levels run junior to senior: expected depths and experience never fall going up."""
    for li in range(1, len(fw.levels)):
        below, level = fw.levels[li - 1], fw.levels[li]
        for comp_id, depth in level.expectations.items():
            lower = below.expectations.get(comp_id)
            if lower is not None and depth < lower:
                yield (
                    ("levels", li, "expectations", comp_id),
                    f"levels out of order: '{level.id}' expects {comp_id} {depth}, "
                    f"less than '{below.id}' below it ({lower})",
                )
        if level.experience.min_years() < below.experience.min_years():
            yield (
                ("levels", li, "experience", "years"),
                f"levels out of order: '{level.id}' asks for fewer years than '{below.id}' below it",
            )
    sizes = {size.id for size in fw.company_sizes}
    for li, level in enumerate(fw.levels):
        if isinstance(level.experience.years, dict):
            for size in level.experience.years:
                if size not in sizes:
                    yield ("levels", li, "experience", "years", size), f"unknown company size '{size}'"


def _beyond_and_variants(fw: Framework) -> Iterator[Finding]:
    ids = fw.level_ids
    if fw.beyond:
        for oi, offramp in enumerate(fw.beyond.offramps):
            for fi, level_id in enumerate(offramp.from_levels):
                if level_id not in ids:
                    yield ("beyond", "offramps", oi, "from", fi), f"unknown level '{level_id}'"
    for vi, variant in enumerate(fw.variants):
        for pi, level_id in enumerate(variant.levels):
            if level_id not in ids:
                yield ("variants", vi, "levels", pi), f"unknown level '{level_id}'"
        positions = [ids.index(x) for x in variant.levels if x in ids]
        if positions != sorted(positions):
            yield ("variants", vi, "levels"), "levels out of order: list them junior to senior"


def _marks_and_gates(fw: Framework) -> Iterator[Finding]:
    """Postings, levels and sizes named by statements, action depths and gates resolve."""
    postings = {p.id for p in fw.example_postings}
    for path, statement in _statements(fw):
        if statement.posting is not None and statement.posting not in postings:
            yield (
                (*path, "posting"),
                f"unknown example posting '{statement.posting}'; declare it under 'example_postings'",
            )
        for ni, level_id in enumerate(statement.needs_levels):
            if level_id not in fw.level_ids:
                yield (*path, "needs_levels", ni), f"unknown level '{level_id}'"
    for ci, comp in enumerate(fw.competencies):
        for ai, action in enumerate(comp.actions):
            if not 1 <= action.depth <= fw.max_depth:
                yield ("competencies", ci, "actions", ai, "depth"), f"depth {action.depth} is outside the scale"
    for li, level in enumerate(fw.levels):
        for gi, gate in enumerate(level.gates):
            if gate.needs == "years-leading" and not gate.years:
                yield ("levels", li, "gates", gi, "years"), "a years-leading gate needs its number of years"
    size = fw.rules.assumed_company_size
    if size is not None and size not in {s.id for s in fw.company_sizes}:
        yield ("rules", "assumed_company_size"), f"unknown company size '{size}'"
