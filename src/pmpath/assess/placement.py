"""Where a person's ratings place them on the ladder, with the rule said in words."""

from __future__ import annotations

from pmpath.framework import Framework, Level

from .result import Placement

ALLOWED_SHORT = 2  # competencies that may sit one point under a level's expectation and still meet it

RULE = (
    "Placed at the most senior level whose expectations the ratings meet: every competency at or above "
    f"the level's expected depth, with at most {ALLOWED_SHORT} of them one point short and none further."
)


def meets(level: Level, ratings: dict[str, int]) -> bool:
    """Whether ratings meet a level's expectations under RULE."""
    short = 0
    for comp_id, expected in level.expectations.items():
        gap = expected - ratings.get(comp_id, 0)
        if gap >= 2:
            return False
        short += gap == 1
    return short <= ALLOWED_SHORT


def place(fw: Framework, ratings: dict[str, int]) -> Placement:
    """The placement: monotone by construction, since raising a rating can only turn more levels met."""
    met = {level.id: meets(level, ratings) for level in fw.levels}
    reached = [level_id for level_id in fw.level_ids if met[level_id]]
    level_id = reached[-1] if reached else fw.level_ids[0]
    above = fw.next_level(level_id) if reached else fw.levels[0]
    holding = []
    if above is not None:
        holding = sorted(
            (c for c, expected in above.expectations.items() if ratings.get(c, 0) < expected),
            key=lambda c: ratings.get(c, 0) - above.expectations[c],
        )
    return Placement(level=level_id, rule=RULE, meets=met, holding_down=holding, below_first_level=not reached)
