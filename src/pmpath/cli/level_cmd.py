"""`pmpath level` and `pmpath eval-leveler`: the true level of job postings, one or millions."""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Annotated, BinaryIO

import typer
from rich.table import Table

from pmpath.leveling import MODES, Leveler, leveler_for, score
from pmpath.reports.evidence import evidence_line, posting_record

from .common import FrameworkOption, console, err_console, fail, load_framework, read_text


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
        Path | None, typer.Option(help="Where batch results go (JSON Lines); a folder with --engine dask.")
    ] = None,
    title_column: Annotated[str, typer.Option(help="CSV/Parquet column with the title.")] = "title",
    text_column: Annotated[str, typer.Option(help="CSV/Parquet column with the posting text.")] = "text",
    id_column: Annotated[str, typer.Option(help="CSV/Parquet column with the id.")] = "id",
    jobs: Annotated[int, typer.Option(help="Worker processes for batch runs (default: every core).")] = 0,
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
    raw = sys.stdin.read() if file == "-" else read_text(Path(file))
    posting_title, text = title, raw
    stripped = raw.lstrip()
    if stripped.startswith("{"):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            fail(f"{file}: looks like JSON but is not valid: {error.msg} (line {error.lineno}, column {error.colno})")
        if not isinstance(data.get("text"), str) or not data["text"].strip():
            fail(f"{file}: field 'text' is missing or empty")
        posting_title, text = data.get("title") or title, data["text"]
    if not text.strip():
        fail(f"{file}: the posting is empty")
    result = leveler_for(fw).level(posting_title, text)
    if output == "json":
        typer.echo(json.dumps(posting_record(fw, result), indent=2, ensure_ascii=False))
        return
    name = fw.level(result.level).name
    console.print(f"[bold]{name}[/] ({result.level}) — confidence {result.confidence:.0%}", highlight=False)
    console.print(f"Normalized title: {result.normalized_title}", highlight=False)
    years = f"{result.years_required}+ years" if result.years_required else "not stated"
    console.print(
        f"Experience asked: {years}"
        + (f"; {result.years_leading}+ years leading people" if result.years_leading else ""),
        highlight=False,
    )
    console.print(f"Education asked: {', '.join(result.education) or 'not stated'}", highlight=False)
    if result.role_note:
        console.print(f"Role: {result.role} — {result.role_note}", highlight=False)
    if result.competencies:
        console.print("Stresses: " + ", ".join(fw.competency(c).name for c in result.competencies), highlight=False)
    if result.disagreement:
        console.print(f"[yellow]Note:[/] {result.disagreement}", highlight=False)
    console.print("Evidence:")
    lines = [evidence_line(fw, e) for e in result.evidence if e.kind != "education"]
    for line in lines or ["no specific evidence; the default level of the framework"]:
        console.print(f"  • {line}", highlight=False)


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
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from pmpath.batch import csv_records, jsonl_records, level_stream

    source = jsonl or csv_file
    assert source is not None
    stream = _open_input(source)
    try:
        records = jsonl_records(stream) if jsonl else csv_records(stream, title_column, text_column, id_column)
        sink = out.open("w", encoding="utf-8") if out else sys.stdout
        counts: Counter[str] = Counter()
        size = source.stat().st_size if str(source) != "-" else None
        started = time.perf_counter()
        progress = Progress(
            TextColumn("[bold]leveling"),
            BarColumn(),
            TextColumn("{task.completed:,} postings"),
            TextColumn("{task.fields[rate]:,.0f}/s"),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            disable=out is None,
        )
        with progress:
            task = progress.add_task("level", total=size, rate=0.0)
            for done, result in enumerate(level_stream(fw, records, jobs), start=1):
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
                counts[result.get("level") or "error"] += 1
                if done % 256 == 0:
                    elapsed = time.perf_counter() - started
                    position = stream.tell() if size and stream.seekable() else None
                    progress.update(
                        task,
                        completed=position if position is not None else done,
                        rate=done / elapsed if elapsed else 0.0,
                    )
        if out:
            sink.close()
    except ValueError as error:
        fail(str(error))
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    _summary(dict(counts), time.perf_counter() - started)
    if counts.get("error"):
        raise typer.Exit(1)


def _summary(counts: dict[str, int], seconds: float) -> None:
    total = sum(counts.values())
    table = Table(
        "Level",
        "Postings",
        title=f"{total:,} postings in {seconds:.1f} s ({total / seconds if seconds else 0:,.0f}/s)",
        title_justify="left",
    )
    for level_id, n in sorted(counts.items(), key=lambda kv: (kv[0] == "error", kv[0])):
        table.add_row(level_id if level_id != "error" else "[red]errors[/]", f"{n:,}")
    err_console.print(table)


def eval_leveler(
    jsonl: Annotated[Path, typer.Option("--jsonl", help="Labeled postings: id, title, text, level.")],
    output: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    framework: FrameworkOption = "standard",
) -> None:
    """Measure the leveler on labeled postings: with titles, without them, and with their words masked."""
    fw = load_framework(framework)
    rows = []
    for number, line in enumerate(read_text(jsonl).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            fail(f"{jsonl}:{number}: invalid JSON: {error.msg}")
        if row.get("level") not in fw.level_ids:
            fail(f"{jsonl}:{number}: field 'level' must be one of {', '.join(fw.level_ids)}, not {row.get('level')!r}")
        rows.append(row)
    leveler = Leveler(fw)
    results = {mode: score(leveler, rows, mode) for mode in MODES}
    if output == "json":
        typer.echo(json.dumps({k: v.__dict__ for k, v in results.items()}, indent=2))
        return
    for name, result in results.items():
        console.print(f"\n[bold]{MODES[name]}[/] — {result.n} postings", highlight=False)
        console.print(
            f"exact {result.exact:.1%}   within one level {result.within_one:.1%}   macro-F1 {result.macro_f1:.2f}   "
            f"expected calibration error {result.ece:.3f}",
            highlight=False,
        )
        table = Table("true \\ predicted", *result.labels, "F1")
        for label_id, row in zip(result.labels, result.confusion, strict=True):
            if sum(row):
                table.add_row(
                    label_id, *(str(n) if n else "·" for n in row), f"{result.per_level_f1.get(label_id, 0):.2f}"
                )
        console.print(table)
