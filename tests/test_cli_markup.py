"""Text a user wrote reaches the terminal as written: brackets that look like Rich markup ('[/]',
'[bold]x[/bold]') in postings, titles, answers, framework files and labeled rows neither crash a command
nor restyle it; problem and error lines stay one per line when piped."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CLOSE = "[/]"
BOLD = "[bold]x[/bold]"
FILLER = (
    "You own the roadmap and the strategy of our payments product, prioritize with engineering and design, "
    "talk to customers every week and work with stakeholders across sales and support. "
) * 3


def flat(output: str) -> str:
    """Terminal output with the console's line wrapping undone."""
    return " ".join(output.split())


def ok(result, code: int = 0) -> str:
    """The command's output, once it is known to have ended with `code` and without a traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "MarkupError" not in result.output, result.output
    assert result.exit_code == code, result.output
    return flat(result.output)


def test_level_prints_a_posting_and_title_with_markup_as_written(cli, tmp_path):
    posting = tmp_path / "inj.txt"
    posting.write_text(f"You will manage {CLOSE}3 PMs and lead a team {CLOSE} of product managers.\n")
    output = ok(cli("level", str(posting), "--title", f"{BOLD} Director {CLOSE} :fire:"))
    assert f'"manage {CLOSE}3 PMs"' in output  # the evidence quote keeps the posting's own brackets
    assert f'"lead a team {CLOSE} of product managers"' in output
    assert f'title "{BOLD} Director {CLOSE} :fire:"' in output  # nor is an emoji code replaced


def test_assess_prints_a_name_and_evidence_with_markup_as_written(cli, tmp_path):
    answers = yaml.safe_load((ROOT / "examples" / "assessments" / "solid-pm.yaml").read_text())
    answers["name"] = f"{BOLD} Morgan {CLOSE}"
    evidence = f"Shipped {CLOSE} the [red]billing[/red] revamp"
    answers["criteria"]["pm-trusted-by-management"] = {"status": "met", "evidence": evidence}
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers))
    output = ok(cli("assess", "--answers", str(path)))
    assert f"{BOLD} Morgan {CLOSE} —" in output
    assert f"— {evidence}" in output


def test_assess_names_an_unknown_level_with_markup_in_its_problem_line(cli, tmp_path):
    path = tmp_path / "answers[1].yaml"
    path.write_text(f'current_level: "{CLOSE}{BOLD}"\nratings: {{}}\n')
    result = cli("assess", "--answers", str(path))
    output = ok(result, 2)
    assert f"current_level: unknown level '{CLOSE}{BOLD}'" in output
    assert f"error: {path}: " in output


def custom_framework(cli, tmp_path: Path, broken: bool = False) -> Path:
    """The built-in ladder exported, with markup in a level's name, short name and statement and a
    competency's name (and, broken, an unknown source section named with markup)."""
    text = cli("framework", "export", "--format", "yaml").output
    changes = {
        "    name: Associate Product Manager\n": f"    name: Associate Product Manager {CLOSE}\n",
        "    short_name: Associate PM\n": f"    short_name: Associate {BOLD} PM\n",
        '"Work daily with the product team and with UX and engineering."': f'"Work daily with {BOLD} the team {CLOSE}."',
        "    name: Customer empathy and discovery\n": f"    name: Customer empathy {CLOSE} and discovery\n",
    }
    if broken:
        changes["source: apm-duties}"] = f'source: "{CLOSE}nope"}}'
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / ("broken[1].yaml" if broken else "ladder[1].yaml")
    path.write_text(text)
    return path


def test_framework_validate_with_markup_in_names_and_problems(cli, tmp_path):
    good = custom_framework(cli, tmp_path)
    assert f"{good}: valid" in ok(cli("framework", "validate", str(good)))
    broken = custom_framework(cli, tmp_path, broken=True)
    output = ok(cli("framework", "validate", str(broken)), 1)
    assert f"unknown source section '{CLOSE}nope'" in output
    assert f"error: {broken}: 1 problem(s)" in output


def test_ladder_with_a_custom_framework_prints_its_markup_as_written(cli, tmp_path):
    path = custom_framework(cli, tmp_path)
    assert f"Associate Product Manager {CLOSE}" in ok(cli("ladder", "--framework", str(path)))
    shown = ok(cli("ladder", "show", "apm", "--framework", str(path)))
    assert f"Associate Product Manager {CLOSE} (apm) — level 1 of 6" in shown
    assert f"Work daily with {BOLD} the team {CLOSE}." in shown
    assert f"Customer empathy {CLOSE}" in shown  # a table cell
    compared = ok(cli("ladder", "compare", "apm", "pm", "--framework", str(path)))
    assert f"Associate Product Manager {CLOSE} → Product Manager" in compared  # the table's title
    assert f"Associate Product Manager {CLOSE} responsibilities" in compared


def test_jd_lint_prints_a_file_name_and_title_with_brackets_as_written(cli, tmp_path):
    folder = tmp_path / "postings"
    folder.mkdir()
    (folder / "a[bold]b.md").write_text(f"Product Manager\n\n{FILLER}\nA bachelor's degree is required.\n")
    (folder / "c.md").write_text(
        f"Data Analyst {CLOSE} {BOLD}\n\nBuild SQL dashboards and reports for the finance team; "
        "model data in dbt; 2+ years of analytics.\n"
    )
    result = cli("jd", "lint", str(folder / "*.md"))
    output = ok(result)
    assert f"{folder / 'a[bold]b.md'}:4:3: warning education-beyond" in result.output  # one line, as written
    assert f'"Data Analyst {CLOSE} {BOLD}" over no product management work' in output


def test_eval_leveler_prints_a_labeled_title_with_markup_as_written(cli, tmp_path):
    title = f"Senior Product Manager {CLOSE} {BOLD}"
    rows = [
        {
            "id": 1,
            "title": title,
            "text": "Own the payments roadmap. 5+ years of product experience.",
            "level": "senior-pm",
            "role": "designer",
        },
        {"id": 2, "title": "Product Manager", "text": "Drive the roadmap of one product area.", "level": "pm"},
    ]
    labeled = tmp_path / "labeled[1].jsonl"
    labeled.write_text("".join(json.dumps(row) + "\n" for row in rows))
    output = ok(cli("eval-leveler", "--jsonl", str(labeled)))
    assert "2 labeled postings" in output and "labeled[1].jsonl" in output
    assert f"{title}: expected designer, read pm" in output  # the role it misread, named by its title


def test_a_long_problem_line_stays_on_one_line_when_piped(cli, tmp_path):
    path = custom_framework(cli, tmp_path, broken=True)
    text = path.read_text().replace(f'"{CLOSE}nope"', '"' + "a-section-nobody-declared-" * 6 + '"', 1)
    path.write_text(text)
    result = cli("framework", "validate", str(path))
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    problem = [line for line in lines if "unknown source section" in line]
    assert len(problem) == 1 and len(problem[0]) > 120, lines  # wider than any default terminal
    assert problem[0].startswith(f"{path}:") and problem[0].endswith("declare it under 'sections'")
    error = [line for line in lines if line.startswith("error:")]
    assert error == [f"error: {path}: 1 problem(s)"]
    long_missing = tmp_path / ("a-folder-nobody-made-" * 6) / "answers.yaml"
    missing = cli("assess", "--answers", str(long_missing))
    assert missing.exit_code == 2
    assert f"error: {long_missing}: no such file" in missing.output.splitlines()


def test_the_interactive_questions_print_a_custom_ladder_and_typed_text_as_written(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = custom_framework(cli, tmp_path)
    typed = ["Robin", f"{CLOSE}bad", "pm", "self", "mid", "3", "0"]  # then the input ends at the first rating
    result = cli("assess", "--framework", str(path), "--save", str(tmp_path / "a.yaml"), input="\n".join(typed) + "\n")
    output = ok(result, 130)
    assert f"No level or title '{CLOSE}bad'" in output
    assert f"Customer empathy {CLOSE} and discovery" in output  # the panel's title
