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
    """The README tour's ladder, framework, assess, plan and leveler lines, comments dropped (the dask
    line starts a cluster; tests/ of the batch engine cover it)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = readme.split("## A short tour", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    lines = [re.sub(r"\s+#.*$", "", line).strip() for line in tour.splitlines()]
    wanted = ("pmpath ladder", "pmpath framework", "pmpath assess", "pmpath plan", "pmpath level", "pmpath eval-")
    return [
        line
        for line in lines
        if line.startswith(wanted) and line != "pmpath assess" and "--engine dask" not in line  # bare one asks
    ]


def test_every_tour_command_runs_as_written(cli, tmp_path, monkeypatch):
    """From a fresh clone: the example files exist and each command exits 0, in the README's order."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    commands = tour_commands()
    assert len(commands) >= 16 and sum(line.startswith("pmpath level") for line in commands) >= 3
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
    assert len(Path("levels.jsonl").read_text().splitlines()) >= 5  # the example postings, one result each


def test_every_problem_of_an_answers_file_at_once(cli, tmp_path):
    """A wrong type and ratings off the scale in one file: all of them in one run, each on its line."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: Kim\nyears_experience: -1\nratings: {customer-empathy: 0, prioritization: 6}\n"
        "criteria: {pm-trusted-by-management: maybe}\n"
    )
    result = cli("assess", "--answers", str(bad))
    assert result.exit_code == 2
    for expected in (
        "bad.yaml:2: years_experience",
        "bad.yaml:3: ratings.customer-empathy: rating 0 is outside the scale 1..5",
        "bad.yaml:3: ratings.prioritization: rating 6 is outside the scale 1..5",
        "no rating for business-acumen",
        "bad.yaml:4: criteria.pm-trusted-by-management.status",
    ):
        assert expected in " ".join(result.output.split()), result.output


def test_answers_given_against_another_framework_are_refused(cli, tmp_path):
    """`framework:` in an answers file names the ladder its ratings and criteria mean something on."""
    data = yaml.safe_load((EXAMPLES / "solid-pm.yaml").read_text())
    other = tmp_path / "compact.yaml"
    other.write_text(yaml.safe_dump({**data, "framework": "standard-compact"}))
    for args in (("assess", "--answers", str(other)), ("assess", "compare", ANSWERS, str(other))):
        result = cli(*args)
        assert result.exit_code == 2
        assert "framework: these answers were given against the framework 'standard-compact'" in " ".join(
            result.output.split()
        )
    same = tmp_path / "same.yaml"
    same.write_text(yaml.safe_dump({**data, "framework": "standard"}))
    assert cli("assess", "--answers", str(same)).exit_code == 0


@pytest.mark.parametrize(
    "command", [("assess", "--answers", ANSWERS), ("plan", "--level", "pm", "--years", "3", "--target", "director")]
)
def test_text_with_out_writes_the_file(cli, tmp_path, command):
    """`--out` without --format: the terminal view goes to the file, plain, in a folder made for it."""
    out = tmp_path / "new" / "report.txt"
    result = cli(*command, "--out", str(out))
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    assert "\x1b[" not in written and len(written.splitlines()) > 10
    assert ("Readiness for" in written) if command[0] == "assess" else ("Director of Product" in written)


def test_interactive_company_size_defaults_to_unknown_and_years_must_be_finite(cli, tmp_path, monkeypatch):
    """Enter at the company size leaves it unknown, so Director's 5-10+ years are shown as a range with
    the assumed size named (not the startup's lenient 5+); 'inf' years are asked again."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    first = ["Ana", "senior-pm", "self", "", "inf", "7", "1"]
    ratings = ["3", "4", "4", "4", "4", "4", "3", "3", "3", "3"]
    criteria = ["met", "partly", "met"]
    saved = tmp_path / "ana.yaml"
    result = cli("assess", "--save", str(saved), "--format", "json", input="\n".join(first + ratings + criteria) + "\n")
    assert result.exit_code == 0, result.output
    assert "Please enter a number of years from 0 to 60" in result.output
    data = json.loads(result.output[result.output.index("{") :])
    assert data["experience"]["size_assumed"] and data["experience"]["years_needed"] == 10
    assert "company_size" not in yaml.safe_load(saved.read_text())


def test_interactive_resumes_a_draft_at_the_first_unanswered_question(cli, tmp_path, monkeypatch):
    """After Ctrl-C, `pmpath assess` again goes on where the person stopped, not from the first question."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    draft = tmp_path / "data" / "pmpath" / "assessment-draft.yaml"
    draft.parent.mkdir(parents=True)
    fw_ratings = ["customer-empathy", "prioritization", "execution", "communication", "data-metrics"]
    draft.write_text(
        yaml.safe_dump(
            {
                "framework": "standard",
                "name": "Robin",
                "current_level": "pm",
                "assessor": "self",
                "company_size": None,
                "years_experience": 3.0,
                "years_leading": 0.0,
                "ratings": dict.fromkeys(fw_ratings, 3),
            }
        )
    )
    rest = ["y", "3", "2", "2", "2", "2", *["met"] * 8]  # strategy .. market-insight, then the PM criteria
    saved = tmp_path / "robin.yaml"
    result = cli("assess", "--save", str(saved), input="\n".join(rest) + "\n")
    assert result.exit_code == 0, result.output
    assert "Your name" not in result.output and not draft.exists()
    answers = yaml.safe_load(saved.read_text())
    assert answers["ratings"]["strategy"] == 3 and answers["ratings"]["market-insight"] == 2
    assert answers["name"] == "Robin"


def test_criteria_met_with_years_missing_is_not_called_ready(cli, tmp_path):
    """A senior PM who meets both Senior→Director criteria but has 9 of the 10+ years a large
    enterprise asks (source: Director of Product) is not told 'Ready' in any face."""
    answers = tmp_path / "ola.yaml"
    answers.write_text(
        "current_level: senior-pm\ncompany_size: enterprise\nyears_experience: 9\nyears_leading: 2\n"
        "ratings: {customer-empathy: 4, prioritization: 4, execution: 4, communication: 4, data-metrics: 4,"
        " strategy: 4, business-acumen: 4, leadership: 4, process: 4, market-insight: 4}\n"
        "criteria: {senior-advises-pms: met, senior-advocates-team: met, senior-curious-about-process: met}\n"
    )
    data = json.loads(cli("assess", "--answers", str(answers), "--format", "json").output)
    assert data["readiness"]["ready"] and not data["experience"]["ok"] and not data["ready_now"]
    text = " ".join(cli("assess", "--answers", str(answers)).output.split())
    assert "every criterion met, not yet the experience" in text and ": ready" not in text
    html = cli("assess", "--answers", str(answers), "--format", "html").output
    assert "Criteria met" in html and ">Ready<" not in html
    answers.write_text(answers.read_text().replace("years_experience: 9", "years_experience: 11"))
    assert json.loads(cli("assess", "--answers", str(answers), "--format", "json").output)["ready_now"]


def test_a_title_for_the_current_level(cli, tmp_path, monkeypatch):
    """'Sr. Product Manager' is taken for senior-pm, interactively and in a file alike."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    first = ["Ana", "Sr. Product Manager", "self", "mid", "7", "1"]
    ratings = ["3", "4", "4", "4", "4", "4", "3", "3", "3", "3"]
    saved = tmp_path / "ana.yaml"
    result = cli("assess", "--save", str(saved), input="\n".join(first + ratings + ["met"] * 3) + "\n")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(saved.read_text())["current_level"] == "senior-pm"
    assert "Ready to move up (Senior PM → Director)?" in result.output  # which step each criterion is for
    titled = tmp_path / "titled.yaml"
    titled.write_text(saved.read_text().replace("current_level: senior-pm", "current_level: Sr. Product Manager"))
    result = cli("assess", "--answers", str(titled), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["current_level"] == "senior-pm"
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text(saved.read_text().replace("current_level: senior-pm", "current_level: Chief Vibes Officer"))
    result = cli("assess", "--answers", str(unknown))
    assert result.exit_code == 2 and "unknown level 'Chief Vibes Officer'" in " ".join(result.output.split())


def test_compare_says_where_each_set_of_answers_places_the_person(cli):
    """Self and manager disagree on the level itself (Senior PM vs PM): that comes before any rating."""
    self_, manager = (str(EXAMPLES / f) for f in ("senior-to-director.yaml", "senior-to-director-manager.yaml"))
    data = json.loads(cli("assess", "compare", self_, manager, "--format", "json").output)
    assert (data["a_level"], data["b_level"]) == ("senior-pm", "pm")
    for output in ("text", "markdown", "html"):
        shown = " ".join(cli("assess", "compare", self_, manager, "--format", output).output.split())
        assert "A at Senior Product Manager, B at Product Manager" in shown.replace("<strong>", "").replace(
            "</strong>", ""
        ).replace("**", "")


def test_a_tab_indented_answers_file_names_the_tab(cli, tmp_path):
    tabbed = tmp_path / "tabs.yaml"
    tabbed.write_text("name: Tab\ncurrent_level: pm\nratings:\n\tcustomer-empathy: 3\n")
    result = cli("assess", "--answers", str(tabbed))
    message = " ".join(result.output.split())
    assert result.exit_code == 2 and "tabs.yaml:4:" in message and "indented with a tab" in message


def test_plan_to_beyond_explains_the_off_ramps(cli):
    """README calls `beyond` a level id (for `ladder show`); as a plan target it says where the off-ramps open."""
    result = cli("plan", "--level", "pm", "--years", "3", "--target", "beyond")
    message = " ".join(result.output.split())
    assert result.exit_code == 2 and "General Manager" in message and "--target vp" in message
    assert "Off-ramps" in cli("plan", "--level", "pm", "--years", "3", "--target", "vp").output


def test_interactive_save_into_a_new_folder(cli, tmp_path, monkeypatch):
    """--save into a folder that does not exist yet: made, not a traceback after every answer was given."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    first = ["Robin", "pm", "self", "mid", "3", "0"]
    ratings = ["3", "3", "3", "3", "3", "3", "2", "2", "2", "2"]
    saved = tmp_path / "new" / "folder" / "robin.yaml"
    result = cli("assess", "--save", str(saved), input="\n".join(first + ratings + ["met"] * 8) + "\n")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(saved.read_text())["name"] == "Robin"


def test_markdown_plan_shows_the_range_by_company_size_like_the_terminal(cli):
    args = ("plan", "--level", "senior-pm", "--years", "6", "--target", "cpo")
    markdown = cli(*args, "--format", "markdown").output
    assert "(5-10+ by size)" in markdown and "(10-20+ by size)" in markdown


def test_a_bad_setting_in_the_environment_is_named_not_a_traceback(tmp_path):
    """A PMPATH_* variable that is no valid setting is bad input like any other: named, exit 2."""
    framework = Path(__file__).resolve().parents[1] / "src" / "pmpath" / "framework" / "data" / "standard.yaml"
    env = {**os.environ, "PMPATH_MAX_FRAMEWORK_BYTES": "abc", "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "pmpath"), "framework", "validate", str(framework)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: PMPATH_MAX_FRAMEWORK_BYTES: ")


def test_output_that_cannot_be_written_and_input_that_is_not_text_are_said_in_a_line(tmp_path):
    """'> /dev/full' and a non-UTF-8 posting on standard input: one line each, no traceback."""
    exe = str(Path(sys.executable).parent / "pmpath")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [exe, "framework", "schema"], stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=60
        )
    assert done.returncode == 1 and done.stderr == "error: cannot write the output: No space left on device\n"
    latin = subprocess.run([exe, "level", "-"], input=b"caf\xe9 PM", capture_output=True, env=env, timeout=60)
    assert latin.returncode == 2 and b"standard input: not UTF-8" in latin.stderr and b"Traceback" not in latin.stderr


@pytest.mark.parametrize("cached", ["[]", '{"title": 1, "rows": [[1]], "footer": 2}', "not json"])
def test_a_ladder_cache_of_another_shape_is_made_again(tmp_path, cached):
    """The bare `pmpath ladder` reads its cache first; one it cannot read is rebuilt, never a traceback."""
    exe = str(Path(sys.executable).parent / "pmpath")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("PMPATH_FRAMEWORK", None)
    assert subprocess.run([exe, "ladder"], env=env, capture_output=True, timeout=60).returncode == 0
    (cache,) = (tmp_path / "pmpath").glob("ladder-*.json")
    cache.write_text(cached)
    again = subprocess.run([exe, "ladder"], env=env, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and "Traceback" not in again.stderr and "Chief Product Officer" in again.stdout
