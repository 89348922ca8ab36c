"""`pmpath jd lint` on files and globs: exit codes, --strict, text, JSON and SARIF, bad input."""

from __future__ import annotations

import json

import pytest

CLEAN_FILLER = (
    "You own the roadmap and the strategy of our payments product, prioritize with engineering and design, "
    "talk to customers every week and work with stakeholders across sales and support. "
) * 3
INFLATED = "Senior Product Manager\n\n" + CLEAN_FILLER + "\nYou bring 2+ years of experience in product management.\n"
WARNED = "Product Manager\n\n" + CLEAN_FILLER + "\nA bachelor's degree is required.\n"
CLEAN = "Product Manager\n\n" + CLEAN_FILLER + "\n3+ years of experience in product management.\n"


def flat(output: str) -> str:
    """Terminal output with the console's line wrapping undone."""
    return " ".join(output.split())


@pytest.fixture
def postings(tmp_path):
    folder = tmp_path / "postings"
    folder.mkdir()
    for name, text in (("inflated.md", INFLATED), ("warned.md", WARNED), ("clean.md", CLEAN)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_errors_fail_warnings_do_not_unless_strict(cli, postings):
    assert cli("jd", "lint", str(postings / "clean.md")).exit_code == 0
    warned = cli("jd", "lint", str(postings / "warned.md"))
    assert warned.exit_code == 0 and "warning education-beyond" in warned.output
    assert cli("jd", "lint", "--strict", str(postings / "warned.md")).exit_code == 1
    inflated = cli("jd", "lint", str(postings / "inflated.md"))
    assert inflated.exit_code == 1
    assert f"{postings / 'inflated.md'}:4:11: error years-too-few" in inflated.output
    assert "fix: Ask for about 5+ years" in inflated.output and "§ Senior Product Manager" in inflated.output


def test_a_glob_lints_a_folder_as_json(cli, postings):
    result = cli("jd", "lint", str(postings / "*.md"), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [d["file"].rsplit("/", 1)[-1] for d in data] == ["clean.md", "inflated.md", "warned.md"]
    assert [d["errors"] for d in data] == [0, 1, 0]
    finding = data[1]["findings"][0]
    assert finding["rule"] == "years-too-few" and finding["line"] == 4 and finding["source"] == "senior"


def test_sarif_for_ci(cli, postings):
    result = cli("jd", "lint", str(postings / "inflated.md"), str(postings / "warned.md"), "--format", "sarif")
    log = json.loads(result.output)
    assert log["version"] == "2.1.0" and result.exit_code == 1
    run = log["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "title-level" in rule_ids and "too-thin" in rule_ids
    found = {(r["ruleId"], r["level"]) for r in run["results"]}
    assert ("years-too-few", "error") in found and ("education-beyond", "warning") in found
    first = next(r for r in run["results"] if r["ruleId"] == "years-too-few")
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (4, 11, 19)
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("inflated.md")
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == "years-too-few"


def test_standard_input(cli):
    result = cli("jd", "lint", "-", "--format", "json", input=INFLATED)
    assert result.exit_code == 1 and json.loads(result.output)[0]["findings"][0]["rule"] == "years-too-few"


def test_options_name_the_level_and_size(cli, postings):
    as_director = cli("jd", "lint", str(postings / "clean.md"), "--level", "director", "--format", "json")
    assert json.loads(as_director.output)[0]["level"] == "director"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the posting is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"caf\xe9 latte", "not UTF-8"),
        (b"Product Manager\n" + b"word " * 1_000_000, "the most pmpath reads is 200,000"),
    ],
)
def test_bad_files_exit_2_with_the_file_named(cli, tmp_path, content, message):
    path = tmp_path / "posting.md"
    path.write_bytes(content)
    result = cli("jd", "lint", str(path))
    assert result.exit_code == 2 and message in flat(result.output) and "posting.md" in result.output


def test_bad_options_and_missing_files(cli, postings, tmp_path):
    for args, message in (
        (["--level", "wizard"], "unknown level 'wizard'"),
        (["--company-size", "huge"], "unknown company size 'huge'"),
        (["--format", "xml"], "--format must be one of"),
    ):
        result = cli("jd", "lint", str(postings / "clean.md"), *args)
        assert result.exit_code == 2 and message in flat(result.output)
    assert "no such file" in flat(cli("jd", "lint", str(tmp_path / "nope.md")).output)
    assert "no file matches" in flat(cli("jd", "lint", str(tmp_path / "*.txt")).output)
    mixed = cli("jd", "lint", str(postings / "clean.md"), str(tmp_path / "nope.md"), "--format", "json")
    assert mixed.exit_code == 2 and "clean.md" in mixed.output  # the good file is still reported


def _region_text(text: str, region: dict) -> tuple[str, str]:
    """A SARIF region's words read twice: by line and column, and by character offset."""
    lines = text.replace("\r\n", "\n").split("\n")  # SARIF's default line ends: CRLF and LF
    assert region["startLine"] >= 1 and region["startColumn"] >= 1
    assert region["endLine"] == region["startLine"]
    by_place = lines[region["startLine"] - 1][region["startColumn"] - 1 : region["endColumn"] - 1]
    return by_place, text[region["charOffset"] : region["charOffset"] + region["charLength"]]


def test_sarif_places_hold_after_crlf_and_non_ascii_text(cli, tmp_path):
    """Line, column and offset of each result name the same words in the file as a SARIF viewer
    reads it: CRLF line ends, an emoji and accents before the words, a folder name with a space."""
    text = (
        "Associate Product Manager — Zürich 🚀\r\n\r\n"
        + CLEAN_FILLER
        + "\r\nCafé 🚀 team: you will manage a team of product managers.\r\n"
        "Ünïcode 🚀🚀 requires 6+ years of experience in product management.\r\n"
    )
    folder = tmp_path / "job postings"
    folder.mkdir()
    (folder / "apm.md").write_bytes(text.encode("utf-8"))
    log = json.loads(cli("jd", "lint", str(folder / "apm.md"), "--format", "sarif").output)
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"  # Python offsets; the SARIF default is UTF-16 units
    results = {r["ruleId"]: r["locations"][0]["physicalLocation"] for r in run["results"]}
    assert {"asks-above-level", "years-too-many"} <= set(results)
    for place in results.values():
        assert " " not in place["artifactLocation"]["uri"] and place["artifactLocation"]["uri"].endswith(
            "job%20postings/apm.md"
        )
        by_place, by_offset = _region_text(text, place["region"])
        assert by_place == by_offset
    assert _region_text(text, results["asks-above-level"]["region"])[0] == "manage a team of product managers"
    assert _region_text(text, results["years-too-many"]["region"])[0] == "6+ years"
    assert results["years-too-many"]["region"]["startLine"] == 5


def test_sarif_whole_posting_findings_are_a_point_not_a_character(cli, tmp_path):
    (tmp_path / "short.md").write_text(
        "We need someone who will help our small team with all kinds of things for a while.\n", encoding="utf-8"
    )
    log = json.loads(cli("jd", "lint", str(tmp_path / "short.md"), "--format", "sarif").output)
    thin = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "too-thin")
    region = thin["locations"][0]["physicalLocation"]["region"]
    assert region["charLength"] == 0 and region["endColumn"] == region["startColumn"] == 1


def test_a_byte_order_mark_counts_no_column(cli, tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff# Senior Product Manager\n\n".encode() + INFLATED.split("\n", 2)[2].encode())
    data = json.loads(cli("jd", "lint", str(path), "--format", "json").output)[0]
    assert data["title"] == "Senior Product Manager"
    assert all(f["column"] == 3 for f in data["findings"] if f["line"] == 1)


def test_standard_input_is_checked_like_a_file(cli):
    for data, message in ((b"Senior PM caf\xe9 latte\n", "not UTF-8"), (b"PNG\x00\x01", "binary")):
        result = cli("jd", "lint", "-", input=data)
        assert result.exit_code == 2 and message in flat(result.output), result.output
    bom = cli("jd", "lint", "-", "--format", "json", input="\ufeff# Senior Product Manager\n\nroadmap\n".encode())
    assert json.loads(bom.output)[0]["title"] == "Senior Product Manager"


def test_a_recursive_glob_lints_the_files_not_the_folders(cli, postings):
    (postings / "2025").mkdir()
    (postings / "2025" / "old.md").write_text(CLEAN, encoding="utf-8")
    result = cli("jd", "lint", str(postings / "**"), "--format", "json")
    assert result.exit_code == 1, result.output  # inflated.md has an error; no folder is a bad file
    names = [d["file"].rsplit("/", 1)[-1] for d in json.loads(result.stdout)]
    assert names == ["old.md", "clean.md", "inflated.md", "warned.md"]


def test_a_bad_option_is_named_before_any_file(cli, tmp_path):
    result = cli("jd", "lint", str(tmp_path / "nope.md"), "--level", "wizard")
    assert result.exit_code == 2 and "unknown level 'wizard'" in flat(result.output)
    assert "no such file" not in result.output  # the option is the problem for every file


def test_an_off_ladder_posting_says_so(cli):
    text = (
        "Senior Program Manager\n\nYou run release trains, track dependencies and risks across squads and "
        "report status to stakeholders every week. You plan budgets and schedules with vendors.\n\n"
        "10+ years of program management.\n"
    )
    result = cli("jd", "lint", "-", input=text)
    assert result.exit_code == 0 and "no level to check it against" in flat(result.output)
    assert "checked as" not in result.output
    assert json.loads(cli("jd", "lint", "-", "--format", "json", input=text).output)[0]["off_ladder"] is True


def test_a_titled_posting_whose_text_says_nothing_of_the_level_is_not_called_inflated(cli):
    """A two-line text under a VP title neither confirms nor contradicts it: no title-level error, and
    the summary does not claim the text reads like the default level."""
    result = cli("jd", "lint", "-", "--title", "VP of Product", input="Lead the team.\nRemote.\n")
    out = flat(result.output)
    assert "title-level" not in out and "reads like" not in out and "the text says nothing of the level" in out
    assert result.exit_code == 0, result.output  # thin and incomplete: warnings, no error
    data = json.loads(cli("jd", "lint", "-", "--title", "VP", "--format", "json", input="Remote.\n").output)[0]
    assert data["text_silent"] is True and data["errors"] == 0
    junior = "VP of Product\n\n2 years of experience. Entry level role for new graduates.\n"
    said = flat(cli("jd", "lint", "-", input=junior).output)
    assert "title-level" in said and "reads like Associate Product Manager" in said
