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
FW_SIZES = [s.id for s in FW.company_sizes]


def persona(name: str, fw=FW):
    return assess(fw, parse_answers((EXAMPLES / f"{name}.yaml").read_text(), name, fw))


# name -> (level the answers place at, level readiness is measured from, readiness %, experience ok).
# The reasoning from the source is in each persona file's opening comment.
PERSONAS = {
    "new-apm": ("apm", "apm", 20, False),
    "apm-ready": ("pm", "apm", 100, True),
    "solid-pm": ("pm", "pm", 63, False),
    "senior-title-lower": ("pm", "pm", 50, False),
    "senior-to-director": ("senior-pm", "senior-pm", 83, False),
    "senior-to-director-manager": ("pm", "pm", 0, True),
    "high-craft-ic": ("senior-pm", "senior-pm", 100, False),
    "startup-senior-ready": ("senior-pm", "senior-pm", 100, True),
    "director-ready": ("vp", "director", 100, True),
    "vp-short-leading": ("director", "director", 60, False),
    "vp-size-unknown": ("vp", "vp", 50, False),
}


def test_every_persona_file_is_in_the_table_and_has_its_reasoning():
    files = {f.stem: f for f in EXAMPLES.glob("*.yaml")}
    assert len(files) >= 10 and set(files) == set(PERSONAS)
    for name, path in files.items():
        assert path.read_text().startswith("# "), f"{name}: the source reasoning goes in the opening comment"
        assert "Expected" in path.read_text().split("\nname:")[0], name


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_persona_placement_and_readiness(name):
    placement, basis, percent, experience_ok = PERSONAS[name]
    a = persona(name)
    assert (a.placement.level, a.basis, a.readiness.percent, a.experience.ok) == (
        placement,
        basis,
        percent,
        experience_ok,
    )
    assert a.readiness.ready == (percent == 100)


def test_a_pm_at_the_pm_anchors_places_at_pm():
    """The issue's case: 2.5 years, 3 on the core craft and 2 elsewhere is a PM, not an APM."""
    a = persona("solid-pm")
    assert a.placement.level == "pm" and a.placement.ratings_level == "pm"
    assert a.placement.holding_level == "senior-pm"  # 'expects more in' names the level it means


@pytest.mark.parametrize("level_id", FW.level_ids)
def test_rated_at_a_levels_own_depths_places_at_that_level(level_id):
    level = FW.level(level_id)
    years = max((g.years or 1 for _, g in FW.gates_for(level_id)), default=0)
    assert place(FW, dict(level.expectations), years_leading=years).level == level_id


def test_high_craft_without_reports_is_gated_below_director():
    a = persona("high-craft-ic")
    assert a.placement.ratings_level == "cpo" and a.placement.level == "senior-pm"
    assert {g.id for g in a.placement.gated} == {"director-leads-people", "vp-leading-years"}
    assert all(g.source in FW.sections and not g.passed for g in a.placement.gated)
    kinds = {g.kind for g in a.gaps}
    assert "leading" in kinds  # the missing leadership experience is a gap of its own ...
    leading = next(g for g in a.gaps if g.kind == "leading")
    assert leading.name == "Experience leading people" and leading.source == "director"
    action = next(item for item in a.plan if item.gap == leading.id)
    assert action.action == FW.rules.leading_action.text  # someone who has never led is asked to start
    assert {g.id for g in a.gaps if g.kind == "competency"} == {"leadership"}  # ... not a competency list


def test_vp_short_of_years_leading_people():
    a = persona("vp-short-leading")
    assert a.placement.ratings_level == "vp" and [g.id for g in a.placement.gated] == ["vp-leading-years"]
    leading = next(g for g in a.gaps if g.kind == "leading")
    assert (leading.name, leading.current, leading.expected) == ("Years leading people", "3 years", "5+ years")
    assert not any(g.kind == "experience" for g in a.gaps)  # 13 years of product work is enough
    action = next(item for item in a.plan if item.gap == leading.id)
    assert action.action == FW.rules.leading_years_action.text  # three years in: keep leading, not "start"
    assert a.title_check and [g.id for g in a.title_check.gates] == ["vp-leading-years"]
    assert a.title_check.shortfalls == []  # the ratings show everything a VP needs but the years


def test_title_above_placement_is_measured_from_the_placement():
    a = persona("senior-title-lower")
    assert (a.current_level, a.placement.level, a.measured_from, a.next_level) == ("senior-pm", "pm", "pm", "senior-pm")
    assert "measured from Product Manager" in a.basis_note
    assert [r.id for r in a.readiness.criteria][:2] == ["pm-trusted-by-management", "pm-customer-benefit"]
    assert a.readiness.criteria[0].status == "met"  # the PM-to-senior answers are used, not ignored
    assert {g.level for g in a.gaps} == {"senior-pm"} and {p.level for p in a.plan} == {"senior-pm"}
    assert a.experience.level == "senior-pm"
    assert a.title_check.title_level == "senior-pm"
    assert {g.id for g in a.title_check.shortfalls} >= {"strategy", "business-acumen", "data-metrics"}


def test_placement_above_the_title_is_still_promoted_from_the_title():
    a = persona("apm-ready")
    assert a.placement.level == "pm" and a.basis == "apm" and a.title_check is None
    assert a.gaps == [] and a.plan == []


def test_company_size_changes_the_experience_verdict():
    base = parse_answers((EXAMPLES / "startup-senior-ready.yaml").read_text(), "x", FW)
    verdicts = {size: assess(FW, base.model_copy(update={"company_size": size})).experience for size in FW_SIZES}
    assert verdicts["startup"].ok and verdicts["startup"].years_needed == 5
    assert not verdicts["mid"].ok and verdicts["mid"].years_needed == 10
    assert not verdicts["enterprise"].ok


def test_unknown_company_size_shows_the_range_and_names_the_size_assumed():
    a = persona("vp-size-unknown")
    exp = a.experience
    assert exp.size_assumed and exp.company_size == FW.rules.assumed_company_size == "mid"
    assert exp.years_by_size == {"startup": 10, "mid": 15, "enterprise": 20} and exp.years_needed == 15
    assert "10 to 20+" in exp.note and "assumed a mid-size company" in exp.note and "any company size" not in exp.note
    gap = next(g for g in a.gaps if g.kind == "experience")
    assert gap.expected == "15+ years at a mid-size company (assumed size)"


def test_gaps_name_their_level_and_section():
    for name in PERSONAS:
        a = persona(name)
        for gap in a.gaps:
            assert gap.level == a.next_level and gap.source in FW.sections and gap.source_heading


def test_plans_fit_the_level_moved_to():
    for name in PERSONAS:
        a = persona(name)
        assert len(a.plan) <= FW.rules.plan_actions
        full = assess(FW, parse_answers((EXAMPLES / f"{name}.yaml").read_text(), name, FW), all_actions=True)
        assert len(full.plan) == full.plan_total >= len(a.plan) and full.plan[: len(a.plan)] == a.plan
        gap_names = {g.id: g.name for g in a.gaps}
        for item in full.plan:
            assert item.gap_name == gap_names[item.gap] and item.level == a.next_level
            assert item.source in FW.sections and item.derived
    # a competency's actions are those of the depths between the rating and the next level's depth
    target = FW.level("pm")
    for item in assess(FW, parse_answers((EXAMPLES / "new-apm.yaml").read_text(), "n", FW), all_actions=True).plan:
        for comp in FW.competencies:
            for action in comp.actions:
                if action.text == item.action:
                    assert action.depth <= target.expectations[comp.id]


def test_an_apm_never_gets_a_team_leaders_action():
    a = assess(FW, parse_answers((EXAMPLES / "new-apm.yaml").read_text(), "n", FW), all_actions=True)
    texts = " ".join(item.action.lower() for item in a.plan)
    for phrase in [
        "each person on your team",
        "rest of the organization",
        "whole organization",
        "budgeting",
        "report to you",
    ]:
        assert phrase not in texts


def test_horizons_are_stable_between_reports():
    seen: dict[str, str] = {}
    for name in PERSONAS:
        for item in persona(name).plan:
            assert seen.setdefault(item.action, item.horizon) == item.horizon, item.action


def test_derived_readiness_is_marked_on_every_criterion():
    a = persona("director-ready")
    assert a.readiness.derived and all(r.derived for r in a.readiness.criteria)
    assert not any(r.derived for r in persona("solid-pm").readiness.criteria)


def test_readiness_percent_rounds_half_up_once():
    a = persona("solid-pm")
    assert a.readiness.score == 0.625 and a.readiness.percent == 63


def test_senior_working_towards_director():
    a = persona("senior-to-director")
    assert [r.status for r in a.readiness.criteria] == ["partly", "met", "met"]
    assert not a.experience.ok and a.experience.years_needed == 10  # mid-size company
    assert a.gaps[-1].kind == "experience"
    plan_gaps = {item.gap for item in a.plan}
    assert {"leadership", "senior-advises-pms"} <= plan_gaps


def test_director_ready_for_vp():
    a = persona("director-ready")
    assert a.readiness.ready and a.readiness.derived
    assert a.experience.ok and a.experience.leading_needed == 5


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
    assert [g.id for g in compact.level("cpo").gates] == ["vp-leading-years"]  # the dropped VP's gate moves up


def test_stored_results_of_the_first_release_still_load():
    """An assessment stored before gates, basis and plan sizes existed validates and renders."""
    from pmpath.assess import Assessment
    from pmpath.reports import assessment_markdown

    old = persona("senior-to-director").model_dump(mode="json")
    for key in ("measured_from", "title_level", "basis_note", "title_check", "plan_total", "hold_vs_move"):
        old.pop(key)
    for key in ("ratings_level", "gated", "holding_level"):
        old["placement"].pop(key)
    for gap in old["gaps"]:
        for key in ("level", "source", "source_heading", "derived"):
            gap.pop(key)
    for item in old["plan"]:
        for key in ("gap_name", "level", "source_heading", "derived"):
            item.pop(key)
    for key in (
        "level",
        "years_by_size",
        "size_assumed",
        "years_ok",
        "leading_ok",
        "gates",
        "estimate",
        "sizes_derived",
    ):
        old["experience"].pop(key)
    old["readiness"].pop("percent")
    loaded = Assessment.model_validate(old)
    assert loaded.readiness.percent == 83 and "Career assessment" in assessment_markdown(FW, loaded)


ratings = st.fixed_dictionaries({c: st.integers(1, FW.max_depth) for c in COMPETENCIES})


@settings(max_examples=300, deadline=None)
@given(ratings, st.sampled_from(COMPETENCIES), st.sampled_from([None, 0.0, 0.5, 3.0, 5.0, 12.0]))
def test_raising_a_rating_never_lowers_the_placement(r, comp, leading):
    before = place(FW, r, leading)
    raised = dict(r, **{comp: min(FW.max_depth, r[comp] + 1)})
    after = place(FW, raised, leading)
    assert FW.index(after.level) >= FW.index(before.level)


@settings(max_examples=200, deadline=None)
@given(ratings, st.floats(0, 20), st.floats(0, 20))
def test_more_years_leading_never_lowers_the_placement(r, a, b):
    low, high = sorted([a, b])
    assert FW.index(place(FW, r, high).level) >= FW.index(place(FW, r, low).level)
    assert FW.index(place(FW, r, low).level) <= FW.index(place(FW, r).level)  # gates only ever lower it


@settings(max_examples=200, deadline=None)
@given(ratings)
def test_placement_is_a_level_of_the_framework(r):
    assert place(FW, r).level in FW.level_ids


ALL_MET = {c.id: {"status": "met"} for level in FW.levels if level.readiness for c in level.readiness.criteria}


@settings(max_examples=100, deadline=None)
@given(ratings, st.sampled_from(FW.level_ids[:-1]), st.floats(0, 20))
def test_meeting_every_criterion_makes_a_person_ready(r, level_id, leading):
    answers = Answers(ratings=r, criteria=ALL_MET, current_level=level_id, years_leading=leading)
    a = assess(FW, answers)
    assert a.readiness.ready
    assert a.current_level == level_id and FW.index(a.basis) <= FW.index(level_id)  # title, or a lower placement


def test_top_ratings_place_at_the_top_and_bottom_ratings_at_the_bottom():
    assert place(FW, dict.fromkeys(COMPETENCIES, FW.max_depth)).level == "cpo"
    assert place(FW, dict.fromkeys(COMPETENCIES, FW.max_depth), years_leading=0).level == "senior-pm"
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


@pytest.mark.parametrize(
    ("written", "status"),
    [("yes", "met"), ("Done", "met"), ("in progress", "partly"), ("Partially", "partly"), ("no", "not-yet")],
)
def test_a_status_in_other_words_is_read_as_the_one_it_means(written, status):
    """A hand-written file says 'yes', 'done' or 'in progress' (YAML reads a bare yes as true)."""
    text = GOOD.replace(
        "senior-curious-about-process: {status: met,", f"senior-curious-about-process: {{status: {written},"
    )
    answers = parse_answers(text, "answers.yaml", FW)
    assert answers.criteria["senior-curious-about-process"].status == status


@pytest.mark.parametrize(("size", "size_id"), [("Enterprise", "enterprise"), ("mid-size", "mid"), ("small", "startup")])
def test_what_a_person_writes_by_name_is_read_as_its_id(size, size_id):
    """A hand-written file names a level, a company size, an assessor and a competency as people say
    them; each is read as the framework's id, and the verdict is the one the ids give."""
    text = GOOD.replace("current_level: senior-pm", "current_level: Senior Product Manager")
    text = text.replace("company_size: mid", f"company_size: {size}").replace("assessor: self", "assessor: Self")
    text = text.replace("  market-insight: 3", "  Market Insight: 3")
    assert "Senior Product Manager" in text and "Market Insight" in text and "Self" in text
    answers = parse_answers(text, "answers.yaml", FW)
    assert (answers.current_level, answers.company_size, answers.assessor) == ("senior-pm", size_id, "self")
    assert answers.ratings["market-insight"] == 3


def test_a_size_its_words_leave_open_is_refused_with_the_known_ones():
    (problem,) = problems_of(GOOD.replace("company_size: mid", "company_size: company"))
    assert problem.field == "company_size" and "known: enterprise, mid, startup" in problem.message


def test_criteria_answered_for_another_level_are_kept_and_said_not_dropped():
    """Readiness is measured from one level; answers about leaving another are not lost in silence."""
    text = GOOD.replace("criteria:\n", "criteria:\n  vp-experienced: {status: met, evidence: Led the whole set.}\n", 1)
    result = assess(FW, parse_answers(text, "answers.yaml", FW))
    assert [c.id for c in result.readiness.criteria] == [c.id for c in FW.level("senior-pm").readiness.criteria]
    (unused,) = result.readiness.unused
    assert (unused.id, unused.status, unused.evidence) == ("vp-experienced", "met", "Led the whole set.")
    assert assess(FW, parse_answers(GOOD, "answers.yaml", FW)).readiness.unused == []
    from pmpath.reports.render import assessment_html, assessment_markdown

    for report in (assessment_markdown(FW, result), assessment_html(FW, result)):
        assert "Also answered, not measured here" in report and unused.text in report


def test_bad_status_and_missing_rating():
    text = GOOD.replace(
        "senior-curious-about-process: {status: met,", "senior-curious-about-process: {status: maybe,"
    ).replace("  process: 3\n", "")
    problems = problems_of(text)
    fields = {p.field for p in problems}
    assert "criteria.senior-curious-about-process.status" in fields


def test_readiness_levels_ask_the_placements_criteria_first_when_it_is_below_the_title():
    from pmpath.assess import readiness_levels

    pm_ratings = dict(FW.level("pm").expectations)
    assert readiness_levels(FW, "senior-pm", pm_ratings, 0) == ["pm", "senior-pm"]
    assert readiness_levels(FW, "pm", pm_ratings, 0) == ["pm"]
    assert readiness_levels(FW, "senior-pm", {"strategy": 3}, 0) == ["senior-pm"]  # ratings not complete yet
    assert readiness_levels(FW, None, pm_ratings, 0) == []


def test_growth_actions_fit_whether_the_person_already_leads_people():
    """Source (Director of Product): a director builds and trusts a team; someone who already leads
    is told to grow that team, someone who does not is told to take on reports first."""
    fw = builtin_framework()
    ratings = {c.id: fw.level("senior-pm").expectations[c.id] for c in fw.competencies}
    by_text = {a.text: a for c in fw.competencies for a in c.actions}
    for years_leading in (0.0, 2.0):
        answers = Answers(current_level="senior-pm", years_experience=9, years_leading=years_leading, ratings=ratings)
        plan = assess(fw, answers, all_actions=True).plan
        actions = [by_text[i.action] for i in plan if i.action in by_text]
        assert all(a.leads in (None, years_leading > 0) for a in actions)  # no team work for someone without one
        for gap in ("leadership", "data-metrics", "process"):
            assert any(a.leads is (years_leading > 0) for a in actions if a in fw.competency(gap).actions)


def test_experience_note_separates_what_is_asked_from_what_is_missing():
    """A senior PM leading two PMs at a large enterprise with 9 years: Director asks 10+ there (source:
    many roles ask 10+) and leading experience, which they have; one year of product work is missing."""
    ratings = {c.id: FW.level("senior-pm").expectations[c.id] for c in FW.competencies}
    answers = Answers(
        current_level="senior-pm", company_size="enterprise", years_experience=9, years_leading=2, ratings=ratings
    )
    note = assess(FW, answers).experience.note
    assert note.endswith(". You need 1 year more of product experience.") and "year(s)" not in note
    answers = answers.model_copy(update={"years_experience": 12})
    assert assess(FW, answers).experience.note.endswith(". You have what it asks.")


AUDIT = Path(__file__).parent / "data" / "audit"


@pytest.mark.parametrize(
    ("file", "placed", "measured_from", "percent", "ready_now", "title_gates"),
    [
        ("startup-pm-8-years.yaml", "senior-pm", "pm", 94, False, []),
        ("head-of-product-one-report.yaml", "senior-pm", "senior-pm", 0, False, []),
        ("cpo-small-company.yaml", "senior-pm", "senior-pm", 0, False, ["vp-leading-years"]),
        ("returning-apm.yaml", "apm", "apm", 10, False, []),
        ("senior-managing-two.yaml", "senior-pm", "senior-pm", 100, False, []),
        ("odd-yaml.yaml", "pm", "pm", 13, False, []),
    ],
)
def test_people_described_in_other_words_get_the_sources_verdicts(
    file, placed, measured_from, percent, ready_now, title_gates
):
    """Answer files written apart from the personas (each says its reasoning from the source)."""
    path = AUDIT / file
    result = assess(FW, parse_answers(path.read_bytes().decode("utf-8"), file, FW))  # a BOM is kept
    assert (result.placement.level, result.basis) == (placed, measured_from)
    assert (result.readiness.percent, result.ready_now) == (percent, ready_now)
    gates = [g.id for g in result.title_check.gates] if result.title_check else []
    assert gates == title_gates


def test_a_file_with_everything_wrong_reports_it_all():
    with pytest.raises(ProblemsError) as error:
        parse_answers((AUDIT / "broken-fields.yaml").read_text(), "broken-fields.yaml", FW)
    assert len(error.value.problems) == 5


def test_a_yes_no_rating_is_refused_not_read_as_one():
    ratings = ", ".join(f"{c.id}: 3" for c in FW.competencies[1:])
    text = f"ratings: {{{FW.competencies[0].id}: true, {ratings}}}\n"
    with pytest.raises(ProblemsError) as error:
        parse_answers(text, "yes.yaml", FW)
    assert "not yes/no" in str(error.value) and FW.competencies[0].id in str(error.value)
