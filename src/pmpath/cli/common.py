"""What every command shares: the --framework option, loading it with clear errors, and the console."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from pmpath.framework import BUILTIN, Framework, ProblemsError, builtin_framework, builtin_name, parse_framework
from pmpath.settings import settings

console = Console()
err_console = Console(stderr=True)

FrameworkOption = Annotated[
    str,
    typer.Option(
        "--framework",
        "-f",
        help=f"A framework file (YAML or JSON), or a built-in one: {', '.join(BUILTIN)}.",
        envvar="PMPATH_FRAMEWORK",
        show_default=True,
    ),
]


def fail(message: str, code: int = 2) -> NoReturn:
    """Print an error on stderr and leave with a non-zero exit."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def read_text(path: Path) -> str:
    """A user's file as text, or a clear error naming the file."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except UnicodeDecodeError as error:
        fail(f"{path}: not UTF-8 text (byte {error.start})")
    except OSError as error:
        fail(f"{path}: {error.strerror}")


def load_framework(spec: str) -> Framework:
    """The framework named by --framework: a built-in name or a file path."""
    name = builtin_name(spec)
    if name is not None:
        return builtin_framework(name)
    path = Path(spec)
    try:
        return parse_framework(read_text(path), str(path), settings().framework_budget)
    except ProblemsError as error:
        for problem in error.problems:
            err_console.print(f"[red]{problem}[/]", highlight=False)
        fail(f"{path} is not a valid framework ({len(error.problems)} problem(s)); see `pmpath framework validate`")


def find_level(fw: Framework, query: str):
    """The level a user named, or an error listing the ids they can use."""
    level = fw.find_level(query)
    if level is None:
        fail(f"unknown level '{query}'; use one of: {', '.join(fw.level_ids)} (or a title such as 'Senior PM')")
    return level


def cite(fw: Framework, key: str, posting: str | None = None) -> str:
    """A source reference for display: '§ Parent › Heading', with the example posting's company if any."""
    text = "§ " + fw.section_heading(key).replace(" > ", " › ")
    example = fw.posting(posting)
    return text + (f" (example posting: {example.company}, via {example.board})" if example else "")
