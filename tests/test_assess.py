"""Placement, readiness, gaps and the growth plan, on the example personas and on any answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmpath.assess import Answers, assess, compare, parse_answers, place
from pmpath.framework import ProblemsError, builtin_framework

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "assessments"
FW = builtin_framework()
COMPETENCIES = [c.id for c in FW.competencies]


def persona(name: str, fw=FW):
    return assess(fw, parse_answers((EXAMPLES / f"{name}.yaml").read_text(), name, fw))


def test_there_are_at_least_five_personas_across_the_ladder():
    files = list(EXAMPLES.glob("*.yaml"))
    assert len(files) >= 5
    levels = {parse_answers(f.read_text(), f.name, FW).current_level for f in files}
    assert {"apm", "senior-pm", "director"} <= levels


def test_new_apm_is_placed_at_apm_and_not_ready():
    a = persona("new-apm")
    assert a.placement.level == "apm" and a.next_level == "pm"
    assert not a.readiness.ready and a.readiness.score == pytest.approx(0.2)
    assert a.gaps[0].id == "execution"  # two points short of PM and named by unmet criteria
    top = [g.id for g in a.gaps[:6]]
    assert {"apm-go-to-person", "apm-delegates", "apm-mentors-replacement"} <= set(top)


def test_apm_ready_for_promotion():
    a = persona("apm-ready")
    assert a.readiness.ready and a.readiness.score == 1.0
    assert a.placement.level == "pm"  # already performing at the next level
    assert a.experience.ok
    assert a.gaps == [] and a.plan == []


def test_senior_title_with_answers_of_a_pm():
    a = persona("senior-title-lower")
    assert a.current_level == "senior-pm"
    assert a.placement.level == "pm"
    assert "data-metrics" in a.placement.holding_down
    assert not a.readiness.ready


def test_senior_working_towards_director():
    a = persona("senior-to-director")
    assert a.placement.level == "senior-pm"
    assert set(a.placement.holding_down) == {"leadership", "process", "market-insight"}
    assert [r.status for r in a.readiness.criteria] == ["partly", "met", "met"]
    assert not a.experience.ok and a.experience.years_needed == 10  # mid-size company
    kinds = [g.kind for g in a.gaps]
    assert kinds[-1] == "experience"
    assert a.gaps[0].id == "leadership"  # short and named by the unmet criterion
    plan_gaps = {item.gap for item in a.plan}
    assert {"leadership", "senior-advises-pms", "experience"} <= plan_gaps
    sources = {item.source for item in a.plan}
    assert sources <= set(FW.sections)


def test_director_ready_for_vp():
    a = persona("director-ready")
    assert a.readiness.ready and a.readiness.derived
    assert a.placement.level == "vp"
    assert a.experience.ok and a.experience.leading_needed == 5


def test_startup_lowers_the_director_bar():
    base = parse_answers((EXAMPLES / "senior-to-director.yaml").read_text(), "x", FW)
    startup = assess(FW, base.model_copy(update={"company_size": "startup"}))
    assert startup.experience.ok and startup.experience.years_needed == 5


def test_self_versus_manager():
    self_ = parse_answers((EXAMPLES / "senior-to-director.yaml").read_text(), "a", FW)
    manager = parse_answers((EXAMPLES / "senior-to-director-manager.yaml").read_text(), "b", FW)
    result = compare(FW, self_, manager)
    assert result.ratings[0].competency == "strategy" and result.ratings[0].difference == -2
    assert result.talk_first == ["strategy"]
    assert {d.id for d in result.criteria} == {"senior-advises-pms", "senior-advocates-team"}


def test_works_unchanged_with_the_compact_framework():
    compact = builtin_framework("compact")
    answers = parse_answers(
        (EXAMPLES / "senior-to-director.yaml").read_text().replace("current_level: senior-pm", "current_level: pm"),
        "c",
        compact,
    )
    a = assess(compact, answers)
    assert a.placement.level in compact.level_ids
    assert a.next_level == "director"
    ids = [r.id for r in a.readiness.criteria]
    assert "pm-light-process" in ids and "senior-advises-pms" in ids  # folded from the dropped level


ratings = st.fixed_dictionaries({c: st.integers(1, FW.max_depth) for c in COMPETENCIES})


@settings(max_examples=300, deadline=None)
@given(ratings, st.sampled_from(COMPETENCIES))
def test_raising_a_rating_never_lowers_the_placement(r, comp):
    before = place(FW, r)
    raised = dict(r, **{comp: min(FW.max_depth, r[comp] + 1)})
    after = place(FW, raised)
    assert FW.index(after.level) >= FW.index(before.level)


@settings(max_examples=200, deadline=None)
@given(ratings)
def test_placement_is_a_level_of_the_framework(r):
    assert place(FW, r).level in FW.level_ids


@settings(max_examples=100, deadline=None)
@given(ratings, st.sampled_from(FW.level_ids[:-1]))
def test_meeting_every_criterion_makes_a_person_ready(r, level_id):
    criteria = {c.id: {"status": "met"} for c in FW.level(level_id).readiness.criteria}
    answers = Answers(ratings=r, criteria=criteria, current_level=level_id)
    assert assess(FW, answers).readiness.ready


def test_top_ratings_place_at_the_top_and_bottom_ratings_at_the_bottom():
    assert place(FW, dict.fromkeys(COMPETENCIES, FW.max_depth)).level == "cpo"
    bottom = place(FW, dict.fromkeys(COMPETENCIES, 1))
    assert bottom.level == "apm"


GOOD = (EXAMPLES / "senior-to-director.yaml").read_text()


def problems_of(text):
    with pytest.raises(ProblemsError) as caught:
        parse_answers(text, "answers.yaml", FW)
    return caught.value.problems


def test_unknown_competency_is_named_with_its_line():
    text = GOOD.replace("  market-insight: 3", "  market-insight: 3\n  telepathy: 4")
    (problem,) = problems_of(text)
    assert problem.field == "ratings.telepathy" and "unknown competency" in problem.message
    assert problem.line == text.splitlines().index("  telepathy: 4") + 1


def test_rating_out_of_range():
    text = GOOD.replace("  strategy: 4", "  strategy: 9")
    (problem,) = problems_of(text)
    assert problem.field == "ratings.strategy" and "outside the scale 1..5" in problem.message
    assert problem.line == text.splitlines().index("  strategy: 9") + 1


def test_wrong_type():
    text = GOOD.replace("years_experience: 8", "years_experience: eight")
    (problem,) = problems_of(text)
    assert (
        problem.field == "years_experience" and problem.line == text.splitlines().index("years_experience: eight") + 1
    )


def test_bad_status_and_missing_rating():
    text = GOOD.replace(
        "senior-curious-about-process: {status: met,", "senior-curious-about-process: {status: maybe,"
    ).replace("  process: 3\n", "")
    problems = problems_of(text)
    fields = {p.field for p in problems}
    assert "criteria.senior-curious-about-process.status" in fields
