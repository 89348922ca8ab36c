"""`pmpath jd draft` and `pmpath jd lint`: job descriptions that match their level."""

from __future__ import annotations

import glob
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from pmpath.framework import Framework
from pmpath.jd import MAX_POSTING, PostingError, build_draft, lint_posting
from pmpath.jd.lint import jd_config, known_level, known_size
from pmpath.reports.jd_text import LintReport, lint_report

from .common import FrameworkOption, cite, console, err_console, fail, load_framework

app = typer.Typer(
    help="Job descriptions: draft one from the ladder, lint any posting against it.", no_args_is_help=True
)

SizeOption = Annotated[
    str | None, typer.Option("--company-size", help="startup, mid or enterprise: the years asked depend on it.")
]
DRAFT_FORMATS = ("md", "markdown", "html", "pdf", "json")
LINT_FORMATS = ("text", "json", "sarif")


@app.command("draft")
def draft(
    level: Annotated[str, typer.Argument(help="The level: an id (senior-pm) or a title ('Head of Product').")],
    company_size: SizeOption = None,
    company: Annotated[str | None, typer.Option(help="The company's name, for the opening line.")] = None,
    output: Annotated[str, typer.Option("--format", help="md, html, pdf or json.")] = "md",
    out: Annotated[Path | None, typer.Option(help="Write to this file (needed for pdf).")] = None,
    with_sources: Annotated[
        bool, typer.Option("--with-sources", help="Show each line's source section, for review (not to publish).")
    ] = False,
    framework: FrameworkOption = "standard",
) -> None:
    """A job description for a level, built from the ladder, ready to edit."""
    fw = load_framework(framework)
    if output not in DRAFT_FORMATS:
        fail(f"--format must be one of md, html, pdf or json, not '{output}'")
    try:
        result = build_draft(fw, level, company_size, company)
    except PostingError as error:
        fail(str(error))
    from pmpath.reports.jd import draft_html, draft_markdown

    if output == "pdf":
        if out is None:
            fail("--format pdf needs --out FILE.pdf")
        from pmpath.reports import pdf_bytes

        _write(out, pdf_bytes(draft_html(fw, result, with_sources)))
        return
    if output == "json":
        content = result.model_dump_json(indent=2) + "\n"
    elif output == "html":
        content = draft_html(fw, result, with_sources)
    else:
        content = draft_markdown(fw, result, with_sources)
    if out is None:
        typer.echo(content, nl=False)
    else:
        _write(out, content.encode("utf-8"))


def _write(out: Path, content: bytes) -> None:
    """Write a draft where --out says, making missing folders; a path that cannot be written exits 2."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
    except OSError as error:
        fail(f"{out}: cannot write ({error.strerror or error})")
    err_console.print(f"wrote {out}", markup=False, highlight=False, soft_wrap=True)


def posting_files(patterns: list[str]) -> list[Path]:
    """Files named or matched by glob patterns (quoted globs are expanded here), in order, once each."""
    files: list[Path] = []
    for pattern in patterns:
        if glob.has_magic(pattern):  # a glob's folders ('postings/**' matches them) are no postings
            matched = [m for m in sorted(glob.glob(pattern, recursive=True)) if not Path(m).is_dir()]
        else:
            matched = [pattern]
        if not matched:
            fail(f"{pattern}: no file matches")
        files += [Path(m) for m in matched if Path(m) not in files]
    return files


def read_posting(path: Path) -> str:
    """A posting file as text (- for standard input); PostingError names what is wrong (missing, binary,
    not UTF-8, too large)."""
    budget = MAX_POSTING * 4  # bytes: a UTF-8 character takes at most four
    if str(path) == "-":  # the same bytes checks as a file: binary or non-UTF-8 input is an input error
        data = sys.stdin.buffer.read(budget + 1)
        if len(data) > budget:
            raise PostingError(f"is over {budget:,} bytes; the most pmpath reads is {MAX_POSTING:,} characters")
        return _decoded(data)
    try:
        if path.is_dir():
            raise PostingError("is a folder; give files or a glob such as 'postings/*.md'")
        if path.stat().st_size > budget:
            raise PostingError(f"is {path.stat().st_size:,} bytes; the most pmpath reads is {MAX_POSTING:,} characters")
        data = path.read_bytes()
    except FileNotFoundError:
        raise PostingError("no such file") from None
    except OSError as error:
        raise PostingError(error.strerror or str(error)) from None
    return _decoded(data)


def _decoded(data: bytes) -> str:
    """A posting's bytes as text, or PostingError: binary, or not UTF-8."""
    if b"\x00" in data:
        raise PostingError("is a binary file, not text")
    try:
        return data.decode("utf-8-sig")  # a byte-order mark is no part of the text (nor of its columns)
    except UnicodeDecodeError as error:
        raise PostingError(f"is not UTF-8 text (byte {error.start})") from None


@app.command("lint")
def lint(
    files: Annotated[
        list[str],
        typer.Argument(help="Posting files (text, Markdown or HTML) or globs: postings/*.md; - for standard input."),
    ],
    title: Annotated[str | None, typer.Option(help="The posting's title, when its first line is not it.")] = None,
    level: Annotated[str | None, typer.Option(help="The level the posting is for (default: from its title).")] = None,
    company_size: SizeOption = None,
    output: Annotated[str, typer.Option("--format", help="text, json or sarif.")] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    framework: FrameworkOption = "standard",
) -> None:
    """Check postings against the ladder. Exit 0 without errors, 1 with errors (or warnings with
    --strict), 2 when a file or an option is bad."""
    fw = load_framework(framework)
    if output not in LINT_FORMATS:
        fail(f"--format must be one of {', '.join(LINT_FORMATS)}, not '{output}'")
    try:  # the options are the same for every file: checked once, before any file
        jd_config(fw)
        known_size(fw, company_size)
        if level:
            known_level(fw, level)
    except PostingError as error:
        fail(str(error))
    results: list[tuple[str, LintReport]] = []
    bad = 0
    for path in posting_files(files):
        try:
            results.append(
                (str(path), lint_report(fw, lint_posting(fw, read_posting(path), title, level, company_size)))
            )
        except PostingError as error:
            bad += 1
            err_console.print(f"[bold red]error:[/] {escape(f'{path}: {error}')}", highlight=False, soft_wrap=True)
    if output == "json":
        typer.echo(json.dumps([{"file": name, **r.model_dump()} for name, r in results], indent=2, ensure_ascii=False))
    elif output == "sarif":
        from .jd_sarif import sarif_log

        typer.echo(json.dumps(sarif_log(fw, results), indent=2, ensure_ascii=False))
    else:
        for name, result in results:
            _print_result(fw, name, result)
    if bad:
        raise typer.Exit(2)
    raise typer.Exit(1 if any(r.failed(strict) for _, r in results) else 0)


def _print_result(fw: Framework, name: str, result: LintReport) -> None:
    source = {"given": "as given", "title": "from its title", "text": "read from its text"}[result.level_from]
    reads = "says nothing of the level" if result.text_silent else f"reads like {fw.level(result.text_level).name}"
    checked = (
        f'"{result.title}" over no product management work: the ladder has no level to check it against'
        if result.off_ladder
        else f"checked as {result.level_name} ({source}); the text {reads}"
    )
    console.print(f"[bold]{escape(name)}[/]: {escape(checked)}", highlight=False, soft_wrap=True)
    for f in result.findings:
        color = "red" if f.severity == "error" else "yellow"
        console.print(
            f"{escape(name)}:{f.line}:{f.column}: [{color}]{f.severity}[/] [bold]{escape(f.rule)}[/]: "
            f"{escape(f.message)}",
            highlight=False,
            soft_wrap=True,
        )
        if f.quote:
            console.print(f'    at: "{f.quote}"', markup=False, highlight=False, soft_wrap=True)
        console.print(f"    why: {f.why} ({cite(fw, f.source)})", markup=False, highlight=False, soft_wrap=True)
        console.print(f"    fix: {f.fix}", markup=False, highlight=False, soft_wrap=True)
    console.print(f"  {result.errors} error(s), {result.warnings} warning(s)", highlight=False, soft_wrap=True)
