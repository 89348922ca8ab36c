"""Writing a result in the format a user asked for: terminal text, Markdown, HTML, PDF or JSON."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel
from rich.text import Text

from .common import console, fail

FORMATS = ("text", "markdown", "html", "pdf", "json")
FormatOption = Annotated[str, typer.Option("--format", help="text, markdown, html, pdf or json.")]
OutOption = Annotated[Path | None, typer.Option(help="Write to this file (needed for pdf; text is written plain).")]


def out_path(out: Path) -> Path:
    """`out`, with its folder created if missing; a clear error when it cannot be (a file in the way, no rights)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(f"{out}: cannot create the folder {out.parent}: {error.strerror or error}")
    if out.is_dir():
        fail(f"{out} is a folder; give a file name")
    return out


def write_out(out: Path, content: str | bytes) -> None:
    """Write a result to --out, creating its folder, and say where it went."""
    path = out_path(out)
    try:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    except OSError as error:
        fail(f"{out}: {error.strerror or error}")
    console.print(f"wrote {out}", markup=False, highlight=False)


def check_format(output: str, formats: tuple[str, ...] = FORMATS) -> None:
    """Exit 2 with the list of formats when --format names none of them."""
    if output not in formats:
        fail(f"--format must be one of {', '.join(formats)}, not '{output}'")


def emit(
    output: str,
    out: Path | None,
    data: BaseModel,
    text: Callable[[], None],
    markdown: Callable[[], str],
    html: Callable[[], str],
) -> None:
    """Render `data` as asked; text goes to the terminal, the others to --out or standard output."""
    check_format(output)
    if output == "text":
        if out is None:
            text()
            return
        with console.capture() as captured:  # the terminal view, as plain text in the file
            text()
        write_out(out, Text.from_ansi(captured.get()).plain)
        return
    if output == "pdf":
        if out is None:
            fail("--format pdf needs --out FILE.pdf")
        from pmpath.reports import pdf_bytes

        out_path(out)
        write_out(out, pdf_bytes(html()))
        return
    content = {"json": lambda: data.model_dump_json(indent=2) + "\n", "markdown": markdown, "html": html}[output]()
    if out is None:
        typer.echo(content, nl=False)
    else:
        write_out(out, content)
