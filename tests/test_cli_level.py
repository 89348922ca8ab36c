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


def test_eval_leveler(cli, dev_postings_path):
    data = json.loads(cli("eval-leveler", "--jsonl", str(dev_postings_path), "--format", "json").output)
    assert data["titled"]["n"] == 124 and data["titled"]["exact"] >= 0.97
    assert 0 <= data["masked"]["ece"] <= 1 and len(data["masked"]["confusion"]) == 6
    text = cli("eval-leveler", "--jsonl", str(dev_postings_path)).output
    assert "titles masked" in text and "title emptied, text kept" in text and "macro-F1" in text
    assert data["untitled"]["n"] == 124


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
