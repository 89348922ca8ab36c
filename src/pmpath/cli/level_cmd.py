"""`pmpath level` and `pmpath eval-leveler`: the true level of job postings, one or millions."""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from dataclasses import asdict
from itertools import chain
from pathlib import Path
from typing import Annotated, BinaryIO

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pmpath.framework import Framework
from pmpath.leveling import MODES, Leveler, PostingLevel, Scores, holdout, leveler_for, role_scores, score
from pmpath.leveling.evaluate import company_spread
from pmpath.reports.evidence import ROLE_LABELS, disagreement_line, evidence_line, no_evidence_line, posting_record

from .common import FrameworkOption, console, err_console, fail, load_framework, read_text
from .output import check_format, out_path, write_out


def level(
    file: Annotated[
        str | None, typer.Argument(help="A posting: plain text, or JSON with title and text; - for stdin.")
    ] = None,
    title: Annotated[str | None, typer.Option(help="The posting's title, for plain-text input.")] = None,
    jsonl: Annotated[
        Path | None, typer.Option("--jsonl", help="Level every line of a JSON Lines file (id, title, text).")
    ] = None,
    csv_file: Annotated[Path | None, typer.Option("--csv", help="Level every row of a CSV file with a header.")] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Where results go: a file (JSON Lines for a batch); a folder with --engine dask."),
    ] = None,
    title_column: Annotated[str, typer.Option(help="CSV/Parquet column with the title.")] = "title",
    text_column: Annotated[str, typer.Option(help="CSV/Parquet column with the posting text.")] = "text",
    id_column: Annotated[str, typer.Option(help="CSV/Parquet column with the id.")] = "id",
    jobs: Annotated[
        int, typer.Option(min=0, max=256, help="Worker processes for batch runs (default, 0: every core).")
    ] = 0,
    engine: Annotated[
        str, typer.Option(help="local (processes on this machine) or dask (partitions, local cluster or --scheduler).")
    ] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")] = None,
    dask_input: Annotated[
        str | None, typer.Option("--input", help="With --engine dask: a CSV, Parquet or JSONL path or glob.")
    ] = None,
    output: Annotated[str, typer.Option("--format", help="text or json (single posting).")] = "text",
    framework: FrameworkOption = "standard",
) -> None:
    """Say which level of the ladder a job posting really is, how sure, and why."""
    check_format(output, ("text", "json"))
    fw = load_framework(framework)
    workers = jobs or os.cpu_count() or 1
    if engine == "dask":
        source = dask_input or (str(jsonl) if jsonl else str(csv_file) if csv_file else None)
        if not source or out is None:
            fail("--engine dask needs an input (--jsonl, --csv or --input PATH/GLOB) and --out FOLDER")
        from pmpath.batch.dask_engine import level_with_dask

        started = time.perf_counter()
        try:
            counts = level_with_dask(
                fw,
                source,
                out,
                scheduler=scheduler,
                workers=workers,
                title_column=title_column,
                text_column=text_column,
                id_column=id_column,
            )
        except (ValueError, FileNotFoundError, OSError) as error:
            fail(str(error))
        _summary(counts, time.perf_counter() - started)
        raise typer.Exit(1 if counts.get("error") else 0)
    if engine != "local":
        fail(f"--engine must be local or dask, not '{engine}'")
    if jsonl or csv_file:
        _batch(fw, jsonl, csv_file, out, workers, title_column, text_column, id_column)
        return
    if file is None:
        fail("give a posting file (or - for stdin), or --jsonl/--csv for many")
    raw = read_text(Path(file))  # '-': standard input, checked as a file is
    posting_title, text = title, raw
    stripped = raw.lstrip()
    if stripped.startswith("{"):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            fail(f"{file}: looks like JSON but is not valid: {error.msg} (line {error.lineno}, column {error.colno})")
        if not isinstance(data, dict):
            fail(f"{file}: a JSON posting must be an object with title and text")
        from pmpath.batch.records import field_record  # the batch readers' checks, for one posting

        record = field_record(
            None, data.get("id"), data.get("title"), data.get("text"), "field 'text'", "field 'title'"
        )
        if record.error or record.text is None:
            fail(f"{file}: {record.error}")
        posting_title, text = record.title or title, record.text
    if not text.strip():
        fail(f"{file}: the posting is empty")
    result = leveler_for(fw).level(posting_title, text)
    if output == "json":
        content = json.dumps(posting_record(fw, result), indent=2, ensure_ascii=False) + "\n"
        if out:
            write_out(out, content)
        else:
            typer.echo(content, nl=False)
        return
    if out is None:
        _print_level(fw, result)
        return
    with console.capture() as captured:  # the terminal view, as plain text in the file
        _print_level(fw, result)
    write_out(out, Text.from_ansi(captured.get()).plain)


def _print_level(fw: Framework, result: PostingLevel) -> None:
    """One leveled posting for the terminal: level, confidence, what was asked, evidence."""
    name = fw.level(result.level).name
    if result.role not in ("pm", "product-owner"):  # another job, read at its seniority on the ladder
        name = f"{name} level, {ROLE_LABELS[result.role]}"
    console.print(
        f"[bold]{escape(name)}[/] ({escape(result.level)}) — confidence {result.confidence:.0%}", highlight=False
    )
    given = result.title_level is not None or result.role != "pm" or result.basis == "plain_title"
    where = "" if given else " (no title read: the level's name)"
    console.print(f"Normalized title: {result.normalized_title}{where}", markup=False, highlight=False)
    asked = result.years_required
    years = f"{asked}+ years" if asked else "none ('up to', '0-2')" if asked == 0 else "not stated"
    console.print(
        f"Experience asked: {years}"
        + (f"; {result.years_leading}+ years leading people" if result.years_leading else ""),
        highlight=False,
    )
    console.print(f"Education asked: {', '.join(result.education) or 'not stated'}", markup=False, highlight=False)
    if result.role_note:
        console.print(f"Role: {result.role} — {result.role_note}", markup=False, highlight=False)
    if result.competencies:
        console.print(
            "Stresses: " + ", ".join(fw.competency(c).name for c in result.competencies), markup=False, highlight=False
        )
    if result.disagreement:
        console.print(f"[yellow]Note:[/] {escape(disagreement_line(result) or '')}", highlight=False)
    console.print("Evidence:")
    lines = [evidence_line(fw, e) for e in result.evidence if e.kind != "education"]
    for line in lines or [no_evidence_line(result)]:
        console.print(f"  • {line}", markup=False, highlight=False)


def _open_input(path: Path) -> BinaryIO:
    if str(path) == "-":
        return sys.stdin.buffer
    try:
        return path.open("rb")
    except OSError as error:
        fail(f"{path}: {error.strerror}")


def _batch(
    fw,
    jsonl: Path | None,
    csv_file: Path | None,
    out: Path | None,
    jobs: int,
    title_column: str,
    text_column: str,
    id_column: str,
) -> None:
    from pmpath.batch import csv_records, jsonl_records, level_stream

    source = jsonl or csv_file
    assert source is not None
    if out is not None and str(source) != "-" and out.exists() and source.exists() and out.samefile(source):
        fail(f"{out}: --out is the input file; writing it would empty it first (give another file)")
    stream = _open_input(source)
    counts: Counter[str] = Counter()
    try:
        read = jsonl_records(stream) if jsonl else csv_records(stream, title_column, text_column, id_column)
        first = next(read, None)  # a CSV header is checked here, before anything is written
        records = chain([first] if first is not None else [], read)
        try:
            sink = out_path(out).open("w", encoding="utf-8") if out else sys.stdout
        except OSError as error:
            fail(f"{out}: {error.strerror or error}")
        size = source.stat().st_size if str(source) != "-" else None
        started = time.perf_counter()
        progress = batch_progress(disable=out is None)
        with progress:
            task = progress.add_task("level", total=size, rate=0.0, done=0)
            for done, result in enumerate(level_stream(fw, records, jobs), start=1):
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
                counts[result.get("level") or "error"] += 1
                if done % 256 == 0:
                    elapsed = time.perf_counter() - started
                    position = stream.tell() if size and stream.seekable() else None
                    progress.update(
                        task,
                        completed=position if position is not None else 0,
                        done=done,
                        rate=done / elapsed if elapsed else 0.0,
                    )
        if out:
            sink.close()
    except ValueError as error:
        fail(str(error))
    except OSError as error:  # the disk is full, the output went away
        fail(f"{out or 'standard output'}: {error.strerror or error}")
    except KeyboardInterrupt:
        written = sum(counts.values())
        kept = f", kept in {out}" if out else ""
        err_console.print(f"\nInterrupted: {written:,} postings leveled{kept}.", markup=False, highlight=False)
        raise typer.Exit(130) from None
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    _summary(dict(counts), time.perf_counter() - started)
    if counts.get("error"):
        raise typer.Exit(1)


def batch_progress(disable: bool = False, console=None):
    """The batch progress bar: it moves by bytes read (an input's size is known, its number of
    postings is not); the count beside it is postings leveled, and the rate postings a second."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("[bold]leveling"),
        BarColumn(),
        TextColumn("{task.fields[done]:,} postings"),
        TextColumn("{task.fields[rate]:,.0f} postings/s"),
        TimeElapsedColumn(),
        console=console or err_console,
        transient=True,
        disable=disable,
    )


def _summary(counts: dict[str, int], seconds: float) -> None:
    total = sum(counts.values())
    table = Table(
        "Level",
        "Postings",
        title=f"{total:,} postings in {seconds:.1f} s ({total / seconds if seconds else 0:,.0f}/s)",
        title_justify="left",
    )
    for level_id, n in sorted(counts.items(), key=lambda kv: (kv[0] == "error", kv[0])):
        table.add_row(Text(level_id) if level_id != "error" else "[red]errors[/]", f"{n:,}")
    err_console.print(table)


def eval_leveler(
    jsonl: Annotated[Path, typer.Option("--jsonl", help="Labeled postings: id, title, text, level (company, source).")],
    holdout_by: Annotated[
        str | None,
        typer.Option(
            "--holdout-by",
            help="company or source: also leave one group out at a time, tuning and calibrating on the rest.",
        ),
    ] = None,
    output: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    framework: FrameworkOption = "standard",
) -> None:
    """Measure the leveler on labeled postings: with titles, without them, and with their words masked;
    held out by company or source; and, for look-alike postings (a `family` field), the role read."""
    check_format(output, ("text", "json"))
    fw = load_framework(framework)
    if holdout_by not in (None, "company", "source"):
        fail(f"--holdout-by must be company or source, not '{holdout_by}'")
    rows = _labeled_rows(jsonl, fw)
    leveler = Leveler(fw)
    in_sample = {mode: score(leveler, rows, mode) for mode in MODES}
    try:
        held = holdout(leveler, rows, holdout_by) if holdout_by else None
    except ValueError as error:
        fail(f"{jsonl}: {error}")
    roles = role_scores(leveler, rows) if any("family" in row or "role" in row for row in rows) else None
    # how far the held-out figures could move with other companies (titles masked); fewer resamples of
    # a large file keep this step to about a million postings measured
    draws = max(200, min(2000, 1_000_000 // len(rows)))
    spread = company_spread(leveler.ids, rows, held.results["masked"], draws=draws) if held else None
    if output == "json":
        data: dict = {"in_sample": {k: asdict(v) for k, v in in_sample.items()}}
        if held:
            data["held_out"] = {
                "by": held.by,
                "groups": held.groups,
                "scores": {k: asdict(v) for k, v in held.scores.items()},
                "chosen": [
                    {"support_needed": a, "support_per_step": b, "years_weight": y, "themes_weight": t, "folds": n}
                    for (a, b, y, t), n in held.chosen.items()
                ],
                "dropped": dict(held.dropped),  # phrase -> folds that removed it (wrong way on their others)
                "spread": spread,  # figure -> the range 90% of resamples of the companies fall in
            }
        if roles:
            data["roles"] = asdict(roles)
        typer.echo(json.dumps(data, indent=2))
        return
    summary = Table("postings", "figures", "exact", "within 1", "macro-F1", "director F1*", "calib. error")
    for mode, result in in_sample.items():
        summary.add_row(_SHORT_MODES[mode], "in-sample", *_figures(result))
        if held:
            summary.add_row("", f"held out ({held.by})", *_figures(held.scores[mode]))
    console.print(f"[bold]{len(rows)} labeled postings[/] ({escape(str(jsonl))})", highlight=False)
    console.print(summary)
    console.print(
        "* each company counted once. In-sample: the shipped settings on every posting. Held out: "
        + escape(
            f"{held.groups} folds, each leaving one {held.by} out and, on the others, removing the phrases "
            "that point the wrong way and choosing the decision settings, the weights of years and themes, and "
            "the confidence"
            + (
                " (removed: " + ", ".join(f"'{p}' in {n}" for p, n in sorted(held.dropped.items())) + ")."
                if held.dropped
                else "."
            )
            if held
            else "add --holdout-by company for figures on companies the settings were not chosen on."
        ),
        highlight=False,
    )
    if spread:
        once = spread.get("director once")
        console.print(
            "Held out, titles masked, where 90% of resamples of the companies fall: "
            f"exact {spread['exact'][0]:.1%}-{spread['exact'][1]:.1%}, within 1 {spread['within_one'][0]:.1%}-"
            f"{spread['within_one'][1]:.1%}, macro-F1 {spread['macro_f1'][0]:.2f}-{spread['macro_f1'][1]:.2f}"
            + (f", director F1* {once[0]:.2f}-{once[1]:.2f}" if once else "")
            + ".",
            highlight=False,
            markup=False,
        )
    masked = held.scores["masked"] if held else in_sample["masked"]
    label = "held out, titles masked" if held else "in-sample, titles masked"
    table = Table(f"true \\ predicted ({label})", *(escape(lid) for lid in masked.labels), "F1")
    for label_id, row in zip(masked.labels, masked.confusion, strict=True):
        if sum(row):
            table.add_row(
                Text(label_id), *(str(n) if n else "·" for n in row), f"{masked.per_level_f1.get(label_id, 0):.2f}"
            )
    console.print(table)
    if roles:
        console.print(
            f"Look-alike jobs: role right {roles.role_right:.1%} of {roles.n}; seniority with titles exact "
            f"{roles.seniority_exact:.1%}, within one {roles.seniority_within_one:.1%}",
            highlight=False,
        )
        for title, expected, read in roles.wrong_roles[:10]:
            console.print(f"  {title}: expected {expected}, read {read}", markup=False, highlight=False)


_SHORT_MODES = {"titled": "with titles", "untitled": "title emptied", "masked": "titles masked"}


def _figures(result: Scores) -> list[str]:
    return [
        f"{result.exact:.1%}",
        f"{result.within_one:.1%}",
        f"{result.macro_f1:.2f}",
        f"{result.company_f1['director']:.2f}" if "director" in result.company_f1 else "-",
        f"{result.ece:.3f}",
    ]


_OPTIONAL_TEXT_FIELDS = ("title", "company", "source", "family", "role")


def _labeled_rows(path: Path, fw) -> list[dict]:
    """Labeled postings, each checked: valid JSON, a known level, a text."""
    rows = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            fail(f"{path}:{number}: invalid JSON: {error.msg}")
        if not isinstance(row, dict):
            fail(f"{path}:{number}: a line must be a JSON object")
        if row.get("level") not in fw.level_ids:
            fail(f"{path}:{number}: field 'level' must be one of {', '.join(fw.level_ids)}, not {row.get('level')!r}")
        if not isinstance(row.get("text"), str):
            fail(f"{path}:{number}: field 'text' must be a string")
        for name in _OPTIONAL_TEXT_FIELDS:  # read as text, grouped on: a number or a list is a broken file
            if row.get(name) is not None and not isinstance(row[name], str):
                fail(f"{path}:{number}: field '{name}' must be a string or absent, not {type(row[name]).__name__}")
        rows.append(row)
    if not rows:
        fail(f"{path}: no labeled postings")
    return rows
