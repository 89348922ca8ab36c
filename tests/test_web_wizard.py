"""The guided assessment's drafts and the PDF downloads under real use: double submits, abandoned
drafts, repeated downloads."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from fastapi.testclient import TestClient

from pmpath.framework import builtin_framework

ABOUT = {"name": "Kim", "current_level": "pm", "years_experience": "3", "years_leading": "0", "action": "next"}


def test_the_same_step_submitted_twice_answers_it_once(client):
    fw = builtin_framework()
    client.get("/assess")
    assert client.post("/assess", data={**ABOUT, "step": "0"}).status_code == 200
    first, second = fw.competencies[0], fw.competencies[1]
    client.post("/assess", data={"rating": "4", "action": "next", "step": "1"})
    again = client.post("/assess", data={"rating": "4", "action": "next", "step": "1"})  # a double click
    assert again.status_code == 200 and second.name in again.text
    me = client.get("/api/v1/me").json()["id"]  # a person's draft is kept under their id
    draft = client.app.state.pmpath.store.draft(me)
    assert draft["step"] == 2 and draft["answers"]["ratings"] == {first.id: 4}
    client.post("/assess", data={"action": "back", "step": "2"})
    client.post("/assess", data={"action": "back", "step": "2"})  # the second back is stale too
    assert client.app.state.pmpath.store.draft(me)["step"] == 1


def test_drafts_are_made_only_for_answers_and_stale_ones_removed(client, db_url):
    store = client.app.state.pmpath.store
    for _ in range(5):  # nonsense answers leave nothing behind, and strangers cannot post at all
        assert client.post("/assess", data={"years_experience": "many", "action": "next"}).status_code == 422
        client.post("/assess", data={"action": "back"})
    assert store.draft_count() == 0
    stranger = TestClient(client.app)
    assert stranger.post("/assess", data={"action": "back"}).status_code == 401
    assert store.draft_count() == 0
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=45)
    store.save_draft("a" * 32, {"answers": {}, "step": 1})
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE drafts SET updated_at = :old"), {"old": old})
    engine.dispose()
    from pmpath.web import pages

    pages._pruned["at"] = 0.0
    assert client.post("/assess", data=ABOUT, follow_redirects=False).status_code == 303  # a new draft prunes
    assert store.draft_count() == 1 and store.draft("a" * 32) == {}


def test_pdf_rendered_once_per_assessment_and_version(client):
    fw = builtin_framework()
    created = client.post(
        "/api/v1/assessments", json={"name": "P", "current_level": "pm", "ratings": {c.id: 3 for c in fw.competencies}}
    ).json()
    pdfs = client.app.state.pmpath.pdfs
    before = pdfs.made
    first = client.get(f"/assessments/{created['id']}.pdf")
    second = client.get(f"/assessments/{created['id']}.pdf")
    assert first.content == second.content and first.content.startswith(b"%PDF")
    assert pdfs.made == before + 1


def test_concurrent_downloads_of_one_pdf_render_it_once():
    import threading
    import time

    from pmpath.web.pdf_cache import PdfCache

    cache = PdfCache(entries=4)

    def slow() -> bytes:
        time.sleep(0.2)
        return b"%PDF-1"

    got: list[bytes] = []
    threads = [threading.Thread(target=lambda: got.append(cache.get("k", slow))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert got == [b"%PDF-1"] * 8 and cache.made == 1


def test_a_flood_of_new_drafts_is_cut_to_the_budget(db_url):
    from pmpath.store import Store

    store = Store(db_url)
    try:
        for number in range(12):
            store.save_draft(f"{number:032x}", {"answers": {}, "step": 1})
        long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=365)
        assert store.prune_drafts(long_ago, keep=5) == 7 and store.draft_count() == 5
        assert store.draft(f"{11:032x}") != {}  # the most recent stay
    finally:
        store.close()
