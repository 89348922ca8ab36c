"""The team rules as pure functions: who sees what, cycle progress, calibration flags, dashboard roll-ups."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmpath.framework import builtin_framework
from pmpath.teams import (
    Member,
    OrgChart,
    Policy,
    Summary,
    Viewer,
    Work,
    calibration_rows,
    can_change,
    can_review,
    can_see,
    cycle_progress,
    placements_by_cycle,
    pyramid,
    readiness_heatmap,
    roles_of,
    rollups,
    span_of_control,
)

FW = builtin_framework()
LEVELS = FW.level_ids
ORG, OTHER = "org-a", "org-b"

# cpo -> dir -> (mgr -> (ann, ben)), (cat);  outsider -> (olly) : another team in the same org
CHART = OrgChart(
    [
        Member("cpo", "Chief", None, "cpo"),
        Member("dir", "Director", "cpo", "director"),
        Member("mgr", "Manager", "dir", "senior-pm"),
        Member("ann", "Ann", "mgr", "pm"),
        Member("ben", "Ben", "mgr", "senior-pm"),
        Member("cat", "Cat", "dir", "apm"),
        Member("outsider", "Out", None, "director"),
        Member("olly", "Olly", "outsider", "pm"),
        Member("admin", "Admin", None, None, is_admin=True),
    ]
)


def viewer(pid: str, org: str = ORG) -> Viewer:
    return Viewer(pid, org, is_admin=CHART.members[pid].is_admin if pid in CHART else False)


def test_chart_walks_up_and_down():
    assert CHART.managers_above("ann") == ["mgr", "dir", "cpo"]
    assert set(CHART.below("dir")) == {"mgr", "ann", "ben", "cat"}
    assert CHART.subtree("mgr")[0] == "mgr" and set(CHART.subtree("mgr")) == {"mgr", "ann", "ben"}
    assert CHART.would_loop("dir", "ann") and CHART.would_loop("ann", "ann") and not CHART.would_loop("ann", "cat")
    assert roles_of(viewer("admin"), CHART) == ["admin"]
    assert roles_of(viewer("mgr"), CHART) == ["manager"] and roles_of(viewer("ann"), CHART) == ["member"]


def test_a_loop_in_bad_data_ends_the_walk():
    looped = OrgChart([Member("a", manager_id="b"), Member("b", manager_id="a")])
    assert looped.managers_above("a") == ["b"]
    assert looped.below("a") == ["b"]


SELF_PRIVATE = Work(ORG, "ann", "ann", "self")
SELF_SHARED = Work(ORG, "ann", "ann", "self", shared=True)
REVIEW = Work(ORG, "ann", "mgr", "manager")
REVIEW_RELEASED = Work(ORG, "ann", "mgr", "manager", released=True)


@pytest.mark.parametrize(
    ("who", "work", "sees"),
    [
        ("ann", SELF_PRIVATE, True),
        ("mgr", SELF_PRIVATE, False),
        ("dir", SELF_PRIVATE, False),
        ("admin", SELF_PRIVATE, False),
        ("mgr", SELF_SHARED, True),
        ("dir", SELF_SHARED, True),  # indirect report's shared work
        ("cpo", SELF_SHARED, True),
        ("ben", SELF_SHARED, False),  # a peer
        ("outsider", SELF_SHARED, False),  # a manager of another team
        ("olly", SELF_SHARED, False),
        ("admin", SELF_SHARED, True),
        ("ann", REVIEW, False),  # not released yet
        ("ann", REVIEW_RELEASED, True),
        ("mgr", REVIEW, True),
        ("dir", REVIEW, True),
        ("ben", REVIEW_RELEASED, False),
        ("outsider", REVIEW_RELEASED, False),
    ],
)
def test_who_sees_what(who, work, sees):
    assert can_see(viewer(who), work, CHART) is sees


def test_admin_reads_private_only_when_the_setting_says_so():
    assert not can_see(viewer("admin"), SELF_PRIVATE, CHART)
    assert can_see(viewer("admin"), SELF_PRIVATE, CHART, Policy(admin_reads_private=True))
    assert not can_see(viewer("mgr"), SELF_PRIVATE, CHART, Policy(admin_reads_private=True))


def test_unassigned_work_is_for_admins_only():
    legacy = Work(ORG, None, None, "self")
    assert can_see(viewer("admin"), legacy, CHART)
    assert not any(can_see(viewer(p), legacy, CHART) for p in ("ann", "mgr", "cpo"))


def test_reviews_and_changes():
    assert can_review(viewer("mgr"), "ann", CHART) and can_review(viewer("cpo"), "ann", CHART)
    assert not can_review(viewer("ann"), "ann", CHART) and not can_review(viewer("ben"), "ann", CHART)
    assert not can_review(viewer("outsider"), "ann", CHART)
    assert can_change(viewer("ann"), SELF_PRIVATE) and not can_change(viewer("mgr"), SELF_SHARED)
    assert not can_change(Viewer("ann", OTHER), SELF_PRIVATE)


people_ids = st.sampled_from(list(CHART.members))
works = st.builds(
    Work,
    org_id=st.just(ORG),
    subject_id=st.one_of(st.none(), people_ids),
    author_id=st.one_of(st.none(), people_ids),
    kind=st.sampled_from(["self", "manager"]),
    shared=st.booleans(),
    released=st.booleans(),
)


@given(work=works, who=people_ids, admin_reads=st.booleans())
def test_another_organization_never_sees_anything(work, who, admin_reads):
    stranger = Viewer(who, OTHER, is_admin=True)
    assert not can_see(stranger, work, CHART, Policy(admin_reads_private=admin_reads))


@given(work=works, who=people_ids)
def test_nobody_but_author_and_subject_sees_a_private_self_assessment(work, who):
    """(Work kept from before teams, attached to nobody, is the admins' to sort out.)"""
    private = work.kind == "self" and not work.shared and work.subject_id is not None
    if private and who not in (work.author_id, work.subject_id):
        assert not can_see(viewer(who), work, CHART)


@given(work=works, who=people_ids)
def test_a_member_outside_the_chain_never_sees_another_persons_work(work, who):
    """Unless admin, someone neither author, subject nor above the subject sees nothing."""
    if CHART.members[who].is_admin or who in (work.author_id, work.subject_id):
        return
    if work.subject_id is None or who not in CHART.managers_above(work.subject_id):
        assert not can_see(viewer(who), work, CHART)


edges = st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=30)


@given(edges)
def test_below_and_above_agree(parents):
    """x is below m exactly when m is above x, on random forests."""
    members = [Member(f"p{i}", manager_id=f"p{parent % i}" if i else None) for i, parent in enumerate(parents)]
    chart = OrgChart(members)
    for m in chart.members:
        for x in chart.members:
            assert (x in chart.below(m)) == (m in chart.managers_above(x))


def test_cycle_progress_counts_what_is_left():
    works = [
        Work(ORG, "ann", "ann", "self", shared=True),
        Work(ORG, "ben", "ben", "self"),  # private: started, not shared
        Work(ORG, "ann", "mgr", "manager", released=True),
        Work(ORG, "ben", "mgr", "manager"),
        Work(ORG, "ben", "dir", "manager", released=True),  # not the direct manager: does not count
    ]
    progress = cycle_progress(CHART, "mgr", works)
    states = {(t.kind, t.subject_id): t.state for t in progress.tasks}
    assert states == {
        ("self", "mgr"): "open",
        ("manager", "mgr"): "open",
        ("self", "ann"): "done",
        ("manager", "ann"): "done",
        ("self", "ben"): "private",
        ("manager", "ben"): "written",
    }
    assert (progress.done, progress.total) == (2, 6)
    assert [(t.kind, t.subject_id) for t in progress.open_for("mgr")] == [("self", "mgr"), ("manager", "ben")]
    assert [t.owner_id for t in progress.open_for("dir")] == ["dir"]  # dir reviews mgr
    whole = cycle_progress(CHART, None, [])
    assert whole.total == len(CHART.members) + 6 and whole.fraction == 0.0  # 6 people have a manager


def summary(pid, kind, placement, score=0.5, ready=False, exp=True, cycle=None, day=1, level=None, criteria=None):
    return Summary(
        id=f"{pid}-{kind}-{day}",
        subject_id=pid,
        kind=kind,
        created_at=dt.datetime(2026, 1, day, tzinfo=dt.UTC),
        placement=placement,
        current_level=level or CHART.members[pid].title_level,
        readiness_score=score,
        ready=ready,
        experience_ok=exp,
        cycle_id=cycle,
        criteria=criteria or {},
    )


def test_calibration_flags():
    summaries = [
        summary("ben", "self", "senior-pm", day=1),
        summary("ben", "manager", "pm", day=2),  # manager places below title: flagged
        summary("ann", "self", "pm", ready=True, exp=True, score=1.0),
        summary("cat", "self", "apm", score=0.4, cycle="c1", day=1),
        summary("cat", "self", "apm", score=0.4, cycle="c2", day=5),  # no progress
        summary("mgr", "manager", "senior-pm", score=0.2, cycle="c1", day=1),
        summary("mgr", "manager", "senior-pm", score=0.6, cycle="c2", day=5),  # readiness rose: progress
    ]
    rows = {r.person_id: r for r in calibration_rows(CHART, "dir", summaries, LEVELS, ["c1", "c2"])}
    assert set(rows) == {"mgr", "ann", "ben", "cat"}  # everyone below, not the director
    assert rows["ben"].flags == ("title-above-placement",)
    assert (rows["ben"].self_placement, rows["ben"].manager_placement) == ("senior-pm", "pm")
    assert rows["ann"].flags == ("ready-for-promotion",) and rows["ann"].next_level == "senior-pm"
    assert rows["cat"].flags == ("no-progress",)
    assert rows["mgr"].flags == ()
    not_ready = calibration_rows(CHART, "mgr", [summary("ann", "self", "pm", ready=True, exp=False)], LEVELS)
    assert not_ready[0].flags == () and not_ready[1].self_placement is None


def test_dashboard_rollups():
    summaries = [
        summary("ann", "self", "senior-pm", criteria={"pm-ready-1": "met"}),
        summary("ben", "manager", "pm"),
        summary("mgr", "self", "senior-pm"),
    ]
    counts = {c.level: (c.by_title, c.by_placement) for c in pyramid(CHART, "dir", summaries, LEVELS)}
    assert counts["pm"] == (1, 1) and counts["senior-pm"] == (2, 2) and counts["director"] == (1, 0)
    assert counts["apm"] == (1, 0)
    heat = {g.level: g for g in readiness_heatmap(FW, CHART, "mgr", summaries)}
    assert set(heat) == {"pm", "senior-pm"}
    pm = heat["pm"]
    assert pm.next_level == "senior-pm" and len(pm.criteria) == len(FW.level("pm").readiness.criteria)
    assert [pid for pid, _ in pm.rows] == ["ann"]
    assert set(pm.rows[0][1]) <= {"met", "partly", "not-yet", "unanswered"}
    spans = span_of_control(CHART, "cpo")
    assert [(s.manager_id, s.direct, s.total) for s in spans] == [("dir", 2, 4), ("mgr", 2, 2), ("cpo", 1, 5)]


def test_heatmap_follows_the_step_the_assessment_measured():
    """A review placing Ben (senior PM by title) at PM measures readiness for PM's next step: he shows in
    the PM row with those answers, not as blanks against the senior PM criteria."""
    pm_criteria = [c.id for c in FW.level("pm").readiness.criteria]
    answered = dict(zip(pm_criteria, ["met", "partly", "not-yet"] * 5, strict=False))
    review = summary("ben", "manager", "pm", criteria=answered)
    heat = {g.level: g for g in readiness_heatmap(FW, CHART, "mgr", [review])}
    rows = dict(heat["pm"].rows)
    assert set(rows) == {"ann", "ben"}  # Ann: PM by title, not assessed yet
    assert "ben" not in dict(heat["senior-pm"].rows)
    assert rows["ben"] == [answered[c] for c in pm_criteria] and set(rows["ann"]) == {"unanswered"}
    unassessed = {g.level: g for g in readiness_heatmap(FW, CHART, "mgr", [])}  # no assessment: by title
    assert set(dict(unassessed["senior-pm"].rows)["ben"]) == {"unanswered"}


def test_change_across_cycles():
    summaries = [
        summary("ann", "self", "pm", cycle="c1"),
        summary("ann", "self", "senior-pm", cycle="c2", day=3),
        summary("ben", "manager", "pm", cycle="c2", day=3),
    ]
    by_cycle = dict(placements_by_cycle(CHART, "mgr", summaries, ["c1", "c2"], LEVELS))
    assert by_cycle["c1"]["pm"] == 1 and sum(by_cycle["c1"].values()) == 1
    assert by_cycle["c2"]["senior-pm"] == 1 and by_cycle["c2"]["pm"] == 1


PEOPLE = ["cpo", "dir", "mgr", "ann", "ben", "cat", "outsider", "olly"]
STATUSES = ["met", "partly", "not-yet", "unanswered"]


@st.composite
def many_summaries(draw) -> list[Summary]:
    """Assessments of anyone in the chart: either kind, any level, in a cycle or none, on any day, with statuses."""
    found = []
    for i in range(draw(st.integers(0, 25))):
        pid = draw(st.sampled_from(PEOPLE))
        level = draw(st.sampled_from([*LEVELS, "retired-level"]))
        criteria = (
            {c.id: draw(st.sampled_from(STATUSES)) for c in FW.level(level).readiness.criteria}
            if (level in LEVELS and FW.level(level).readiness)
            else {}
        )
        found.append(
            Summary(
                id=f"s{i}",
                subject_id=pid,
                kind=draw(st.sampled_from(["self", "manager"])),
                created_at=dt.datetime(2026, 1, draw(st.integers(1, 4)), tzinfo=dt.UTC),
                placement=draw(st.sampled_from(LEVELS)),
                current_level=level,
                readiness_score=0.5,
                ready=False,
                experience_ok=True,
                cycle_id=draw(st.sampled_from([None, "c1", "c2"])),
                criteria=criteria,
            )
        )
    return found


@given(many_summaries(), st.sampled_from(["cpo", "dir", "mgr", "ann", "outsider"]))
def test_the_dashboard_rollups_computed_together_equal_each_one_alone(summaries, root):
    """The dashboard finds each person's newest summaries once for all four views: the same views as one by one."""
    board = rollups(FW, CHART, root, summaries, ["c1", "c2"])
    assert board.levels == pyramid(CHART, root, summaries, LEVELS)
    assert board.heatmap == readiness_heatmap(FW, CHART, root, summaries)
    assert board.spans == span_of_control(CHART, root)
    assert board.by_cycle == placements_by_cycle(CHART, root, summaries, ["c1", "c2"], LEVELS)


def test_inactive_people_leave_the_views():
    chart = OrgChart([Member("m", title_level="director"), Member("x", manager_id="m", title_level="pm", active=False)])
    assert calibration_rows(chart, "m", [], LEVELS) == []
    assert span_of_control(chart, "m") == []
    assert cycle_progress(chart, None, []).total == 1


def test_roster_rows_are_checked_and_located():
    from pmpath.teams import parse_roster

    text = "email,name,manager_email\nA@x.example,A,\nb@x.example,B,a@x.example\nc@x.example,C,c@x.example\n"
    people, problems = parse_roster(text, "t.csv", LEVELS, ["mid"])
    assert people == [] and [str(p) for p in problems] == ["t.csv:4: manager_email: a person cannot manage themselves"]
    good, none = parse_roster(text.split("c@x")[0], "t.csv", LEVELS, ["mid"])
    assert none == [] and [p.email for p in good] == ["a@x.example", "b@x.example"]
    assert good[1].manager_email == "a@x.example"
    _, empty = parse_roster("email\n", "e.csv", LEVELS, [])
    assert [p.message for p in empty] == ["no people in the file"]
    # a loop through the file's managers is refused as changing a manager refuses one; a BOM names no column
    loop = "\ufeffemail,name,manager_email\na@x.example,A,b@x.example\nb@x.example,B,a@x.example\nc@x.example,C,a@x.example\n"
    none_added, (problem,) = parse_roster(loop, "l.csv", LEVELS, ["mid"])
    assert none_added == [] and problem.line == 2 and problem.field == "manager_email"
    assert problem.message == "a management loop: a@x.example -> b@x.example -> a@x.example"
