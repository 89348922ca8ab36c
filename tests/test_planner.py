"""The career-path planner: steps in ladder order, gated by the framework's experience figures."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmpath.framework import builtin_framework
from pmpath.planner import PlanError, plan_path

FW = builtin_framework()
MIN_YEARS_PER_STEP = FW.rules.min_years_per_step


def test_pm_to_vp_at_a_mid_size_company():
    path = plan_path(FW, "pm", 4, "vp", 0, "mid")
    assert [s.level for s in path.steps] == ["senior-pm", "director", "vp"]
    senior, director, vp = path.steps
    assert senior.years_from_now == 1.0  # 5 years (est.) reached in 1; at least a year per step
    assert director.years_from_now == 6.0 and director.at_experience == 10.0  # 10+ at mid-size
    # Director asks for leading experience before the step, so leading starts as a senior PM (in 1
    # year): 5 years of it are reached in 6, and the year after the Director step decides (7).
    assert vp.years_from_now == 7.0 and vp.at_experience == 11.0
    assert path.total_years == 7.0 and path.start_leading_in == 1.0 and path.start_leading_for == "director"
    assert {o.id for o in path.offramps} == {"gm"}  # no program-management "side step": not in the source


def test_the_director_gate_means_leading_starts_before_the_director_step():
    """Source (Director of Product): the role asks for leadership experience, so the years of leading
    the VP gate counts begin before Director, while a senior PM (who may lead junior PMs), not at it."""
    path = plan_path(FW, "senior-pm", 6, "vp", 0, "mid")
    director, vp = path.steps
    assert path.start_leading_in == 0.0 and path.start_leading_for == "director"
    assert director.years_from_now == 4.0  # 10+ years at a mid-size company
    assert vp.years_from_now == 5.0  # 5 years leading from now, not from the Director step (9)
    assert "before the step" in path.rule
    already = plan_path(FW, "senior-pm", 6, "vp", 2, "mid")
    assert already.start_leading_in is None and already.steps[1].years_from_now == 5.0


def test_startup_director_comes_sooner():
    mid = plan_path(FW, "senior-pm", 5, "director", company_size="mid")
    startup = plan_path(FW, "senior-pm", 5, "director", company_size="startup")
    assert startup.steps[0].years_from_now < mid.steps[0].years_from_now


def test_years_already_leading_count():
    fresh = plan_path(FW, "director", 12, "vp", 0)
    seasoned = plan_path(FW, "director", 12, "vp", 6)
    assert fresh.steps[0].years_from_now == 5.0
    assert seasoned.steps[0].years_from_now == MIN_YEARS_PER_STEP


def test_work_on_lists_what_deepens():
    step = plan_path(FW, "apm", 1, "pm").steps[0]
    assert any(w.startswith("Customer empathy and discovery") for w in step.work_on)
    assert step.criteria and "mentor your replacement" in step.criteria[-1]


def test_cpo_path_names_the_off_ramps():
    path = plan_path(FW, "vp", 14, "cpo", 6, "enterprise")
    assert path.steps[0].years_needed == 20
    assert {"gm", "coo", "ceo"} <= {o.id for o in path.offramps}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("vp", 5, "pm"), "below the current level"),
        (("pm", -1, "vp"), "cannot be negative"),
        (("wizard", 5, "vp"), "unknown level 'wizard'"),
        (("pm", 5, "vp", 0, "galaxy"), "unknown company size"),
        (("pm", float("nan"), "vp"), "must be a number of years"),
        (("pm", float("inf"), "vp"), "must be a number of years"),
        (("pm", 1e9, "vp"), "at most 60"),
        (("pm", 5, "vp", float("nan")), "must be a number of years"),
    ],
)
def test_clear_errors(args, message):
    with pytest.raises(PlanError, match=message):
        plan_path(FW, *args)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(FW.level_ids),
    st.sampled_from(FW.level_ids),
    st.floats(0, 30),
    st.floats(0, 15),
    st.sampled_from([None, "startup", "mid", "enterprise"]),
)
def test_steps_in_ladder_order_and_times_never_decrease(a, b, years, leading, size):
    start, target = sorted([a, b], key=FW.index)
    path = plan_path(FW, start, years, target, leading, size)
    assert [s.level for s in path.steps] == FW.level_ids[FW.index(start) + 1 : FW.index(target) + 1]
    times = [s.years_from_now for s in path.steps]
    assert times == sorted(times)
    assert all(t2 - t1 >= MIN_YEARS_PER_STEP - 1e-9 for t1, t2 in zip([0.0, *times], times, strict=False))


def test_no_company_size_assumes_the_frameworks_size_and_says_so():
    path = plan_path(FW, "senior-pm", 5, "director")
    assert path.size_assumed and path.company_size == FW.rules.assumed_company_size == "mid"
    step = path.steps[0]
    assert step.years_needed == 10 and step.years_by_size == {"startup": 5, "mid": 10, "enterprise": 10}
    given = plan_path(FW, "senior-pm", 5, "director", company_size="startup")
    assert not given.size_assumed and given.steps[0].years_needed == 5


def test_steps_name_their_gates_and_derived_criteria():
    path = plan_path(FW, "senior-pm", 8, "cpo", 0, "mid")
    director, vp, _cpo = path.steps
    assert director.gates and director.gate_sources == ["director"]
    assert vp.leading_needed == 5 and vp.criteria_derived and not director.criteria_derived


def test_compact_ladder_keeps_the_vps_years_of_leading_for_its_cpo():
    compact = builtin_framework("compact")
    step = plan_path(compact, "director", 15, "cpo", 0, "startup").steps[0]
    assert step.leading_needed == 5 and step.years_from_now == 5.0


def test_the_shortest_time_per_step_is_the_frameworks():
    slower = FW.model_copy(update={"rules": FW.rules.model_copy(update={"min_years_per_step": 2.0})})
    path = plan_path(slower, "apm", 10, "senior-pm")
    assert [s.years_from_now for s in path.steps] == [2.0, 4.0] and "at least 2 year" in path.rule


def test_a_plan_past_a_working_life_says_so():
    """59.9 years of experience and a VP target: the steps land past 60 years, and the plan says so."""
    late = plan_path(FW, "senior-pm", 59.9, "vp", 0, "mid")
    assert late.past_working_life and late.steps[-1].at_experience > late.working_life == 60
    assert not plan_path(FW, "senior-pm", 6, "vp", 0, "mid").past_working_life
