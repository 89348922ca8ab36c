"""Writing a result in the format a user asked for: terminal text, Markdown, HTML, PDF or JSON."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel

from .common import console, fail

FORMATS = ("text", "markdown", "html", "pdf", "json")
FormatOption = Annotated[str, typer.Option("--format", help="text, markdown, html, pdf or json.")]
OutOption = Annotated[Path | None, typer.Option(help="Write to this file (needed for pdf).")]


def emit(
    output: str,
    out: Path | None,
    data: BaseModel,
    text: Callable[[], None],
    markdown: Callable[[], str],
    html: Callable[[], str],
) -> None:
    """Render `data` as asked; text goes to the terminal, the others to --out or standard output."""
    if output not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, not '{output}'")
    if output == "text":
        text()
        return
    if output == "pdf":
        if out is None:
            fail("--format pdf needs --out FILE.pdf")
        from pmpath.reports import pdf_bytes

        out.write_bytes(pdf_bytes(html()))
        console.print(f"wrote {out}", highlight=False)
        return
    content = {"json": lambda: data.model_dump_json(indent=2) + "\n", "markdown": markdown, "html": html}[output]()
    if out is None:
        typer.echo(content, nl=False)
    else:
        out.write_text(content, encoding="utf-8")
        console.print(f"wrote {out}", highlight=False)
