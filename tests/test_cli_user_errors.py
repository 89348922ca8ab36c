"""What a new user runs into, each through the real CLI: empty answers, missing folders, bad formats,
impossible plans, the environment's framework, the answers schema and the README's tour."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "assessments"
ANSWERS = str(EXAMPLES / "solid-pm.yaml")


def test_enter_at_a_rating_question_asks_again(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    first = ["Robin", "pm", "self", "mid", "3", "0"]
    ratings = ["", "3", "3", "3", "3", "3", "3", "2", "2", "2", "2"]  # Enter first, then the ten ratings
    criteria = ["met"] * 8
    saved = tmp_path / "robin.yaml"
    result = cli("assess", "--save", str(saved), input="\n".join(first + ratings + criteria) + "\n")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "Please" in result.output
    assert yaml.safe_load(saved.read_text())["ratings"]["customer-empathy"] == 3


def test_interactive_asks_the_placements_criteria_when_the_title_is_above_it(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    first = ["Jordan", "senior-pm", "self", "startup", "4", "0"]
    ratings = ["3", "3", "3", "3", "2", "3", "2", "2", "2", "2"]  # a PM's answers under a senior title
    pm_criteria = ["met", "partly", "not-yet", "met", "partly", "not-yet", "not-yet", "met"]
    senior_criteria = ["not-yet", "not-yet", "partly"]
    saved = tmp_path / "jordan.yaml"
    result = cli(
        "assess",
        "--save",
        str(saved),
        "--format",
        "json",
        input="\n".join(first + ratings + pm_criteria + senior_criteria) + "\n",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{") :])
    assert data["current_level"] == "senior-pm" and data["measured_from"] == "pm"
    assert data["readiness"]["percent"] == 50  # the PM answers count
    assert yaml.safe_load(saved.read_text())["criteria"]["senior-advises-pms"]["status"] == "not-yet"


@pytest.mark.parametrize(
    "args",
    [
        ["assess", "--answers", ANSWERS, "--format", "markdown", "--out"],
        ["assess", "--answers", ANSWERS, "--format", "json", "--out"],
        ["assess", "compare", ANSWERS, str(EXAMPLES / "apm-ready.yaml"), "--format", "html", "--out"],
        ["plan", "--level", "pm", "--years", "3", "--target", "director", "--format", "markdown", "--out"],
        ["framework", "export", "--format", "json", "--out"],
    ],
)
def test_out_into_a_missing_folder_creates_it(cli, tmp_path, args):
    out = tmp_path / "new" / "deeper" / "result.txt"
    result = cli(*args, str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text().strip() and f"wrote{out}" in "".join(result.output.split())  # rich may wrap it


def test_level_out_into_a_missing_folder_creates_it(cli, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "title": "Senior Product Manager", "text": "Own the roadmap."}) + "\n")
    out = tmp_path / "nested" / "levels.jsonl"
    result = cli("level", "--jsonl", str(source), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["level"] == "senior-pm"


def test_out_onto_a_folder_or_under_a_file_is_a_clear_error(cli, tmp_path):
    assert cli("assess", "--answers", ANSWERS, "--format", "json", "--out", str(tmp_path)).exit_code == 2
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    result = cli("assess", "--answers", ANSWERS, "--format", "json", "--out", str(blocker / "r.json"))
    assert result.exit_code == 2 and "cannot create the folder" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["ladder"],
        ["ladder", "show", "pm"],
        ["ladder", "compare", "pm", "vp"],
        ["assess", "--answers", ANSWERS],
        ["assess", "compare", ANSWERS, ANSWERS],
        ["plan", "--level", "pm", "--years", "3", "--target", "vp"],
        ["framework", "export"],
        ["level", str(ROOT / "README.md")],
    ],
)
def test_an_unknown_format_is_refused(cli, args):
    result = cli(*args, "--format", "xml")
    assert result.exit_code == 2 and "--format must be" in result.output and "'xml'" in result.output


@pytest.mark.parametrize(
    ("years", "message"), [("nan", "number of years"), ("inf", "number of years"), ("1e9", "at most 60")]
)
def test_plan_refuses_years_that_are_not_a_career(cli, years, message):
    result = cli("plan", "--level", "pm", "--years", years, "--target", "vp")
    assert result.exit_code == 2 and message in result.output


def test_plan_to_the_current_level_says_there_is_nothing_to_plan(cli):
    result = cli("plan", "--level", "Senior PM", "--years", "6", "--target", "senior-pm")
    assert result.exit_code == 2 and "already your level" in result.output and "--target director" in result.output


def test_ladder_show_beyond(cli):
    result = cli("ladder", "show", "beyond")
    out = " ".join(result.output.split())
    assert result.exit_code == 0
    for text in [
        "General Manager",
        "Chief Operating Officer",
        "Chief Executive Officer",
        "product organization itself",
    ]:
        assert text in out
    data = json.loads(cli("ladder", "show", "beyond", "--format", "json").output)
    assert {o["id"] for o in data["offramps"]} == {"gm", "coo", "ceo"}


def run_pmpath(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """The installed entry point (`pmpath.cli:main`), which serves a bare `pmpath ladder` from its cache."""
    code = "import sys; from pmpath.cli import main; sys.argv = ['pmpath', *sys.argv[1:]]; main()"
    environment = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), **env)
    environment.pop("PMPATH_FRAMEWORK", None) if "PMPATH_FRAMEWORK" not in env else None
    return subprocess.run([sys.executable, "-c", code, *args], env=environment, capture_output=True, text=True)


def test_bare_ladder_follows_pmpath_framework(tmp_path, framework_text):
    assert run_pmpath(["ladder"], tmp_path).returncode == 0  # fills the cache of the built-in ladder
    missing = run_pmpath(["ladder"], tmp_path, PMPATH_FRAMEWORK=str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    acme = tmp_path / "acme.yaml"
    acme.write_text(framework_text.replace("name: Product manager career path", "name: Acme product ladder", 1))
    custom = run_pmpath(["ladder"], tmp_path, PMPATH_FRAMEWORK=str(acme))
    assert custom.returncode == 0 and "Acme product ladder" in custom.stdout
    compact = run_pmpath(["ladder"], tmp_path, PMPATH_FRAMEWORK="compact")
    assert "Head of Product" in compact.stdout and "Associate" not in compact.stdout


def test_assess_schema_describes_every_example(cli):
    result = cli("assess", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "pmpath answers" and "ratings" in schema["required"]
    for path in EXAMPLES.glob("*.yaml"):
        jsonschema.validate(json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str)), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"ratings": {}, "criteria": {"x": "maybe"}}, schema)


def test_assess_text_explains_gates_basis_and_plan(cli):
    out = " ".join(cli("assess", "--answers", str(EXAMPLES / "high-craft-ic.yaml")).output.split())
    assert "Your ratings alone reach Chief Product Officer" in out and "not of competencies" in out
    assert "experience of leading people" in out and "§ Director of Product" in out
    out = " ".join(cli("assess", "--answers", str(EXAMPLES / "senior-title-lower.yaml")).output.split())
    assert "measured from Product Manager, not from your title" in out
    assert "What Senior Product Manager expects that your answers do not show yet" in out
    assert "the first 8 of" in out and "closes:" in out
    out = " ".join(cli("assess", "--answers", str(EXAMPLES / "director-ready.yaml")).output.split())
    assert "derived by pmpath" in out
    out = " ".join(cli("assess", "--answers", str(EXAMPLES / "vp-size-unknown.yaml")).output.split())
    assert "assumed a mid-size company" in out and "any company size" not in out


def test_all_lists_every_action(cli):
    short = json.loads(cli("assess", "--answers", str(EXAMPLES / "new-apm.yaml"), "--format", "json").output)
    full = json.loads(cli("assess", "--answers", str(EXAMPLES / "new-apm.yaml"), "--all", "--format", "json").output)
    assert len(short["plan"]) == 8 < len(full["plan"]) == full["plan_total"] == short["plan_total"]


def test_text_and_markdown_show_the_same_readiness(cli):
    text = cli("assess", "--answers", ANSWERS).output
    markdown = cli("assess", "--answers", ANSWERS, "--format", "markdown").output
    assert "63% of the way" in text and "63% of the criteria" in markdown


def tour_commands() -> list[str]:
    """The README tour's ladder, framework, assess and plan lines, comments dropped."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = readme.split("## A short tour", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    lines = [re.sub(r"\s+#.*$", "", line).strip() for line in tour.splitlines()]
    wanted = ("pmpath ladder", "pmpath framework", "pmpath assess", "pmpath plan")
    return [line for line in lines if line.startswith(wanted) and line != "pmpath assess"]  # bare one asks


def test_every_tour_command_runs_as_written(cli, tmp_path, monkeypatch):
    """From a fresh clone: the example files exist and each command exits 0, in the README's order."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    commands = tour_commands()
    assert len(commands) >= 12
    for line in commands:
        words = shlex.split(line)[1:]
        target = None
        if ">" in words:
            words, target = words[: words.index(">")], words[words.index(">") + 1]
        result = cli(*words)
        assert result.exit_code == 0, f"{line}\n{result.output}"
        if target:
            Path(target).write_text(result.output)
    assert Path("reports/solid-pm.pdf").read_bytes().startswith(b"%PDF")
    assert json.loads(Path("answers.schema.json").read_text())["title"] == "pmpath answers"
