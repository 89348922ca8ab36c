"""`pmpath ladder`: the levels in order, one level in full, and two levels compared."""

from __future__ import annotations

import json
import textwrap
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pmpath.framework import Framework, Level, Statement

from .common import FrameworkOption, cite, console, fail, find_level, load_framework
from .ladder_table import render_ladder, save_ladder_cache
from .output import check_format

app = typer.Typer(help="See the career ladder: every level, one level in full, or two compared.")

FormatOption = Annotated[str, typer.Option("--format", help="text or json.")]
LADDER_FORMATS = ("text", "json")


def experience_text(level: Level) -> str:
    """'5+ yrs (startup) / 10+ yrs' style summary of a level's typical experience."""
    exp = level.experience
    if isinstance(exp.years, int):
        text = f"{exp.years}+ yrs" if exp.years else "entry level"
    else:
        values = sorted(set(exp.years.values()))
        text = f"{values[0]}+ yrs" if len(values) == 1 else f"{values[0]}-{values[-1]}+ yrs by size"
    if exp.leading_years:
        text += f", {exp.leading_years}+ leading"
    return text + (" (est.)" if exp.estimate else "")


def ladder_rows(fw: Framework) -> tuple[str, list[list[str]], str]:
    rows = [[level.id, level.name, experience_text(level), level.summary] for level in fw.levels]
    footer = ""
    if fw.beyond:
        names = ", ".join(o.name for o in fw.beyond.offramps)
        rows.append(["beyond", "Beyond the ladder", "", f"{names}. {fw.beyond.summary}"])
    for statement in fw.about:
        footer += textwrap.fill(f"{statement.text} ({cite(fw, statement.source)})", 100) + "\n"
    footer += (
        "More: pmpath ladder show LEVEL (or beyond), pmpath ladder compare A B. "
        "(est.) = pmpath estimate, not in the source."
    )
    return f"{fw.name} ({fw.id} {fw.version})", rows, footer


def chosen_framework(ctx: typer.Context, framework: str) -> str:
    """A subcommand's own --framework, else the one given to `pmpath ladder` before the subcommand."""
    return ctx.obj if framework == "standard" and isinstance(ctx.obj, str) else framework


@app.callback(invoke_without_command=True)
def ladder(
    ctx: typer.Context,
    framework: FrameworkOption = "standard",
    output: FormatOption = "text",
) -> None:
    """Show every level in order with its scope and typical experience, then the off-ramps."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = framework  # `pmpath ladder -f FILE show X`: the group's framework reaches the subcommand
        return
    check_format(output, LADDER_FORMATS)
    fw = load_framework(framework)
    if output == "json":
        data = [
            {"id": lv.id, "name": lv.name, "summary": lv.summary, "experience": lv.experience.model_dump()}
            for lv in fw.levels
        ]
        typer.echo(json.dumps({"framework": fw.id, "version": fw.version, "levels": data}, indent=2))
        return
    title, rows, footer = ladder_rows(fw)
    typer.echo(render_ladder(title, rows, footer), nl=False)
    if framework == "standard":
        save_ladder_cache(title, rows, footer)


@app.command()
def show(
    ctx: typer.Context,
    level: Annotated[str, typer.Argument(help="A level id (e.g. director) or a title (e.g. 'Head of Product').")],
    framework: FrameworkOption = "standard",
    output: FormatOption = "text",
) -> None:
    """Everything the framework says about one level, each statement with its source section."""
    check_format(output, LADDER_FORMATS)
    fw = load_framework(chosen_framework(ctx, framework))
    if level.strip().lower() == "beyond" and fw.find_level(level) is None:
        show_beyond(fw, output)
        return
    lv = find_level(fw, level)
    if output == "json":
        typer.echo(json.dumps(lv.model_dump(mode="json", by_alias=True), indent=2))
        return
    nxt = fw.next_level(lv.id)
    console.rule(f"[bold]{escape(lv.name)}[/] ({escape(lv.id)}) — level {fw.index(lv.id) + 1} of {len(fw.levels)}")
    console.print(lv.summary, markup=False, highlight=False)
    if lv.titles:
        mark = " [dim](pmpath's list)[/]" if lv.titles_derived else ""
        console.print(f"[dim]Also titled:[/] {escape(', '.join(lv.titles))}{mark}", highlight=False)
    for heading, statements in [
        ("Scope", lv.scope),
        ("Responsibilities", lv.responsibilities),
        ("Education", lv.education),
        ("What hiring managers look for", lv.hiring_signals),
        ("How to stand out", lv.stand_out),
    ]:
        if statements:
            console.print(f"\n[bold]{heading}[/]")
            for st in statements:
                console.print(f"  • {statement_line(fw, st)}", highlight=False)
    for gate in lv.gates:
        console.print(f"\n[bold]Gate[/]: {escape(gate.text)} [dim]{escape(cite(fw, gate.source))}[/]", highlight=False)
    exp = lv.experience
    console.print("\n[bold]Experience[/]")
    console.print(
        f"  {escape(experience_text(lv))}. {escape(exp.note)} [dim]{escape(cite(fw, exp.source))}[/]", highlight=False
    )
    if isinstance(exp.years, dict):
        for size in fw.company_sizes:
            if size.id in exp.years:
                console.print(f"  – {size.name}: {exp.years[size.id]}+ years", markup=False, highlight=False)
        if exp.sizes_derived:
            console.print("  [dim](which figure goes with which size is pmpath's reading)[/]", highlight=False)
    title = "Expected competency depth to hold this level" + (" (pmpath's reading)" if lv.expectations_derived else "")
    table = Table("Competency", "Depth", "What it looks like", title=title, title_justify="left")
    for comp in fw.competencies:
        depth = lv.expectations[comp.id]
        table.add_row(Text(comp.name), Text(f"{depth} {fw.scale[depth - 1].name}"), Text(comp.anchors[depth]))
    console.print()
    console.print(table)
    if lv.step_note:
        console.print(f"[dim]{statement_line(fw, lv.step_note)}[/]", highlight=False)
    if lv.readiness:
        target = escape(nxt.name) if nxt else "beyond the ladder"
        derived = " (derived by pmpath from the next level's section)" if lv.readiness.derived else ""
        console.print(f"\n[bold]Ready to move to {target}?[/]{derived} [dim]{escape(cite(fw, lv.readiness.source))}[/]")
        for criterion in lv.readiness.criteria:
            console.print(f"  ☐ {escape(criterion.text)} [dim]({escape(criterion.id)})[/]", highlight=False)


def statement_line(fw: Framework, st: Statement) -> str:
    """A statement with its section, its example posting and a mark when it is pmpath's reading (Rich markup,
    the framework's words escaped)."""
    mark = " [dim](pmpath's reading)[/]" if st.derived else ""
    return f"{escape(st.text)}{mark} [dim]{escape(cite(fw, st.source, st.posting))}[/]"


def show_beyond(fw: Framework, output: str) -> None:
    """The off-ramps beyond the ladder: `ladder show beyond`."""
    if fw.beyond is None:
        fail("this framework has nothing beyond its levels")
    if output == "json":
        typer.echo(json.dumps(fw.beyond.model_dump(mode="json", by_alias=True), indent=2))
        return
    console.rule("[bold]Beyond the ladder[/] (beyond)")
    console.print(f"{escape(fw.beyond.summary)} [dim]{escape(cite(fw, fw.beyond.source))}[/]", highlight=False)
    console.print(f"\n[bold]Why product people[/]\n  • {statement_line(fw, fw.beyond.reason)}", highlight=False)
    if fw.beyond.points:
        console.print("\n[bold]What changes at this point[/]")
        for st in fw.beyond.points:
            console.print(f"  • {statement_line(fw, st)}", highlight=False)
    console.print("\n[bold]Off-ramps[/]")
    for o in fw.beyond.offramps:
        origin = escape(", ".join(fw.level(x).name for x in o.from_levels))
        mark = " [dim](pmpath's reading)[/]" if o.derived else ""
        console.print(
            f"  → {escape(o.name)} (from {origin}): {escape(o.text)}{mark} [dim]{escape(cite(fw, o.source))}[/]",
            highlight=False,
        )


@app.command()
def compare(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="The first level (id or title).")],
    b: Annotated[str, typer.Argument(help="The second level (id or title).")],
    framework: FrameworkOption = "standard",
    output: FormatOption = "text",
) -> None:
    """What changes between two levels: competency depths, responsibilities and experience."""
    check_format(output, LADDER_FORMATS)
    fw = load_framework(chosen_framework(ctx, framework))
    la, lb = find_level(fw, a), find_level(fw, b)
    diff = [
        {
            "competency": c.id,
            "name": c.name,
            la.id: la.expectations[c.id],
            lb.id: lb.expectations[c.id],
            "change": lb.expectations[c.id] - la.expectations[c.id],
            "anchor": c.anchors[lb.expectations[c.id]],
        }
        for c in fw.competencies
    ]
    if output == "json":
        typer.echo(
            json.dumps(
                {
                    "from": la.id,
                    "to": lb.id,
                    "competencies": diff,
                    "responsibilities": {
                        la.id: [s.text for s in la.responsibilities],
                        lb.id: [s.text for s in lb.responsibilities],
                    },
                    "experience": {la.id: la.experience.model_dump(), lb.id: lb.experience.model_dump()},
                },
                indent=2,
            )
        )
        return
    table = Table(
        "Competency",
        escape(la.short_name),
        escape(lb.short_name),
        "Change",
        f"At {escape(lb.short_name)}",
        title=f"{escape(la.name)} → {escape(lb.name)}",
        title_justify="left",
    )
    for row in sorted(diff, key=lambda r: -abs(r["change"])):
        change = row["change"]
        mark = f"[green]+{change}[/]" if change > 0 else (f"[red]{change}[/]" if change < 0 else "[dim]=[/]")
        table.add_row(Text(row["name"]), str(row[la.id]), str(row[lb.id]), mark, Text(row["anchor"] if change else ""))
    console.print(table)
    console.print(
        f"\n[bold]Experience[/]: {escape(la.short_name)} {escape(experience_text(la))} → "
        f"{escape(lb.short_name)} {escape(experience_text(lb))}",
        highlight=False,
    )
    for lv in (la, lb):
        console.print(f"\n[bold]{escape(lv.name)} responsibilities[/]")
        for st in lv.responsibilities:
            console.print(f"  • {statement_line(fw, st)}", highlight=False)
