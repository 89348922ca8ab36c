"""`pmpath plan`: the path from here to a target level, with timing and off-ramps."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pmpath.planner import PlanError, plan_path

from .common import FrameworkOption, cite, console, fail, find_level, load_framework
from .output import FormatOption, OutOption, check_format, emit


def plan(
    level: Annotated[str, typer.Option("--level", help="Your level now (id or title).")],
    years: Annotated[float, typer.Option("--years", help="Years of product experience.")],
    target: Annotated[str, typer.Option("--target", help="The level you aim for (id or title).")],
    years_leading: Annotated[float, typer.Option("--years-leading", help="Years leading people.")] = 0.0,
    company_size: Annotated[str | None, typer.Option("--company-size", help="startup, mid or enterprise.")] = None,
    output: FormatOption = "text",
    out: OutOption = None,
    framework: FrameworkOption = "standard",
) -> None:
    """Plan the steps from your level to a target: experience gates, earliest times, what to work on."""
    check_format(output)
    fw = load_framework(framework)
    if target.strip().lower() == "beyond" and fw.beyond and fw.beyond.offramps:
        opens = {fw.level(lid).id for o in fw.beyond.offramps for lid in o.from_levels}
        first = min(opens, key=fw.index)
        fail(
            "'beyond' is not a level to plan to: its off-ramps ("
            + ", ".join(o.name for o in fw.beyond.offramps)
            + f") open from {', '.join(fw.level(i).name for i in sorted(opens, key=fw.index))}; "
            f"plan to one of them (e.g. --target {first}) and the plan lists the off-ramps on the way"
        )
    start, goal = find_level(fw, level), find_level(fw, target)
    if start.id == goal.id:
        above = fw.next_level(start.id)
        hint = f"; aim higher, e.g. --target {above.id}" if above else "; it is the top of the ladder"
        fail(f"{goal.name} is already your level: nothing to plan{hint}")
    if company_size:  # an id, or words of a size's name ('Enterprise'), as in an answers file
        size = fw.find_size(company_size)
        if size is None:
            known = ", ".join(s.id for s in fw.company_sizes)
            fail(f"--company-size: unknown company size '{company_size}'; known: {known}")
        company_size = size.id
    try:
        path = plan_path(fw, start.id, years, goal.id, years_leading, company_size)
    except PlanError as error:
        fail(str(error))

    def text() -> None:
        table = Table(
            "Step",
            "Level",
            "Earliest",
            "At experience",
            "Typically asks",
            title=f"{escape(start.name)} → {escape(goal.name)}",
            title_justify="left",
        )
        for i, s in enumerate(path.steps, 1):
            asks = f"{s.years_needed}+ yrs"
            if s.years_by_size:
                low, high = min(s.years_by_size.values()), max(s.years_by_size.values())
                asks = f"{s.years_needed}+ yrs ({low}-{high}+ by size)"
            asks += (f", {s.leading_needed}+ leading" if s.leading_needed else "") + (
                " (est.)" if s.experience_estimate else ""
            )
            table.add_row(str(i), Text(s.name), f"in {s.years_from_now:g} yrs", f"{s.at_experience:g} yrs", asks)
        console.print(table)
        console.print(f"[dim]{escape(path.rule)}[/]", highlight=False)
        if path.past_working_life:
            console.print(
                f"[yellow]Beyond a working life:[/] some steps land past {path.working_life} years of experience; "
                "read the times as out of reach rather than as a plan.",
                highlight=False,
            )
        if path.start_leading_for:
            when = f"in {path.start_leading_in:g} years" if path.start_leading_in else "now"
            console.print(
                f"[bold]Start leading people {when}[/] (junior PMs, a project team): "
                f"{escape(fw.level(path.start_leading_for).name)} asks for that experience before the step, "
                "and the years of leading count from then.",
                highlight=False,
            )
        if path.size_assumed and path.company_size:
            size = next((x.name.lower() for x in fw.company_sizes if x.id == path.company_size), path.company_size)
            console.print(
                f"No --company-size given: pmpath assumed a {escape(size)}; the figures by size are in brackets.",
                highlight=False,
            )
        for i, s in enumerate(path.steps, 1):
            console.print(f"\n[bold]{i}. {escape(s.name)}[/]")
            for gate, source in zip(s.gates, s.gate_sources, strict=True):
                console.print(f"  ⛔ {escape(gate)} [dim]{escape(cite(fw, source))}[/]", highlight=False)
            if s.criteria and s.criteria_derived:
                console.print("  [dim]criteria derived by pmpath from the next level's section[/]", highlight=False)
            for c in s.criteria:
                console.print(f"  ☐ {c}", markup=False, highlight=False)
            for w in s.work_on:
                console.print(f"  ↑ {w}", markup=False, highlight=False)
        if path.offramps:
            console.print("\n[bold]Off-ramps beyond the ladder[/]")
            for o in path.offramps:
                console.print(
                    f"  → {escape(o.name)} (from {escape(fw.level(o.from_level).name)}): {escape(o.text)} "
                    f"[dim]{escape(cite(fw, o.source))}[/]",
                    highlight=False,
                )

    from pmpath import reports

    emit(output, out, path, text, lambda: reports.plan_markdown(fw, path), lambda: reports.plan_html(fw, path))
