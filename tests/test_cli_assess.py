"""`pmpath assess`, `assess compare` and `plan` as a user runs them, every output format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "assessments"


def test_assess_text(cli):
    result = cli("assess", "--answers", str(EXAMPLES / "senior-to-director.yaml"))
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    for text in [
        "place you at Senior Product Manager",
        "Readiness for Director of Product",
        "Growth plan",
        "Gaps to Director of Product, most important first",
    ]:
        assert text in out, text


def test_assess_json_has_the_documented_fields(cli):
    data = json.loads(cli("assess", "--answers", str(EXAMPLES / "new-apm.yaml"), "--format", "json").output)
    assert {"placement", "next_level", "readiness", "gaps", "plan"} <= data.keys()
    criterion = data["readiness"]["criteria"][0]
    assert {"id", "status", "source", "source_heading"} <= criterion.keys()


def test_criteria_answered_for_another_level_are_listed_apart(cli, tmp_path):
    text = (EXAMPLES / "senior-to-director.yaml").read_text()
    answers = tmp_path / "answers.yaml"
    answers.write_text(text.replace("criteria:\n", "criteria:\n  vp-experienced: met\n", 1))
    output = " ".join(cli("assess", "--answers", str(answers)).output.split())
    assert "Also answered, not measured here" in output
    assert output.index("Also answered") < output.index("whole product set for years")


def test_assess_markdown_html_pdf(cli, tmp_path):
    answers = str(EXAMPLES / "apm-ready.yaml")
    md = cli("assess", "--answers", answers, "--format", "markdown").output
    assert md.startswith("# Career assessment: Priya Nair") and "| Competency |" in md
    html = tmp_path / "a.html"
    assert cli("assess", "--answers", answers, "--format", "html", "--out", str(html)).exit_code == 0
    page = html.read_text()
    assert "<svg" in page and "Competency radar chart" in page and "Priya Nair" in page
    pdf = tmp_path / "a.pdf"
    assert cli("assess", "--answers", answers, "--format", "pdf", "--out", str(pdf)).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert cli("assess", "--answers", answers, "--format", "pdf").exit_code == 2  # needs --out


def test_bad_answers_file_names_line_and_field(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((EXAMPLES / "apm-ready.yaml").read_text().replace("  strategy: 3", "  strategy: 7"))
    result = cli("assess", "--answers", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:" in result.output and "ratings.strategy" in result.output and "outside the scale" in result.output


def test_compare(cli):
    a, b = str(EXAMPLES / "senior-to-director.yaml"), str(EXAMPLES / "senior-to-director-manager.yaml")
    text = cli("assess", "compare", a, b).output
    assert "Talk about first" in text and "Strategy and roadmap" in text
    data = json.loads(cli("assess", "compare", a, b, "--format", "json").output)
    assert data["talk_first"] == ["strategy"]
    assert "Assessments compared" in cli("assess", "compare", a, b, "--format", "markdown").output


def interactive_input(back: bool) -> str:
    lines = ["Robin", "pm", "self", "mid", "3", "0"]
    ratings = ["3", "3", "3", "3", "2", "2", "2", "2", "2", "2"]
    if back:
        ratings = ["3", "b", "3", *ratings[1:]]  # go back from the second rating and answer again
    criteria = ["met", "partly", "met", "met", "not-yet", "met", "partly", "met"]
    return "\n".join(lines + ratings + criteria) + "\n"


def test_interactive_assessment_with_going_back(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    saved = tmp_path / "robin.yaml"
    result = cli("assess", "--save", str(saved), "--format", "json", input=interactive_input(back=True))
    assert result.exit_code == 0, result.output
    answers = yaml.safe_load(saved.read_text())
    assert answers["name"] == "Robin" and answers["current_level"] == "pm"
    assert answers["ratings"]["customer-empathy"] == 3 and answers["ratings"]["data-metrics"] == 2
    assert answers["criteria"]["pm-customer-benefit"]["status"] == "partly"
    assert not (tmp_path / "data" / "pmpath" / "assessment-draft.yaml").exists()  # finished: draft removed
    assert '"placement"' in result.output


def test_interrupted_assessment_keeps_a_draft_and_resumes(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    partial = "\n".join(["Robin", "pm", "self", "mid", "3", "0", "3"]) + "\n"  # then input ends, like Ctrl-D
    first = cli("assess", "--save", str(tmp_path / "r.yaml"), input=partial)
    assert first.exit_code == 130
    draft = tmp_path / "data" / "pmpath" / "assessment-draft.yaml"
    assert yaml.safe_load(draft.read_text())["ratings"] == {"customer-empathy": 3}
    rest = ["y", "Robin", "pm", "self", "mid", "3", "0", "3", "3", "3", "3", "2", "2", "2", "2", "2", "2"]
    rest += ["met"] * 8
    second = cli("assess", "--save", str(tmp_path / "r.yaml"), input="\n".join(rest) + "\n")
    assert second.exit_code == 0, second.output
    assert yaml.safe_load((tmp_path / "r.yaml").read_text())["criteria"]["pm-hungry-for-more"]["status"] == "met"


@pytest.mark.parametrize(
    ("written", "set_aside"),
    [
        ("name: [unclosed\n", True),  # not YAML
        ("- a list\n", True),  # not answers
        ("framework: compact\nname: Robin\n", True),  # made with another ladder
        ("framework: standard\nname: Robin\nratings: hello\nyears_leading: abc\n", False),  # odd values dropped
    ],
)
def test_a_draft_that_cannot_be_resumed_never_stops_the_next_assessment(cli, tmp_path, monkeypatch, written, set_aside):
    """A broken or foreign draft is set aside (and said); values of the wrong type are dropped; either
    way the questions start and input ending keeps a fresh draft."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    draft = tmp_path / "data" / "pmpath" / "assessment-draft.yaml"
    draft.parent.mkdir(parents=True)
    draft.write_text(written)
    result = cli("assess", "--save", str(tmp_path / "r.yaml"), input="y\nRobin\n")
    assert result.exit_code == 130 and "Traceback" not in result.output, result.output
    assert (draft.with_name(draft.name + ".unreadable")).exists() == set_aside
    assert ("could not be resumed" in result.output) == set_aside
    assert yaml.safe_load(draft.read_text())["framework"] == "standard"


def test_plan_text_json_html(cli, tmp_path):
    text = cli("plan", "--level", "pm", "--years", "4", "--target", "vp", "--company-size", "mid").output
    assert "Product Manager → VP of Product" in text and "Off-ramps" in text
    data = json.loads(
        cli("plan", "--level", "PM", "--years", "4", "--target", "VP of Product", "--format", "json").output
    )
    assert [s["level"] for s in data["steps"]] == ["senior-pm", "director", "vp"]
    html = cli("plan", "--level", "pm", "--years", "4", "--target", "cpo", "--format", "html").output
    assert "Career timeline" in html and "Chief Product Officer" in html


def test_a_company_size_in_words_is_read_by_plan_and_jd_as_in_an_answers_file(cli):
    """'Enterprise', 'mid-size': the words an answers file accepts, the plan and job description take too."""
    by_id = cli("plan", "--level", "pm", "--years", "4", "--target", "vp", "--company-size", "enterprise")
    by_name = cli("plan", "--level", "pm", "--years", "4", "--target", "vp", "--company-size", "Enterprise")
    assert by_name.exit_code == 0 and by_name.output == by_id.output
    assert (
        cli("jd", "draft", "pm", "--company-size", "mid-size").output
        == cli("jd", "draft", "pm", "--company-size", "mid").output
    )
    unknown = cli("plan", "--level", "pm", "--years", "4", "--target", "vp", "--company-size", "huge")
    assert unknown.exit_code == 2 and "unknown company size 'huge'" in unknown.output


def test_a_company_size_id_is_that_size_whatever_other_names_share_its_words():
    """'mid' beside 'mid-market': words of two names, but one size's id."""
    from pmpath.framework import builtin_framework
    from pmpath.framework.model import CompanySize

    fw = builtin_framework()
    extra = CompanySize.model_validate({**fw.company_sizes[1].model_dump(), "id": "mid-market", "name": "Mid-market"})
    wider = fw.model_copy(update={"company_sizes": [*fw.company_sizes, extra]})
    assert wider.find_size("mid").id == "mid" and wider.find_size("Mid-market").id == "mid-market"
    assert wider.find_size("Mid") is None  # two names hold the word, neither's id is it


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--level", "vp", "--years", "4", "--target", "pm"], "below the current level"),
        (["--level", "pm", "--years", "-2", "--target", "vp"], "cannot be negative"),
        (["--level", "wizard", "--years", "4", "--target", "vp"], "unknown level 'wizard'"),
    ],
)
def test_plan_errors(cli, args, message):
    result = cli("plan", *args)
    assert result.exit_code == 2 and message in result.output


def test_html_reports_escape_what_the_person_typed(cli, tmp_path):
    answers = yaml.safe_load((EXAMPLES / "apm-ready.yaml").read_text())
    answers["name"] = "<script>alert(1)</script>"
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(answers))
    out = tmp_path / "a.html"
    assert cli("assess", "--answers", str(path), "--format", "html", "--out", str(out)).exit_code == 0
    page = out.read_text()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_reports_title_check_names_the_years_reported(cli):
    """A failed gate under the title check says the years the person reported, as the text does."""
    answers = str(EXAMPLES / "vp-short-leading.yaml")
    text = " ".join(cli("assess", "--answers", answers).output.split("Profile")[0].split())
    assert text.count("You report 3 years leading people.") == 2  # the placement's gate and the title's
    md = cli("assess", "--answers", answers, "--format", "markdown").output
    title_check = md.split("\n### ", 1)[1].split("| Competency |", 1)[0]
    assert "You report 3 years leading people." in title_check
    html = cli("assess", "--answers", answers, "--format", "html").output
    title_check = html.split("<h3>", 1)[1].split("</ul>", 1)[0]
    assert "You report 3 years leading people." in title_check


def test_custom_validation_messages_read_without_pydantics_prefix(cli, tmp_path):
    """A message pmpath writes for people ('a rating is a depth...') is shown as written."""
    bad = tmp_path / "bad.yaml"
    bad.write_text((EXAMPLES / "apm-ready.yaml").read_text().replace("  strategy: 3", "  strategy: yes"))
    result = cli("assess", "--answers", str(bad))
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "ratings: a rating is a depth on the scale, not yes/no (at strategy)" in message
    assert "value error" not in message.lower()


def test_at_the_top_the_next_step_is_named_by_the_off_ramps(cli, tmp_path):
    """A CPO's gaps and plan lead to the framework's off-ramps by name, not to 'beyond the ladder'."""
    from pmpath.framework import builtin_framework

    fw = builtin_framework()
    top = fw.levels[-1]
    answers = tmp_path / "top.yaml"
    answers.write_text(
        yaml.safe_dump(
            {
                "name": "Sam",
                "current_level": top.id,
                "company_size": "enterprise",
                "years_experience": 30,
                "years_leading": 15,
                "ratings": dict(top.expectations),
            }
        )
    )
    ramps = [o.name for o in fw.beyond.offramps if top.id in o.from_levels]
    assert ramps
    text = " ".join(cli("assess", "--answers", str(answers)).output.split())
    md = cli("assess", "--answers", str(answers), "--format", "markdown").output
    html = cli("assess", "--answers", str(answers), "--format", "html").output
    for output in (text, md, html):
        assert "to beyond the ladder" not in output and "for beyond the ladder" not in output
        gaps = output.split("Gaps to ", 1)[1].split("most important first", 1)[0]
        assert all(name in gaps for name in ramps), gaps


def test_an_assessment_never_replaces_a_file_it_was_not_told_to(cli, tmp_path, monkeypatch):
    """The questions' default file is never an earlier assessment in the folder; a report is never
    written over its answers file; --save with --answers is a mistake said as such."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    (tmp_path / "assessment.yaml").write_text("an earlier one\n")
    answers = ["Robin", "pm", "self", "mid", "3", "0", *["3"] * 10, *["met"] * 8]
    done = cli("assess", input="\n".join(answers) + "\n")
    assert done.exit_code == 0, done.output
    assert (tmp_path / "assessment.yaml").read_text() == "an earlier one\n"
    assert yaml.safe_load((tmp_path / "assessment-2.yaml").read_text())["name"] == "Robin"
    same = cli("assess", "--answers", "assessment-2.yaml", "--format", "markdown", "--out", "assessment-2.yaml")
    assert same.exit_code == 2 and "replace the answers" in same.output
    assert yaml.safe_load((tmp_path / "assessment-2.yaml").read_text())["name"] == "Robin"
    both = cli("assess", "--answers", "assessment-2.yaml", "--save", "x.yaml")
    assert both.exit_code == 2 and "--save" in both.output
