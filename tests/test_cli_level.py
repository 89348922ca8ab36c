"""`pmpath level` on one posting, on JSON Lines and CSV files with bad lines, on Dask; `eval-leveler`."""

from __future__ import annotations

import csv
import json

import pytest

POSTINGS = [
    {"id": "a", "title": "Senior Product Manager", "text": "Own the payments roadmap. 5+ years of product experience."},
    {"id": "b", "title": "", "text": "Summer internship for students currently pursuing a degree."},
    {"id": "c", "text": "Build and lead a team of product managers; 8+ years of experience; direct reports."},
    {"id": "d", "title": "VP of Product", "text": "Lead the product organization."},
]


def write_jsonl(path, rows, extra: bytes = b""):
    with path.open("wb") as handle:
        for row in rows:
            handle.write((json.dumps(row) + "\n").encode())
        handle.write(extra)


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_single_plain_text_posting(cli, tmp_path):
    posting = tmp_path / "posting.txt"
    posting.write_text("We want someone to build and lead a team of product managers, with direct reports.")
    result = cli("level", str(posting), "--title", "Head of Product")
    assert result.exit_code == 0, result.output
    assert "Director of Product (director)" in result.output and "Evidence" in result.output


def test_a_posting_sent_without_a_title_says_its_title_was_read_in_it(cli, tmp_path):
    """The evidence tells a title the user gave from one pmpath found in the posting's wrapper."""
    posting = tmp_path / "posting.md"
    posting.write_text("---\nrole: Engineering\n---\n# Senior Product Manager\n\nOwn the roadmap with design.\n")
    found = cli("level", str(posting))
    assert found.exit_code == 0 and 'title in the posting "Senior" → senior-pm' in found.output, found.output
    given = cli("level", str(posting), "--title", "Senior Product Manager")
    assert 'title "Senior" → senior-pm' in given.output and "title in the posting" not in given.output


def test_a_byte_order_mark_is_no_part_of_a_posting(cli, tmp_path):
    """Windows editors start a file with one: the heading after it is still the posting's title."""
    posting = tmp_path / "posting.md"
    posting.write_bytes("\ufeff# Senior Product Manager\n\nOwn the roadmap with design.\n".encode())
    found = cli("level", str(posting), "--format", "json")
    assert found.exit_code == 0 and json.loads(found.output)["level"] == "senior-pm"


def test_a_posting_with_no_title_anywhere_says_its_normalized_title_is_the_levels_name(cli, tmp_path):
    posting = tmp_path / "posting.txt"
    posting.write_text("You will build and lead a team of product managers, with direct reports.")
    output = " ".join(cli("level", str(posting)).output.split())
    assert "Normalized title: Director of Product (no title read: the level's name)" in output
    given = " ".join(cli("level", str(posting), "--title", "Head of Product").output.split())
    assert "Normalized title: Director of Product" in given and "no title read" not in given


def test_single_json_posting_as_json(cli, tmp_path):
    posting = tmp_path / "posting.json"
    posting.write_text(
        json.dumps({"title": "Associate Product Manager", "text": "Entry level role. Bachelor's degree."})
    )
    data = json.loads(cli("level", str(posting), "--format", "json").output)
    assert data["level"] == "apm" and data["education"] == ["bachelor's"]


def test_stdin(cli):
    result = cli("level", "-", "--format", "json", input="Product Owner for our checkout. 3+ years of experience.")
    assert json.loads(result.output)["years_required"] == 3


def test_bad_single_inputs(cli, tmp_path):
    assert cli("level", str(tmp_path / "missing.txt")).exit_code == 2
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "PM", "text": ')
    result = cli("level", str(broken))
    assert result.exit_code == 2 and "not valid" in result.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_batch_with_bad_lines(cli, tmp_path, jobs):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    bad = (
        b'{"id": "broken", "text": \n'
        b'{"id": "empty", "title": "PM"}\n'
        b'{"id": "latin", "text": "caf\xe9"}\n'
        + b'{"id": "huge", "text": "'
        + b"a" * 10_000_000
        + b'"}\n'
        + b"[1, 2]\n"
    )
    write_jsonl(source, POSTINGS, bad)
    result = cli("level", "--jsonl", str(source), "--out", str(out), "--jobs", jobs)
    assert result.exit_code == 1  # some lines failed
    rows = read_jsonl(out)
    assert [r["id"] for r in rows[:4]] == ["a", "b", "c", "d"]  # input order kept
    levels = {r["id"]: r["level"] for r in rows[:4]}
    assert levels == {"a": "senior-pm", "b": "apm", "c": "director", "d": "vp"}
    texts = {p["id"]: p["text"] for p in POSTINGS}
    for row in rows[:4]:
        assert {"id", "level", "confidence", "normalized_title", "years_required", "evidence"} <= row.keys()
        for ev in row["evidence"]:  # the contract: a line of text, kind, level, and the posting's words with their span
            assert {"text", "kind", "level", "quote", "span"} <= ev.keys() and ev["text"]
            if ev["span"]:
                start, end = ev["span"]
                assert texts[row["id"]][start:end] == ev["quote"]
    assert any(ev["span"] for row in rows[:4] for ev in row["evidence"])
    errors = {r["id"]: r["error"] for r in rows[4:]}
    assert "invalid JSON" in errors["broken"]
    assert "'text'" in errors["empty"]
    assert "UTF-8" in errors["latin"]
    assert "limit" in errors["huge"]
    assert "object" in errors[None]
    assert "errors" in result.output


def test_clean_batch_exits_zero(cli, tmp_path):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(source, POSTINGS)
    assert cli("level", "--jsonl", str(source), "--out", str(out)).exit_code == 0
    assert len(read_jsonl(out)) == 4


def test_csv_batch_with_named_columns(cli, tmp_path):
    source, out = tmp_path / "in.csv", tmp_path / "out.jsonl"
    with source.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ref", "job_title", "body"])
        for row in POSTINGS:
            writer.writerow([row["id"], row.get("title", ""), row["text"]])
        writer.writerow(["blank", "PM", ""])
    result = cli(
        "level",
        "--csv",
        str(source),
        "--out",
        str(out),
        "--id-column",
        "ref",
        "--title-column",
        "job_title",
        "--text-column",
        "body",
    )
    assert result.exit_code == 1
    rows = read_jsonl(out)
    assert [r.get("level") for r in rows] == ["senior-pm", "apm", "director", "vp", None]
    assert rows[-1]["id"] == "blank" and "empty" in rows[-1]["error"]
    missing = cli("level", "--csv", str(source), "--out", str(out), "--text-column", "nope")
    assert missing.exit_code == 2 and "no column 'nope'" in missing.output


def test_dask_engine_on_a_local_cluster(cli, tmp_path):
    source, out = tmp_path / "in.jsonl", tmp_path / "parts"
    write_jsonl(source, POSTINGS * 5, b'{"id": "broken", "text": \n')
    result = cli("level", "--engine", "dask", "--jsonl", str(source), "--out", str(out), "--jobs", "2")
    assert result.exit_code == 1, result.output
    rows = [json.loads(line) for part in sorted(out.glob("part-*.jsonl")) for line in part.read_text().splitlines()]
    assert len(rows) == 21
    assert sum(r.get("level") == "director" for r in rows) == 5
    assert any("invalid JSON" in r.get("error", "") for r in rows)


def test_dask_engine_on_csv(cli, tmp_path):
    source, out = tmp_path / "in.csv", tmp_path / "parts"
    with source.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, ["id", "title", "text"])
        writer.writeheader()
        writer.writerows({"id": r["id"], "title": r.get("title", ""), "text": r["text"]} for r in POSTINGS)
    assert cli("level", "--engine", "dask", "--input", str(source), "--out", str(out), "--jobs", "1").exit_code == 0
    rows = [json.loads(line) for part in out.glob("part-*.jsonl") for line in part.read_text().splitlines()]
    assert sorted(r["level"] for r in rows) == sorted(["senior-pm", "apm", "director", "vp"])


def test_eval_leveler_in_sample_and_held_out(cli, dev_postings_path):
    """The figures the README quotes: in-sample beside leave-one-company-out, where the decision settings,
    the weights of years and themes, and the confidence are chosen on the other companies in each fold."""
    output = cli("eval-leveler", "--jsonl", str(dev_postings_path), "--holdout-by", "company", "--format", "json")
    data = json.loads(output.output)
    titled, masked = data["in_sample"]["titled"], data["held_out"]["scores"]["masked"]
    assert titled["n"] == 124 and titled["exact"] >= 0.99  # the target with titles
    assert data["held_out"]["by"] == "company" and data["held_out"]["groups"] > 100
    assert masked["n"] == 124 and len(masked["confusion"]) == 6
    assert masked["within_one"] >= 0.95 and masked["macro_f1"] >= 0.60  # the held-out targets
    assert masked["exact"] >= 0.75 and masked["per_level_f1"]["director"] >= 0.6  # the 75% exact
    # ... and director F1 with each company counted once (Snyk's five director postings share one weight)
    assert masked["company_f1"]["director"] >= 0.6
    # ... with how far each could move with other companies: the figure lies inside its range
    spread = data["held_out"]["spread"]
    assert spread["exact"][0] <= masked["exact"] <= spread["exact"][1] < 1.0
    assert spread["director once"][0] <= masked["company_f1"]["director"] <= spread["director once"][1]
    chosen = data["held_out"]["chosen"]
    assert sum(c["folds"] for c in chosen) == data["held_out"]["groups"] and {"years_weight", "themes_weight"} <= set(
        chosen[0]
    )
    # phrase removal runs inside the folds (tests/test_leveling.py); on the dev postings no fold finds a
    # phrase pointing the wrong way on three postings, and the report says so rather than omitting it
    assert data["held_out"]["dropped"] == {}
    assert masked["ece"] <= 0.1  # confidence calibrated inside the folds holds on the held-out company
    text = cli("eval-leveler", "--jsonl", str(dev_postings_path), "--holdout-by", "source").output
    assert "held out" in text and "macro-F1" in text and "6 folds" in " ".join(text.split())


def test_eval_leveler_on_look_alike_jobs(cli, lookalike_postings_path):
    data = json.loads(cli("eval-leveler", "--jsonl", str(lookalike_postings_path), "--format", "json").output)
    assert data["roles"]["n"] == 71
    assert data["roles"]["role_right"] >= 0.90 and data["roles"]["seniority_exact"] >= 0.95  # the targets


def test_eval_leveler_rejects_a_bad_holdout(cli, dev_postings_path):
    result = cli("eval-leveler", "--jsonl", str(dev_postings_path), "--holdout-by", "title")
    assert result.exit_code == 2 and "--holdout-by" in result.output


def test_eval_leveler_rejects_unknown_labels(cli, tmp_path):
    labeled = tmp_path / "l.jsonl"
    labeled.write_text(json.dumps({"id": 1, "title": "PM", "text": "x", "level": "wizard"}) + "\n")
    result = cli("eval-leveler", "--jsonl", str(labeled))
    assert result.exit_code == 2 and "l.jsonl:1" in result.output and "wizard" in result.output


def test_dask_engine_on_parquet(cli, tmp_path):
    import pandas as pd

    source, out = tmp_path / "in.parquet", tmp_path / "parts"
    pd.DataFrame([{"id": r["id"], "title": r.get("title", ""), "text": r["text"]} for r in POSTINGS]).to_parquet(source)
    assert cli("level", "--engine", "dask", "--input", str(source), "--out", str(out), "--jobs", "1").exit_code == 0
    rows = [json.loads(line) for part in out.glob("part-*.jsonl") for line in part.read_text().splitlines()]
    assert {r["id"]: r["level"] for r in rows} == {"a": "senior-pm", "b": "apm", "c": "director", "d": "vp"}


BAD_LINES = (
    b'{"id": "latin", "text": "caf\xe9 product manager"}\n'
    b'{"id": "number-title", "title": 42, "text": "Own the roadmap."}\n'
    b'{"id": "no-text", "title": "PM"}\n'
    b'{"id": "broken", "text": \n' + b'{"id": "huge", "text": "' + b"a" * 1_100_000 + b'"}\n'
    b'{"id": "deep", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    b'{"id": "half-pair", "text": "We want \\ud800 5+ years"}\n'
    b'{"id": "long-number", "text": "PM", "n": ' + b"9" * 5000 + b"}\n"
)


def test_local_and_dask_engines_say_the_same_of_every_line(cli, tmp_path):
    """One record builder for both engines: good and bad lines alike give the same output (the Dask
    engine, reading partitions in parallel, does not know line numbers)."""
    source, local_out, dask_out = tmp_path / "in.jsonl", tmp_path / "local.jsonl", tmp_path / "parts"
    write_jsonl(source, POSTINGS, BAD_LINES)
    assert cli("level", "--jsonl", str(source), "--out", str(local_out), "--jobs", "1").exit_code == 1
    result = cli("level", "--engine", "dask", "--jsonl", str(source), "--out", str(dask_out), "--jobs", "1")
    assert result.exit_code == 1, result.output

    def without_lines(rows):
        return sorted(json.dumps({k: v for k, v in r.items() if k != "line"}, sort_keys=True) for r in rows)

    local = read_jsonl(local_out)
    distributed = [
        json.loads(line) for part in sorted(dask_out.glob("part-*.jsonl")) for line in part.read_text().splitlines()
    ]
    assert len(local) == len(POSTINGS) + 8
    assert without_lines(local) == without_lines(distributed)
    errors = {r["id"]: r["error"] for r in local if "error" in r}
    assert "UTF-8" in errors["latin"] and "'title' must be text" in errors["number-title"]
    assert "limit" in errors["huge"] and "invalid JSON" in errors["broken"] and "'text'" in errors["no-text"]
    assert "nested too deeply" in errors["deep"] and "surrogate" in errors["half-pair"]
    assert "4300 digits" in errors["long-number"]


def test_local_and_dask_engines_read_a_csv_row_that_is_not_utf8_alike(cli, tmp_path):
    """Excel's byte-order mark is no part of the first column's name, and a row that is not UTF-8 is one
    error at its own line: the rows before and after it are read, by both engines."""
    source, local_out, dask_out = tmp_path / "in.csv", tmp_path / "local.jsonl", tmp_path / "parts"
    rows = [f"p{i},Product Manager,Own the roadmap for team {i}. 3+ years of experience.\n" for i in range(300)]
    rows[150] = "latin,Product Manager,Caf\xe9 roadmap\n"
    latin1 = "".join(rows).encode().replace("\xe9".encode(), b"\xe9")  # one byte of Latin-1 in row 152
    source.write_bytes(b"\xef\xbb\xbfid,title,text\n" + latin1)
    assert cli("level", "--csv", str(source), "--out", str(local_out), "--jobs", "1").exit_code == 1
    assert (
        cli("level", "--engine", "dask", "--input", str(source), "--out", str(dask_out), "--jobs", "1").exit_code == 1
    )
    local = read_jsonl(local_out)
    distributed = [
        json.loads(line) for part in sorted(dask_out.glob("part-*.jsonl")) for line in part.read_text().splitlines()
    ]
    for found in (local, distributed):
        assert len(found) == 300 and sum("level" in r for r in found) == 299
        (error,) = [r for r in found if "error" in r]
        assert error["id"] == "latin" and "not UTF-8" in error["error"]
        assert found[0]["id"] == "p0"  # not the row number: the BOM is not in the column's name
    assert next(r for r in local if "error" in r)["line"] == 152


def test_dask_engine_refuses_a_folder_with_an_earlier_run(cli, tmp_path):
    source, out = tmp_path / "in.jsonl", tmp_path / "parts"
    write_jsonl(source, POSTINGS)
    out.mkdir()
    (out / "part-7.jsonl").write_text('{"id": "old", "level": "cpo"}\n')
    result = cli("level", "--engine", "dask", "--jsonl", str(source), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 2 and "empty" in result.output
    assert (out / "part-7.jsonl").read_text().startswith('{"id": "old"')  # nothing of the user's is lost


def test_the_progress_bar_counts_postings_not_bytes():
    import io

    from rich.console import Console

    from pmpath.cli.level_cmd import batch_progress

    console = Console(file=io.StringIO(), width=120, force_terminal=True)
    progress = batch_progress(console=console)
    task = progress.add_task("level", total=1_000_000, rate=0.0, done=0)
    progress.update(task, completed=500_000, done=300, rate=150.0)
    line = " ".join(
        column.render(progress.tasks[0]).plain for column in progress.columns if hasattr(column, "text_format")
    )
    assert "300 postings" in line and "150 postings/s" in line and "500,000" not in line


def test_the_record_builder_reads_table_values_as_the_json_reader_does():
    from pmpath.batch.records import field_record

    assert field_record(None, 7, float("nan"), "Own the roadmap.", "column 'text'", "column 'title'").title is None
    assert field_record(None, 7, None, "x", "column 'text'", "column 'title'").id == "7"
    numeric = field_record(None, 7, 42, "Own the roadmap.", "column 'text'", "column 'title'")
    assert numeric.error == "column 'title' must be text, not int"
    assert "missing or empty" in field_record(3, "a", "PM", float("nan"), "column 'text'", "column 'title'").error


def test_holding_out_needs_two_groups(cli, tmp_path):
    labeled = tmp_path / "one.jsonl"
    rows = [{"id": i, "company": "Acme", "title": "PM", "text": "Own the roadmap.", "level": "pm"} for i in range(3)]
    labeled.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = cli("eval-leveler", "--jsonl", str(labeled), "--holdout-by", "company")
    assert result.exit_code == 2 and "at least two groups" in result.output


def test_sources_are_grouped_by_repository():
    from pmpath.leveling.evaluate import group_of

    assert group_of({"source": "repo:RemoteWLB/remote-jobs:jobs/x/README.md"}, "source") == "RemoteWLB/remote-jobs"
    assert group_of({"source": "RemoteWLB/remote-jobs:jobs/x/README.md"}, "source") == "RemoteWLB/remote-jobs"
    assert group_of({"company": "Snyk"}, "company") == "Snyk"


SPANISH = (
    "Buscamos un Gerente de Producto. Responsabilidades: definir la estrategia del producto, liderar un "
    "equipo de product managers, gestionar el presupuesto y el P&L, reportar al board of directors. "
    "Requisitos: 10 años de experiencia en gestión de productos."
)


def test_a_posting_not_in_english_says_it_was_not_read(cli, tmp_path):
    posting = tmp_path / "es.txt"
    posting.write_text(SPANISH, encoding="utf-8")
    result = cli("level", str(posting))
    assert result.exit_code == 0, result.output
    assert "Product Manager (pm)" in result.output and "not in English" in result.output
    data = json.loads(cli("level", str(posting), "--format", "json").output)
    assert data["basis"] == "text_unread" and data["evidence"] == []


@pytest.mark.parametrize(
    ("posting", "message"),
    [
        ({"title": 5, "text": "Manage 4 PMs."}, "field 'title' must be text, not int"),
        ({"title": ["Sr"], "text": "x"}, "field 'title' must be text, not list"),
        ({"title": "PM", "text": {"a": 1}}, "field 'text' must be text, not dict"),
        ({"title": "PM"}, "field 'text' is missing or empty"),
    ],
)
def test_a_json_posting_with_fields_of_the_wrong_type_is_a_usage_error(cli, posting, message):
    """The single-posting reader checks fields as the batch readers do: exit 2 naming the field, no traceback."""
    result = cli("level", "-", input=json.dumps(posting))
    assert result.exit_code == 2 and message in result.output


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_single_posting_goes_to_out_when_asked(cli, tmp_path, output):
    """--out is honoured for one posting too (it was ignored, and the result went to the terminal)."""
    out = tmp_path / "deep" / "result.txt"
    result = cli("level", "-", "--title", "Head of Product", "--format", output, "--out", str(out), input="Own it.")
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    assert (json.loads(written)["level"] == "director") if output == "json" else ("Director of Product" in written)
    assert "\x1b[" not in written


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"title": 5, "text": "x", "level": "pm", "company": "a"}, "title"),
        ({"title": "PM", "text": "x", "level": "pm", "company": ["b"]}, "company"),
        ({"title": "PM", "text": "x", "level": "pm", "company": "a", "family": {"x": 1}}, "family"),
    ],
)
def test_eval_leveler_names_a_field_of_the_wrong_type(cli, tmp_path, row, field):
    """A labeled file with a number for a title or a list for a company exits 2 naming file, line and
    field (it was a traceback)."""
    labeled = tmp_path / "l.jsonl"
    good = {"title": "PM", "text": "y", "level": "pm", "company": "c"}
    labeled.write_text(json.dumps(good) + "\n" + json.dumps(row) + "\n")
    result = cli("eval-leveler", "--jsonl", str(labeled), "--holdout-by", "company")
    assert result.exit_code == 2 and "l.jsonl:2" in result.output and f"'{field}'" in result.output


def test_a_batch_never_empties_a_file_it_has_not_leveled_into(cli, tmp_path):
    """--out naming the input is refused before either is touched, and a CSV whose header lacks the text
    column is refused before an existing output is opened."""
    source = tmp_path / "in.jsonl"
    write_jsonl(source, POSTINGS)
    before = source.read_bytes()
    same = cli("level", "--jsonl", str(source), "--out", str(source))
    assert same.exit_code == 2 and "is the input file" in same.output and source.read_bytes() == before
    table, kept = tmp_path / "in.csv", tmp_path / "kept.jsonl"
    table.write_text("id,title,body\n1,PM,Own the roadmap.\n")
    kept.write_text("an earlier run\n")
    wrong = cli("level", "--csv", str(table), "--text-column", "nope", "--out", str(kept))
    assert wrong.exit_code == 2 and "no column 'nope'" in wrong.output and kept.read_text() == "an earlier run\n"
    # a title or id column the user names must be there too (the default names may be absent)
    for option in ("--title-column", "--id-column"):
        named = cli("level", "--csv", str(table), "--text-column", "body", option, "Nope", "--out", str(kept))
        assert named.exit_code == 2 and f"check {option}" in named.output and kept.read_text() == "an earlier run\n"


def test_a_line_at_the_size_limit_never_takes_the_next_one_with_it(cli, tmp_path):
    """One byte over the limit is refused alone; exactly at it, CRLF or not, is read; the lines after
    either are read and numbered as they are."""
    pre, post = '{"id": "over", "text": "', '"}'
    over = pre + "a" * (1_000_001 - len(pre) - len(post)) + post
    at = '{"id": "at", "text": "' + "a" * (1_000_000 - len('{"id": "at", "text": ""}')) + post
    source = tmp_path / "edge.jsonl"
    source.write_bytes(
        (over + "\n" + json.dumps({"id": "two", "text": "Own the roadmap."}) + "\n" + at + "\r\n").encode()
        + (json.dumps({"id": "four", "text": "Own the roadmap."}) + "\r\n").encode()
    )
    out = tmp_path / "out.jsonl"
    assert cli("level", "--jsonl", str(source), "--out", str(out), "--jobs", "1").exit_code == 1
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == ["over", "two", "at", "four"]
    assert "limit" in rows[0]["error"] and all("level" in r for r in rows[1:])


def test_a_csv_line_past_the_size_limit_stops_the_run_with_its_number(cli, tmp_path):
    """A CSV line is read only up to the limit: one that goes on (a stream without line ends) is named,
    exit 2, rather than read whole into memory."""
    source = tmp_path / "in.csv"
    source.write_text("id,title,text\n1,PM,Own the roadmap.\n2,PM," + "a" * 1_100_000)
    done = cli("level", "--csv", str(source), "--out", str(tmp_path / "out.jsonl"))
    assert done.exit_code == 2 and "line 3 is longer than the limit" in done.output
