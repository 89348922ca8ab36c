"""`pmpath framework`: validate a company's ladder file, print the schema, export a starting point."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.markup import escape

from pmpath.framework import Framework, builtin_framework, builtin_text, framework_problems, variant_framework
from pmpath.settings import settings

from .common import console, fail, print_problems, read_text
from .output import write_out

app = typer.Typer(help="Work with framework files: validate one, print the schema, export the built-in ladder.")


@app.command()
def validate(file: Annotated[Path, typer.Argument(help="The framework file to check (YAML or JSON).")]) -> None:
    """Check a framework file; every problem is listed with its file, line and field. Exit 0 only if valid."""
    problems = framework_problems(read_text(file), str(file), settings().framework_budget)
    if problems:
        print_problems(problems)
        fail(f"{file}: {len(problems)} problem(s)", code=1)
    console.print(f"[green]{escape(str(file))}: valid[/]", highlight=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the framework format, for editors and other tools."""
    data = Framework.model_json_schema(by_alias=True)
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "pmpath framework"
    typer.echo(json.dumps(data, indent=2))


@app.command()
def export(
    output_format: Annotated[str, typer.Option("--format", help="yaml or json.")] = "yaml",
    variant: Annotated[str, typer.Option(help="A variant of the built-in ladder, e.g. compact.")] = "full",
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of standard output.")] = None,
) -> None:
    """Write the built-in framework out, as the start of a company's own ladder."""
    if output_format not in ("yaml", "json"):
        fail(f"--format must be yaml or json, not '{output_format}'")
    if variant == "full" and output_format == "yaml":
        text = builtin_text()  # keeps the comments and layout of the original
    else:
        fw = builtin_framework() if variant == "full" else _variant(variant)
        data = fw.model_dump(mode="json", by_alias=True, exclude_defaults=False)
        text = (
            json.dumps(data, indent=2, ensure_ascii=False) + "\n"
            if output_format == "json"
            else yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        )
    if out is None:
        typer.echo(text, nl=False)
    else:
        write_out(out, text)


def _variant(name: str) -> Framework:
    try:
        return variant_framework(builtin_framework(), name)
    except KeyError as error:
        fail(str(error.args[0]))
