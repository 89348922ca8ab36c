"""Where a person's ratings place them on the ladder, with the rule said in words."""

from __future__ import annotations

from pmpath.framework import Framework, Level

from .result import GateResult, Placement


def placement_rule(fw: Framework) -> str:
    """The placement rule in words, with the framework's own allowance."""
    short = fw.rules.allowed_short
    return (
        "Placed at the most senior level whose expectations the ratings meet (every competency at or above "
        f"the level's expected depth, with at most {short} of them one point short and none further) and "
        "whose experience gates the person passes (a gate of a level applies to every level above it too)."
    )


def meets(level: Level, ratings: dict[str, int], allowed_short: int = 2) -> bool:
    """Whether ratings meet a level's expectations: none two or more short, at most `allowed_short` one short."""
    short = 0
    for comp_id, expected in level.expectations.items():
        gap = expected - ratings.get(comp_id, 0)
        if gap >= 2:
            return False
        short += gap == 1
    return short <= allowed_short


def gate_results(fw: Framework, level_id: str, years_leading: float) -> list[GateResult]:
    """Every gate that applies to a level (its own and inherited), checked against years leading people."""
    out = []
    for owner, gate in fw.gates_for(level_id):
        passed = years_leading > 0 if gate.needs == "leading-experience" else years_leading >= (gate.years or 0)
        out.append(
            GateResult(
                level=owner.id,
                id=gate.id,
                text=gate.text,
                needs=gate.needs,
                years_needed=gate.years,
                years=years_leading,
                passed=passed,
                source=gate.source,
                source_heading=fw.section_heading(gate.source),
            )
        )
    return out


def readiness_levels(fw: Framework, title: str | None, ratings: dict[str, int], years_leading: float) -> list[str]:
    """Levels whose readiness criteria a person should answer: the title's level and, first, the
    placement's when complete ratings place lower (readiness is then measured from the placement)."""
    if title not in fw.level_ids:
        return []
    levels = [title]
    if all(c.id in ratings for c in fw.competencies):
        placed = place(fw, ratings, years_leading).level
        if fw.index(placed) < fw.index(title):
            levels.insert(0, placed)
    return levels


def place(fw: Framework, ratings: dict[str, int], years_leading: float | None = None) -> Placement:
    """The placement: monotone in the ratings, since raising one can only turn more levels met.

    Gates depend on years leading people, not on ratings; without years (None) they are not checked.
    """
    allowed = fw.rules.allowed_short
    met = {level.id: meets(level, ratings, allowed) for level in fw.levels}
    reached = [level_id for level_id in fw.level_ids if met[level_id]]
    ratings_level = reached[-1] if reached else fw.level_ids[0]
    level_id, gated = ratings_level, list[GateResult]()
    if years_leading is not None:
        while True:
            failing = [g for g in gate_results(fw, level_id, years_leading) if not g.passed]
            if not failing or fw.index(level_id) == 0:
                break
            gated = gated or failing  # the gates the ratings' own level asks, all of them
            level_id = fw.level_ids[fw.index(level_id) - 1]
    above = fw.next_level(level_id) if reached else fw.levels[0]
    holding = []
    if above is not None:
        holding = sorted(
            (c for c, expected in above.expectations.items() if ratings.get(c, 0) < expected),
            key=lambda c: (ratings.get(c, 0) - above.expectations[c], fw.competencies.index(fw.competency(c))),
        )
    return Placement(
        level=level_id,
        rule=placement_rule(fw),
        meets=met,
        holding_down=holding,
        below_first_level=not reached,
        ratings_level=ratings_level,
        gated=gated,
        holding_level=above.id if above else None,
    )
