"""Team storage on SQLite and PostgreSQL: people and managers, invitations, sessions, tokens, cycles,
sharing and releasing, export and deletion, the audit log, and a constant number of queries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import event

from pmpath.assess import assess, parse_answers
from pmpath.framework import builtin_framework
from pmpath.store import Accounts, NewPerson, NotFound, Refused, Reviews, Store
from pmpath.store.credentials import hash_password, password_matches
from pmpath.teams import Policy, Viewer, calibration_rows, pyramid

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "assessments"
FW = builtin_framework()
DAY = dt.timedelta(days=1)


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.close()


@pytest.fixture
def org(store):
    """Acme: an admin, a director, a manager under the director, two members under the manager."""
    accounts = Accounts(store)
    admin = accounts.init_org("Acme", "Admin@Acme.example", hash_password("correct horse battery"))
    people = accounts.add_people(
        admin.org_id,
        [
            NewPerson("dir@acme.example", "Dana", title_level="director"),
            NewPerson("mgr@acme.example", "Max", title_level="senior-pm", manager_email="dir@acme.example"),
            NewPerson("ann@acme.example", "Ann", title_level="pm", manager_email="mgr@acme.example"),
            NewPerson("ben@acme.example", "Ben", title_level="senior-pm", manager_email="mgr@acme.example"),
        ],
        admin.id,
    )
    return accounts, Reviews(store), admin, {p.name: p for p in people}


def answers(name: str, **changes):
    data = parse_answers((EXAMPLES / f"{name}.yaml").read_text(), name, FW)
    return data.model_copy(update=changes)


def add(store, subject, author, kind="self", cycle=None, example="apm-ready"):
    given = answers(example, assessor=kind)
    return store.add_assessment(
        given, assess(FW, given), org_id=subject.org_id, subject_id=subject.id, author_id=author.id, cycle_id=cycle
    )


def test_first_admin_and_people(org):
    accounts, _, admin, people = org
    assert admin.email == "admin@acme.example" and admin.is_admin and admin.has_password
    assert password_matches(accounts.password_hash(admin.id), "correct horse battery")
    assert not password_matches(accounts.password_hash(admin.id), "wrong")
    chart = accounts.chart(admin.org_id)
    assert chart.managers_above(people["Ann"].id) == [people["Max"].id, people["Dana"].id]
    with pytest.raises(Refused, match="already has an account"):
        accounts.init_org("Other", "admin@acme.example", "x")
    for alike in ("acme", " ACME ", "Acme"):  # found by name later: no two alike in case or spacing
        with pytest.raises(Refused, match="already exists"):
            accounts.init_org(alike, "boss@other.example", "x")
    with pytest.raises(Refused, match="only admin"):  # nobody could invite or undo anything after
        accounts.deactivate(admin.org_id, admin.id, None)


def test_an_import_with_a_bad_row_adds_nobody(org):
    accounts, _, admin, _ = org
    before = len(accounts.people(admin.org_id))
    with pytest.raises(Refused, match=r"person 2: no manager nobody@acme\.example"):
        accounts.add_people(
            admin.org_id,
            [NewPerson("new@acme.example"), NewPerson("new2@acme.example", manager_email="nobody@acme.example")],
            admin.id,
        )
    assert len(accounts.people(admin.org_id)) == before


def test_manager_loops_are_refused(org):
    accounts, _, admin, people = org
    with pytest.raises(Refused, match="cannot manage themselves"):
        accounts.add_people(admin.org_id, [NewPerson("self@acme.example", manager_email="self@acme.example")], admin.id)
    with pytest.raises(Refused, match="above themselves"):
        accounts.set_manager(admin.org_id, people["Dana"].id, people["Ann"].id, admin.id)
    accounts.set_manager(admin.org_id, people["Ben"].id, people["Dana"].id, admin.id)
    assert accounts.person(admin.org_id, people["Ben"].id).manager_id == people["Dana"].id


def test_two_admins_deactivating_each_other_at_once_leave_one(org):
    """On PostgreSQL the check and the change are one locked step: never an organization without an admin."""
    import threading

    accounts, _, admin, _ = org
    (second,) = accounts.add_people(admin.org_id, [NewPerson("second@acme.example", is_admin=True)], admin.id)
    barrier, outcomes = threading.Barrier(2), []

    def deactivate(whom: str, by: str) -> None:
        barrier.wait()
        try:
            accounts.deactivate(admin.org_id, whom, by)
            outcomes.append("done")
        except Refused:
            outcomes.append("refused")

    threads = [
        threading.Thread(target=deactivate, args=(second.id, admin.id)),
        threading.Thread(target=deactivate, args=(admin.id, second.id)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["done", "refused"]
    assert sum(p.is_admin and p.active for p in accounts.people(admin.org_id)) == 1


def test_another_organization_is_invisible(org, store):
    accounts, reviews, admin, people = org
    other = accounts.init_org("Globex", "boss@globex.example", hash_password("another good one"))
    assert other.org_id != admin.org_id
    with pytest.raises(NotFound):
        accounts.person(other.org_id, people["Ann"].id)
    ann_work = add(store, people["Ann"], people["Ann"])
    reviews.share(Viewer(people["Ann"].id, admin.org_id), ann_work.id)
    stranger = Viewer(other.id, other.org_id, is_admin=True)
    with pytest.raises(NotFound):
        reviews.visible(stranger, accounts.chart(other.org_id), Policy(True), ann_work.id)
    assert reviews.visible_list(stranger, accounts.chart(other.org_id), Policy(True)) == []
    assert len(ann_work.id) >= 20 and not ann_work.id.isdigit()


def test_invitation_is_single_use_and_expires(org):
    accounts, _, admin, _ = org
    person, token = accounts.invite(admin.org_id, NewPerson("new@acme.example", "Neo"), admin.id, DAY)
    assert not person.has_password and accounts.invited(token).id == person.id
    accepted = accounts.accept_invitation(token, hash_password("a new password"))
    assert accepted.has_password
    with pytest.raises(Refused, match="not valid any more"):
        accounts.accept_invitation(token, hash_password("again and again"))
    _, old = accounts.invite(admin.org_id, NewPerson("late@acme.example"), admin.id, -DAY)
    assert accounts.invited(old) is None
    with pytest.raises(Refused):
        accounts.accept_invitation(old, hash_password("too late now"))


def test_sessions_expire_and_end(org):
    accounts, _, admin, people = org
    token, csrf = accounts.open_session(admin.id, DAY)
    person, same_csrf = accounts.session_of(token)
    assert person.id == admin.id and same_csrf == csrf
    accounts.close_session(token)
    assert accounts.session_of(token) is None
    old, _ = accounts.open_session(admin.id, -DAY)
    assert accounts.session_of(old) is None
    again, _ = accounts.open_session(people["Ann"].id, DAY)
    accounts.deactivate(admin.org_id, people["Ann"].id, admin.id)
    assert accounts.session_of(again) is None


def test_tokens_are_kept_hashed_and_revocable(org, store):
    accounts, _, _, people = org
    info, secret = accounts.create_token(people["Ann"], "ci")
    assert accounts.token_person(secret).id == people["Ann"].id
    import sqlalchemy as sa

    with store.engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT token_hash FROM tokens")).scalar_one()
    assert secret not in stored and len(stored) == 64
    with pytest.raises(NotFound):
        accounts.revoke_token(people["Ben"], info.id)  # not Ben's
    accounts.revoke_token(people["Ann"], info.id)
    assert accounts.token_person(secret) is None and accounts.tokens(people["Ann"].id)[0].revoked


def test_login_failures_are_counted_per_key(org):
    accounts, *_ = org
    accounts.record_failure(["account:a", "address:1"])
    accounts.record_failure(["account:b", "address:1"])
    assert accounts.recent_failures(["account:a", "address:1"], dt.timedelta(minutes=15)) == 2
    assert accounts.recent_failures(["account:b"], dt.timedelta(minutes=15)) == 1
    accounts.clear_failures("account:a")
    assert accounts.recent_failures(["account:a"], dt.timedelta(minutes=15)) == 0


def test_share_release_and_who_sees_them(org, store):
    accounts, reviews, admin, people = org
    ann, mgr, dana, ben = people["Ann"], people["Max"], people["Dana"], people["Ben"]
    chart = accounts.chart(admin.org_id)
    as_ = {p.name: Viewer(p.id, p.org_id, p.is_admin) for p in [ann, mgr, dana, ben]}
    own = add(store, ann, ann)
    with pytest.raises(NotFound):
        reviews.visible(as_["Max"], chart, Policy(), own.id)
    with pytest.raises(NotFound):
        reviews.share(as_["Max"], own.id)  # only the author shares
    reviews.share(as_["Ann"], own.id)
    assert reviews.visible(as_["Dana"], chart, Policy(), own.id).id == own.id
    with pytest.raises(NotFound):
        reviews.visible(as_["Ben"], chart, Policy(), own.id)
    review = add(store, ann, mgr, kind="manager")
    with pytest.raises(NotFound):
        reviews.visible(as_["Ann"], chart, Policy(), review.id)
    with pytest.raises(Refused):
        reviews.release(as_["Ann"], own.id)
    reviews.release(as_["Max"], review.id)
    assert reviews.visible(as_["Ann"], chart, Policy(), review.id).id == review.id
    assert [a.id for a in reviews.visible_list(as_["Ann"], chart, Policy())] == [review.id, own.id]
    assert {a.id for a in reviews.visible_list(as_["Ben"], chart, Policy())} == set()
    actions = [e.action for e in accounts.audit_log(admin.org_id)]
    assert actions[:2] == ["assessment.released", "assessment.shared"]


def test_cycles_promotions_and_summaries(org, store):
    _, reviews, admin, people = org
    cycle = reviews.open_cycle(admin.org_id, "H1", FW.id, FW.version, dt.date(2027, 1, 31), None, admin.id)
    add(store, people["Ann"], people["Ann"], cycle=cycle.id)
    assert [c.id for c in reviews.cycles(admin.org_id)] == [cycle.id]
    assert len(reviews.cycle_works(admin.org_id, cycle.id)) == 1
    case = reviews.propose(admin.org_id, people["Ann"].id, people["Max"].id, "Led the launch.")
    reviews.decide(admin.org_id, case.id, "approved", admin.id)
    assert reviews.promotion(admin.org_id, case.id).status == "approved"
    summaries = reviews.summaries(admin.org_id)
    assert summaries[0].ready and summaries[0].criteria and summaries[0].cycle_id == cycle.id
    with pytest.raises(NotFound):
        reviews.cycle("someone-else", cycle.id)


def test_summaries_of_some_people_with_their_criteria_statuses(org, store):
    """The team views read the statuses each assessment stored, for the people asked about and no one else."""
    _, reviews, admin, people = org
    ann, ben, max_ = people["Ann"], people["Ben"], people["Max"]
    kept = {add(store, p, p).id: p.id for p in (ann, ben, max_)}
    stored = {a: store.assessment(a).result["readiness"]["criteria"] for a in kept}
    some = reviews.summaries(admin.org_id, [ann.id, ben.id])
    assert sorted(s.subject_id for s in some) == sorted([ann.id, ben.id])
    for s in some:
        assert dict(s.criteria) == {c["id"]: c["status"] for c in stored[s.id]} and s.criteria
        assert s.criteria == dict(s.criteria) and len(s.criteria) == len(stored[s.id])
    assert all(not s.criteria for s in reviews.summaries(admin.org_id, [ann.id], with_criteria=False))
    assert reviews.summaries(admin.org_id, []) == []


@pytest.mark.parametrize("mode", ["remove", "anonymize"])
def test_export_and_delete_a_person(org, store, mode):
    accounts, reviews, admin, people = org
    ann = people["Ann"]
    kept = add(store, ann, ann)
    reviews.share(Viewer(ann.id, admin.org_id), kept.id)  # shared with her managers: kept when anonymized
    exported = reviews.export_person(admin.org_id, ann.id)
    assert exported["person"]["email"] == "ann@acme.example" and exported["assessments"][0]["id"] == kept.id
    assert "password" not in str(exported)
    reviews.delete_person(admin.org_id, ann.id, mode, admin.id)
    with pytest.raises(NotFound):
        accounts.person(admin.org_id, ann.id)
    if mode == "remove":
        with pytest.raises(NotFound):
            store.assessment(kept.id)
    else:
        left = store.assessment(kept.id)
        assert left.subject_id is None and "Ann" not in str(left.answers) and left.name == "(deleted person)"
    assert accounts.audit_log(admin.org_id)[0].action == "person.deleted"


def test_a_deleted_persons_work_stays_as_private_as_it_was(org, store):
    """Kept without a name, a deleted person's work is no work from before teams: a self-assessment they
    never shared goes with them, and what is kept cannot be attached to anyone else (who would then
    read it as their own)."""
    accounts, reviews, admin, people = org
    ann, ben, max_ = people["Ann"], people["Ben"], people["Max"]
    private = add(store, ann, ann)
    shared = add(store, ann, ann)
    reviews.share(Viewer(ann.id, admin.org_id), shared.id)
    review = add(store, ann, max_, kind="manager")  # never released to Ann
    reviews.delete_person(admin.org_id, ann.id, "anonymize", admin.id)
    with pytest.raises(NotFound):
        store.assessment(private.id)
    for kept in (shared, review):
        assert store.assessment(kept.id).anonymized_at is not None
        with pytest.raises(NotFound):
            reviews.attach(admin.org_id, kept.id, ben.id, admin.id)
    chart = accounts.chart(admin.org_id)
    assert [a.id for a in reviews.visible_list(Viewer(ben.id, admin.org_id), chart, Policy())] == []
    max_sees = {a.id for a in reviews.visible_list(Viewer(max_.id, admin.org_id), chart, Policy())}
    assert review.id in max_sees  # its author keeps it


def count_queries(store):
    seen = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: seen.append(1))
    return seen


@pytest.mark.parametrize("size", [5, 40])
def test_team_views_take_the_same_queries_at_any_size(store, size, request):
    """Dashboard and calibration read the chart, the cycles and the summaries: three queries, at any size."""
    accounts = Accounts(store)
    reviews = Reviews(store)
    admin = accounts.init_org("Size", "a@size.example", "x")
    new = [
        NewPerson(f"p{i}@size.example", f"P{i}", title_level="pm", manager_email="a@size.example") for i in range(size)
    ]
    people = accounts.add_people(admin.org_id, new, admin.id)
    for p in people:
        add(store, p, p)
        add(store, p, admin, kind="manager")
    seen = count_queries(store)
    chart = accounts.chart(admin.org_id)
    cycles = [c.id for c in reviews.cycles(admin.org_id)]
    summaries = reviews.summaries(admin.org_id, chart.subtree(admin.id))
    rows = calibration_rows(chart, admin.id, summaries, FW.level_ids, cycles)
    counts = pyramid(chart, admin.id, summaries, FW.level_ids)
    assert len(rows) == size and sum(c.by_placement for c in counts) == size
    assert len(seen) == 3


def test_the_audit_log_is_append_only_in_the_database(org, store):
    """Not only does the store offer no way to change an entry: the database refuses it."""
    import sqlalchemy as sa

    accounts, _, admin, _ = org
    assert accounts.audit_log(admin.org_id)
    for statement in ("UPDATE audit_log SET action = 'nothing'", "DELETE FROM audit_log"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), store.engine.begin() as connection:
            connection.execute(sa.text(statement))
    assert accounts.audit_log(admin.org_id)[-1].action == "org.created"
