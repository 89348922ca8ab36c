"""The ladder and framework commands as a user runs them, and the help of every command."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import jsonschema
import pytest
import yaml


def test_ladder_lists_levels_in_order_and_beyond(cli):
    result = cli("ladder")
    assert result.exit_code == 0, result.output
    positions = [
        result.output.index(f"\n{level_id} ")
        for level_id in ["apm", "pm", "senior-pm", "director", "vp", "cpo", "beyond"]
    ]
    assert positions == sorted(positions)
    for text in ["Associate Product Manager", "Chief Product Officer", "General Manager", "10+ yrs, 5+ leading"]:
        assert text in result.output


def test_ladder_json(cli):
    data = json.loads(cli("ladder", "--format", "json").output)
    assert [lv["id"] for lv in data["levels"]] == ["apm", "pm", "senior-pm", "director", "vp", "cpo"]


def test_show_by_title_has_everything_with_sources(cli):
    result = cli("ladder", "show", "Head of Product")
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    for text in [
        "Director of Product",
        "Responsibilities",
        "Experience",
        "Education",
        "What hiring managers look for",
        "Ready to move to VP of Product",
        "§ Director of Product",
        "Large enterprise: 10+ years",
        "Startup or small company: 5+ years",
    ]:
        assert text in out, text


def test_show_senior_pm_json(cli):
    data = json.loads(cli("ladder", "show", "Senior PM", "--format", "json").output)
    assert data["id"] == "senior-pm"
    assert data["readiness"]["criteria"][0]["id"] == "senior-advises-pms"


def test_show_unknown_level_is_a_clear_error(cli):
    result = cli("ladder", "show", "astronaut")
    assert result.exit_code == 2
    assert "unknown level 'astronaut'" in result.output and "senior-pm" in result.output


def test_compare_shows_changes(cli):
    data = json.loads(cli("ladder", "compare", "pm", "senior-pm", "--format", "json").output)
    strategy = next(c for c in data["competencies"] if c["competency"] == "strategy")
    assert strategy["pm"] == 3 and strategy["senior-pm"] == 4 and strategy["change"] == 1
    text = cli("ladder", "compare", "pm", "director").output
    assert "Product Manager → Director of Product" in text and "+2" in text


def test_validate_valid_and_broken(cli, tmp_path, framework_text):
    good = tmp_path / "good.yaml"
    good.write_text(framework_text)
    assert cli("framework", "validate", str(good)).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(framework_text.replace("  - id: pm\n", "  - id: apm\n", 1))
    result = cli("framework", "validate", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:" in result.output and "levels[1].id" in result.output
    assert cli("framework", "validate", str(tmp_path / "missing.yaml")).exit_code == 2


def test_schema_validates_the_exported_framework(cli, tmp_path):
    schema = json.loads(cli("framework", "schema").output)
    exported = json.loads(cli("framework", "export", "--format", "json").output)
    jsonschema.validate(exported, schema)
    broken = dict(exported, levels=[{"id": "x"}])
    try:
        jsonschema.validate(broken, schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("schema accepted a level without its fields")


def test_export_variant_is_a_usable_custom_framework(cli, tmp_path):
    out = tmp_path / "compact.yaml"
    assert cli("framework", "export", "--variant", "compact", "--out", str(out)).exit_code == 0
    assert yaml.safe_load(out.read_text())["levels"][1]["name"] == "Head of Product"
    assert cli("framework", "validate", str(out)).exit_code == 0
    result = cli("ladder", "--framework", str(out))
    assert result.exit_code == 0 and "Head of Product" in result.output and "senior-pm" not in result.output
    assert cli("ladder", "show", "pm", "--framework", "compact").exit_code == 0


def test_broken_custom_framework_is_refused_with_its_problems(cli, tmp_path, framework_text):
    bad = tmp_path / "bad.yaml"
    bad.write_text(framework_text.replace("[customer-empathy, leadership]", "[telepathy]", 1))
    result = cli("ladder", "--framework", str(bad))
    assert result.exit_code == 2 and "telepathy" in result.output


def test_help_is_complete(cli):
    for args in [
        (),
        ("ladder",),
        ("ladder", "show"),
        ("ladder", "compare"),
        ("framework",),
        ("framework", "validate"),
        ("framework", "schema"),
        ("framework", "export"),
        ("assess",),
        ("assess", "compare"),
        ("plan",),
        ("level",),
        ("eval-leveler",),
        ("serve",),
    ]:
        result = cli(*args, "--help")
        assert result.exit_code == 0, args
        assert "Usage" in result.output
        assert "--help" in result.output


def test_installed_command_serves_bare_ladder_from_cache(tmp_path):
    """The real `pmpath` entry point: first run fills the cache, second is served from it, same text."""
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    run = [sys.executable, "-c", "import sys; sys.argv=['pmpath','ladder']; from pmpath.cli import main; main()"]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert list((tmp_path / "pmpath").glob("ladder-*.json"))
    second = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert first == second and "Chief Product Officer" in first


def test_compact_ladder_headers_use_its_own_level_names(cli):
    """A level the compact ladder renames ('Head of Product') is never headed by the full ladder's
    short name ('Director')."""
    exported = yaml.safe_load(cli("framework", "export", "--variant", "compact").output)
    renamed = {level["id"]: level for level in exported["levels"]}["director"]
    assert renamed["name"] == "Head of Product" and "Director" not in renamed["short_name"]
    compared = cli("ladder", "compare", "pm", "director", "--framework", "compact").output
    header = compared.split("┡", 1)[0]
    assert "Head" in header and "Director" not in header


@pytest.mark.parametrize("sub", [["compare", "pm", "director"], ["show", "director"]])
def test_the_ladder_groups_framework_reaches_its_subcommands(cli, sub):
    """`pmpath ladder -f compact compare ...` reads the compact ladder, as `... compare ... -f compact` does."""
    before = cli("ladder", "--framework", "compact", *sub)
    after = cli("ladder", *sub, "--framework", "compact")
    standard = cli("ladder", *sub)
    assert before.exit_code == 0 and before.output == after.output != standard.output
