"""Assessment against the ladder: placement, readiness, gaps and a growth plan (pure functions)."""

from pmpath.framework import Framework

from .answers import Answers, CriterionAnswer, parse_answers, parse_answers_data
from .compare import Comparison, compare
from .growth import gaps, growth_plan
from .placement import RULE, meets, place
from .readiness import experience_check, readiness
from .result import Assessment


def assess(fw: Framework, answers: Answers) -> Assessment:
    """The whole assessment of one set of answers.

    Readiness is judged for the level the person holds (their stated level, or the placement
    when none is stated), because the readiness answers are about leaving that level.
    """
    placement = place(fw, answers.ratings)
    current = answers.current_level or placement.level
    ready = readiness(fw, answers, current)
    experience = experience_check(fw, answers, current)
    found = gaps(fw, answers.ratings, ready, experience)
    nxt = fw.next_level(current)
    return Assessment(
        framework=fw.id,
        framework_version=fw.version,
        name=answers.name,
        assessor=answers.assessor,
        current_level=current,
        placement=placement,
        next_level=nxt.id if nxt else None,
        readiness=ready,
        experience=experience,
        gaps=found,
        plan=growth_plan(fw, found, ready),
        ratings=dict(answers.ratings),
        expected_current=dict(fw.level(current).expectations),
        expected_next=dict(nxt.expectations) if nxt else {},
    )


__all__ = [
    "RULE",
    "Answers",
    "Assessment",
    "Comparison",
    "CriterionAnswer",
    "assess",
    "compare",
    "meets",
    "parse_answers",
    "parse_answers_data",
    "place",
]
