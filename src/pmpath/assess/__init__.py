"""Assessment against the ladder: placement, readiness, gaps and a growth plan (pure functions)."""

from pmpath.framework import Framework

from .answers import Answers, CriterionAnswer, answers_schema, parse_answers, parse_answers_data
from .compare import Comparison, compare
from .growth import competency_gaps, gaps, growth_plan
from .placement import gate_results, meets, place, placement_rule, readiness_levels
from .readiness import experience_check, readiness
from .result import Assessment, TitleCheck


def assess(fw: Framework, answers: Answers, all_actions: bool = False) -> Assessment:
    """The whole assessment of one set of answers.

    Readiness, gaps, experience and plan are measured from the lower of the title's level and the
    placement: a title above what the answers show is not a base to move up from, while someone
    placed above their title is still promoted from the level they hold.
    """
    placement = place(fw, answers.ratings, answers.years_leading)
    title = answers.current_level
    placed = fw.level(placement.level)
    title_check = None
    if title is None:
        current = placement.level
        note = f"Measured from {placed.name}, where your answers place you (no current level was given)."
    elif fw.index(placement.level) < fw.index(title):
        current = placement.level
        held = fw.level(title)
        note = (
            f"Your title is at {held.name}, but your answers place you at {placed.name}, so readiness, gaps, "
            f"experience and the plan are measured from {placed.name}, not from your title."
        )
        title_check = TitleCheck(
            title_level=title,
            placement=placement.level,
            note=f"What {held.name} expects that your answers do not show yet:",
            shortfalls=competency_gaps(fw, answers.ratings, title, {}),
            gates=[g for g in gate_results(fw, title, answers.years_leading) if not g.passed],
        )
    else:
        current = title
        note = f"Measured from {fw.level(title).name}, the level you hold" + (
            f"; your answers already reach {placed.name}." if placement.level != title else "."
        )
    ready = readiness(fw, answers, current)
    experience = experience_check(fw, answers, current)
    found = gaps(fw, answers.ratings, ready, experience)
    full_plan = growth_plan(fw, found, ready, leads=answers.years_leading > 0)
    nxt = fw.next_level(current)
    return Assessment(
        framework=fw.id,
        framework_version=fw.version,
        name=answers.name,
        assessor=answers.assessor,
        current_level=title or placement.level,
        measured_from=current,
        placement=placement,
        next_level=nxt.id if nxt else None,
        readiness=ready,
        experience=experience,
        gaps=found,
        plan=full_plan if all_actions else full_plan[: fw.rules.plan_actions],
        ratings=dict(answers.ratings),
        expected_current=dict(fw.level(current).expectations),
        expected_next=dict(nxt.expectations) if nxt else {},
        title_level=title,
        basis_note=note,
        title_check=title_check,
        plan_total=len(full_plan),
        hold_vs_move=fw.rules.hold_vs_move.text if fw.rules.hold_vs_move else "",
    )


__all__ = [
    "Answers",
    "Assessment",
    "Comparison",
    "CriterionAnswer",
    "answers_schema",
    "assess",
    "compare",
    "meets",
    "parse_answers",
    "parse_answers_data",
    "place",
    "placement_rule",
    "readiness_levels",
]
