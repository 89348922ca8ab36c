"""What a stranger can send the web app: YAML bombs, ids out of range, wrong types, NUL, NaN, a forged
Host header. Each answers a clear 4xx (JSON for the API, HTML for a browser), never a 500."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import ADMIN_EMAIL, log_in, make_admin
from pmpath.framework import ProblemsError, builtin_text, parse_framework
from pmpath.framework.source_map import DEFAULT_BUDGET, Budget, over_budget
from pmpath.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "assessments"


def example(name: str) -> dict:
    return json.loads(json.dumps(yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text()), default=str))


def alias_bomb(levels: int, width: int = 9) -> str:
    """A few hundred bytes whose aliases nest `levels` deep, `width` to a level: width**levels values."""
    lines = ["l0: &l0 [" + ",".join(['"lol"'] * width) + "]"]
    lines += [f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "\n".join([*lines, f"levels: *l{levels - 1}"]) + "\n"


# -- the YAML budget ------------------------------------------------------------------------------
def test_alias_bomb_is_refused_before_expansion_naming_line_and_field():
    # 7 levels: 352 bytes that stand for 4.8 million values (14 s and 2.2 GB to place its errors before)
    with pytest.raises(ProblemsError) as caught:
        parse_framework(alias_bomb(7), "bomb.yaml")
    (problem,) = caught.value.problems
    assert problem.file == "bomb.yaml" and problem.line == 6 and problem.field.startswith("l5[")
    assert "expands to more than 200,000 values" in problem.message


def test_budget_counts_depth_aliases_and_size():
    deep = "a: " + "[" * 50 + "]" * 50 + "\n"
    assert "nested deeper than 40" in over_budget(deep, "deep.yaml").message
    many = "x: &x 1\ny: [" + ",".join(["*x"] * 150) + "]\n"
    problem = over_budget(many, "many.yaml")
    assert problem.line == 2 and problem.field == "y[100]" and "more than 100 aliases" in problem.message
    assert "at most 10 are accepted" in over_budget("a: 12345678\n", "big.yaml", Budget(max_bytes=10)).message
    assert over_budget(builtin_text(), "standard.yaml") is None  # the shipped ladder is well inside


def test_default_budget_is_the_settings_budget():
    assert Settings().framework_budget == DEFAULT_BUDGET


def test_bomb_refused_alike_by_api_page_and_cli(client, cli, tmp_path):
    bomb = alias_bomb(9)  # 444 bytes, 387 million values
    api = client.post("/api/v1/frameworks", json={"text": bomb, "filename": "bomb.yaml"})
    assert api.status_code == 422
    assert api.json()["problems"][0]["line"] == 6 and "expands to more than" in api.json()["error"]
    page = client.post("/frameworks", files={"file": ("bomb.yaml", bomb.encode(), "application/yaml")})
    assert page.status_code == 422 and "bomb.yaml:6: l5[" in page.text
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb)
    result = cli("framework", "validate", str(path))
    assert result.exit_code == 1 and f"{path}:6:l5[" in "".join(result.output.split())
    assert client.get("/api/v1/frameworks").status_code == 200 and len(client.get("/api/v1/frameworks").json()) == 2


# -- the 500s that were ---------------------------------------------------------------------------
@pytest.mark.parametrize("assessment_id", [2**31, 2**63, 10**30, 0, -1])
def test_ids_out_of_range_are_not_found(client, assessment_id):
    for path in (f"/api/v1/assessments/{assessment_id}", f"/assessments/{assessment_id}"):
        assert client.get(path).status_code == 404, path
    assert client.delete(f"/api/v1/assessments/{assessment_id}").status_code == 404


@pytest.mark.parametrize("framework", [["standard"], {"id": "standard"}, 5])
def test_framework_of_the_wrong_type_is_a_422(client, framework):
    response = client.post("/api/v1/assessments", json={**example("apm-ready"), "framework": framework})
    assert response.status_code == 422 and response.json()["field"] == "framework"


@pytest.mark.parametrize("name", ["x" * 5000, "Ro\x00bin"])
def test_names_storage_cannot_hold_are_refused_and_nothing_stored(client, name):
    response = client.post("/api/v1/assessments", json={**example("apm-ready"), "name": name})
    assert response.status_code == 422 and response.json()["field"] == "name"
    assert client.get("/api/v1/assessments").json() == []
    assert client.get("/api/v1/assessments", params={"name": name}).status_code == 422


def test_framework_upload_with_nul_or_overlong_fields_is_a_422(client):
    nul = builtin_text().replace("id: standard\n", "id: acme\n", 1) + "# \x00\n"
    response = client.post("/api/v1/frameworks", json={"text": nul, "filename": "acme.yaml"})
    assert response.status_code == 422 and "NUL" in response.json()["error"]
    long_id = builtin_text().replace("id: standard\n", f"id: {'a' * 150}\n", 1)
    response = client.post("/api/v1/frameworks", json={"text": long_id, "filename": "acme.yaml"})
    assert response.status_code == 422 and response.json()["field"] == "id" and response.json()["problems"][0]["line"]
    builtin = client.post("/api/v1/frameworks", json={"text": builtin_text().replace('version: "', 'version: "9', 1)})
    assert builtin.status_code == 409 and "built into this server" in builtin.json()["error"]


def _start_wizard(client) -> None:
    client.get("/assess")


@pytest.mark.parametrize("years", ["nan", "inf", "-inf", "1e400", "61"])
def test_wizard_years_must_be_finite_and_in_range(client, years):
    _start_wizard(client)
    about = {"name": "Kim", "current_level": "pm", "years_experience": years, "years_leading": "0", "action": "next"}
    response = client.post("/assess", data=about)
    assert response.status_code == 422 and "Years must be" in response.text


@pytest.mark.parametrize("rating", ["²", "٣", "9", "0", "-1", "3.5"])
def test_wizard_rating_must_be_a_point_of_the_scale(client, rating):
    _start_wizard(client)
    about = {"name": "Kim", "current_level": "pm", "years_experience": "3", "years_leading": "0", "action": "next"}
    assert client.post("/assess", data=about).status_code == 200
    response = client.post("/assess", data={"rating": rating, "action": "next"})
    assert response.status_code == 422 and "Choose the sentence" in response.text


# -- where errors and redirects go ------------------------------------------------------------------
def test_redirects_are_paths_not_built_from_the_host_header(client):
    from pmpath.web.redirects import local_location

    for path in ("/assessments/", "/plan/", "/api/v1/levels/"):  # once redirected to http://evil.example/...
        response = client.get(path, headers={"Host": "evil.example"}, follow_redirects=False)
        assert response.status_code == 404 and "location" not in response.headers
    wizard = client.post(
        "/assess",
        data={"name": "K", "current_level": "pm", "years_experience": "1", "action": "next"},
        headers={"Host": "evil.example"},
        follow_redirects=False,
    )
    assert wizard.headers["location"] == "/assess"
    assert local_location("http://evil.example/assessments?name=a") == "/assessments?name=a"
    assert local_location("//evil.example/x") == "/x" and local_location("/assess") == "/assess"


def test_method_not_allowed_lists_every_method_of_the_path(client):
    response = client.request("OPTIONS", "/api/v1/assessments")
    assert response.status_code == 405 and {"GET", "POST"} <= set(response.headers["allow"].split(", "))


def test_a_body_that_is_not_utf8_is_a_422(client):
    response = client.post("/api/v1/assessments", content=b"\xff\xfe{", headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["field"] == "body"


def test_json_nested_past_the_parsers_depth_is_a_422_that_says_so(client):
    """A stranger's 100,000 nested brackets to the leveler: a 422 naming the body and why, not a 500."""
    deep = '{"postings": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client.post("/api/v1/postings/level-batch", content=deep, headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["field"] == "body"
    assert "nested too deeply" in response.json()["error"]


def test_browsers_get_error_pages_and_api_clients_json(client):
    html = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    for path, code in (("/assessments/abc", 404), ("/assessments/99", 404), ("/no-such-page", 404)):
        page = client.get(path, headers=html)
        assert page.status_code == code and page.headers["content-type"].startswith("text/html")
        assert "<!doctype html>" in page.text and "Back to the ladder" in page.text
        assert client.get(path, headers={"Accept": "application/json"}).json()["error"]
    api = client.get(f"/api/v1/assessments/{'x' * 65}", headers=html)  # ids are random strings of bounded length
    assert api.status_code == 422 and api.json()["field"] == "path.assessment_id"
    fragment = client.get("/assessments/99", headers={**html, "HX-Request": "true"})
    assert fragment.status_code == 404 and "<html" not in fragment.text and 'role="alert"' in fragment.text


def test_server_errors_are_a_page_for_browsers_and_json_for_clients(db_url):
    from fastapi.testclient import TestClient

    from pmpath.web import create_app

    make_admin(db_url)
    app = create_app(db_url)

    @app.get("/api/v1/boom")
    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret detail")

    with TestClient(app, raise_server_exceptions=False) as client:
        log_in(client, ADMIN_EMAIL)
        page = client.get("/boom", headers={"Accept": "text/html"})
        assert page.status_code == 500 and "Something went wrong" in page.text and "secret detail" not in page.text
        api = client.get("/api/v1/boom")
        assert api.status_code == 500 and "bug in pmpath" in api.json()["error"]
        app.state.pmpath.store.close()


def test_docs_and_favicon_are_served_from_the_package(client):
    docs = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in docs and "/static/swagger/swagger-ui.css" in docs
    assert "http://" not in docs and "https://" not in docs
    for asset in ("/static/swagger/swagger-ui-bundle.js", "/static/swagger/swagger-ui.css"):
        assert client.get(asset).status_code == 200, asset
    icon = client.get("/favicon.ico")
    assert (
        icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon" and icon.content[:4] == b"\0\0\1\0"
    )


def test_helper_process_work_has_a_time_budget():
    """A framework check or PDF that runs too long is stopped with its process; the next one runs."""
    import time

    from pmpath.web import offload

    with pytest.raises(offload.Overrun, match=r"longer than 0\.5 s"):
        offload.run(time.sleep, 30, seconds=0.5)
    assert offload.run(sum, [1, 2, 3], seconds=30) == 6


def test_a_body_over_the_limit_is_a_page_for_a_browser_and_json_for_the_api(client):
    big = b"x" * 2_100_000
    page = client.post(
        "/frameworks", files={"file": ("big.yaml", big, "application/yaml")}, headers={"Accept": "text/html"}
    )
    assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
    assert "request body over 2,000,000 bytes" in page.text
    api = client.post("/api/v1/frameworks", content=big, headers={"content-type": "application/json"})
    assert api.status_code == 413 and api.json()["field"] == "body"
