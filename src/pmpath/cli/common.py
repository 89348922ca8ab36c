"""What every command shares: the --framework option, loading it with clear errors, and the console.

Values a user wrote (postings, answers, framework files, paths) reach Rich as plain text: `escape()` inside
markup strings, `markup=False` or `Text` where a whole line or cell is a value, so brackets print as written."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from pmpath.framework import BUILTIN, Framework, ProblemsError, builtin_framework, builtin_name, parse_framework
from pmpath.settings import settings

console = Console(emoji=False)  # ':fire:' in a posting prints as written, like its brackets
err_console = Console(stderr=True, emoji=False)

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
    """Print an error on stderr, on one line whatever the width (scripts grep it), and leave with a non-zero exit."""
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def print_problems(problems: Iterable[object], to: Console = err_console) -> None:
    """Problem lines (`file:line: field: message`) in red, as written and one per line, for grep and CI."""
    for problem in problems:
        to.print(str(problem), style="red", markup=False, highlight=False, soft_wrap=True)


MAX_FILE_BYTES = 20_000_000  # no framework, answers file, posting or roster comes near; /dev/zero would never end


def read_text(path: Path) -> str:
    """A user's file as text, or a clear error naming the file; read only up to a size no real input
    reaches, so a device or a pipe that never ends is refused rather than filling memory."""
    try:
        if str(path) == "-":  # standard input: the same checks as a file
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            with path.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            fail(f"{path}: larger than {MAX_FILE_BYTES:,} bytes; not a file pmpath reads")
        return data.decode("utf-8-sig")  # an editor's byte-order mark is no part of the text
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except UnicodeDecodeError as error:
        fail(f"{'standard input' if str(path) == '-' else path}: not UTF-8 text (byte {error.start})")
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
        print_problems(error.problems)
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
