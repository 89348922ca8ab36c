"""The Typer application: one sub-command group per capability."""

from __future__ import annotations

from typing import Annotated

import typer

from pmpath import __version__

from . import assess_cmd, framework_cmd, jd_cmd, ladder, level_cmd, plan_cmd, serve_cmd

app = typer.Typer(
    name="pmpath",
    help="The product manager career path as software: the ladder, assessments, plans and posting levels.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
app.add_typer(ladder.app, name="ladder")
app.add_typer(framework_cmd.app, name="framework")
app.add_typer(assess_cmd.app, name="assess")
app.command(name="plan")(plan_cmd.plan)
app.command(name="level")(level_cmd.level)
app.command(name="eval-leveler")(level_cmd.eval_leveler)
app.command(name="serve")(serve_cmd.serve)
app.add_typer(jd_cmd.app, name="jd")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pmpath {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """pmpath: find your level, see what stands between you and the next one, level job postings."""
