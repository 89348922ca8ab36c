"""`pmpath assess`: where am I, am I ready, what do I do about it; and two assessments compared."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pmpath.assess import Answers, Assessment, answers_schema, assess, compare, parse_answers, parse_answers_data
from pmpath.assess.result import Gap, GateResult
from pmpath.framework import Framework, ProblemsError
from pmpath.framework.model import HORIZON_LABELS

from .common import FrameworkOption, cite, console, err_console, fail, load_framework, print_problems, read_text
from .output import FormatOption, OutOption, emit, out_path

app = typer.Typer(help="Assess yourself (or a report) against the ladder; compare two assessments.")

STATUS_STYLE = {
    "met": "[green]✓ met[/]",
    "partly": "[yellow]◐ partly[/]",
    "not-yet": "[red]✗ not yet[/]",
    "unanswered": "[red]? unanswered[/]",
}


def load_answers(fw: Framework, path: Path) -> Answers:
    try:
        return parse_answers(read_text(path), str(path), fw)
    except ProblemsError as error:
        print_problems(error.problems)
        fail(f"{path}: {len(error.problems)} problem(s) in the answers")


@app.callback(invoke_without_command=True)
def assess_command(
    ctx: typer.Context,
    answers: Annotated[
        Path | None, typer.Option("--answers", "-a", help="An answers file (YAML or JSON); without it, pmpath asks.")
    ] = None,
    save: Annotated[
        Path | None, typer.Option(help="Where the interactive answers are saved (default ./assessment.yaml).")
    ] = None,
    output: FormatOption = "text",
    out: OutOption = None,
    all_actions: Annotated[
        bool, typer.Option("--all", help="Every growth-plan action, not only the first ones.")
    ] = False,
    framework: FrameworkOption = "standard",
) -> None:
    """Place yourself on the ladder, check readiness for the next level and get a growth plan."""
    if ctx.invoked_subcommand is not None:
        return
    if answers is not None and save is not None:
        fail("--save keeps the answers given to the questions; with --answers nothing is asked")
    if answers is not None and out is not None and out.exists() and answers.exists() and out.samefile(answers):
        fail(f"{out}: --out is the answers file; the report would replace the answers (give another file)")
    fw = load_framework(framework)
    if answers is not None:
        given = load_answers(fw, answers)
    else:
        given = _interactive(fw, save or _unused(Path("assessment.yaml")))
    result = assess(fw, given, all_actions=all_actions)
    from pmpath import reports

    emit(
        output,
        out,
        result,
        lambda: print_assessment(fw, result),
        lambda: reports.assessment_markdown(fw, result),
        lambda: reports.assessment_html(fw, result),
    )


def _unused(path: Path) -> Path:
    """The default answers file, or the first free 'assessment-2.yaml'...: an earlier assessment in the
    folder is never overwritten unless --save names it."""
    number = 1
    while path.exists():
        number += 1
        path = path.with_name(f"assessment-{number}.yaml")
    return path


def _interactive(fw: Framework, save: Path) -> Answers:
    from .interactive import draft_path, run_interactive

    draft = draft_path()
    try:
        data = run_interactive(fw, draft)
    except (KeyboardInterrupt, EOFError):
        err_console.print(
            f"\nStopped. Your answers so far are kept in {escape(str(draft))}; run `pmpath assess` again to continue."
        )
        raise typer.Exit(130) from None
    try:
        given = parse_answers_data(data, fw)
    except ProblemsError as error:
        fail(str(error))
    text = yaml.safe_dump(given.model_dump(mode="json", exclude_defaults=True), sort_keys=False)
    try:
        out_path(save).write_text(text, encoding="utf-8")  # its folder made if missing
    except OSError as error:
        fail(f"{save}: {error.strerror or error}; your answers are kept in {draft}")
    draft.unlink(missing_ok=True)
    saved = escape(str(save))
    console.print(f"[green]Answers saved to {saved}[/]; rerun with --answers {saved}.", highlight=False)
    return given


def _gate_line(fw: Framework, gate: GateResult) -> str:
    return f"{escape(gate.text)} {escape(gate.years_reported())} [dim]{escape(cite(fw, gate.source))}[/]"


def _mark(gap: Gap) -> str:
    marks = [m for m, on in (("pmpath's reading", gap.derived), ("pmpath estimate", gap.estimate)) if on]
    return f" [dim]({'; '.join(marks)})[/]" if marks else ""


def print_assessment(fw: Framework, a: Assessment) -> None:
    """The assessment in the terminal: placement and why, readiness, experience, gaps, plan."""
    basis, placed = fw.level(a.basis), fw.level(a.placement.level)
    titled = fw.level(a.title_level) if a.title_level else None
    console.rule(f"[bold]{escape(a.name or 'Assessment')}[/] — {escape((titled or basis).name)}")
    console.print(f"Your answers place you at [bold]{escape(placed.name)}[/].", highlight=False)
    if a.placement.gated and a.placement.ratings_level:
        console.print(
            f"Your ratings alone reach {escape(fw.level(a.placement.ratings_level).name)}, but an experience gate stops "
            "the placement below it (a matter of years, not of competencies):",
            highlight=False,
        )
        for gate in a.placement.gated:
            console.print(f"  ⛔ {_gate_line(fw, gate)}", highlight=False)
    if a.basis_note:
        console.print(a.basis_note, markup=False, highlight=False)
    console.print(f"[dim]Rule: {escape(a.placement.rule)}[/]", highlight=False)
    if a.hold_vs_move:
        console.print(f"[dim]{escape(a.hold_vs_move)} (pmpath's rule)[/]", highlight=False)
    title_is_above = a.title_check is not None and a.title_check.title_level == a.placement.holding_level
    if a.placement.holding_down and a.placement.holding_level and not title_is_above:
        above = fw.level(a.placement.holding_level)
        console.print(
            f"{escape(above.name)} expects more in: "
            + ", ".join(
                f"{escape(fw.competency(c).name)} ({a.ratings[c]}→{above.expectations[c]})"
                for c in a.placement.holding_down
            ),
            highlight=False,
        )
    if a.title_check:
        check = a.title_check
        console.print(f"\n[bold]{escape(check.note)}[/]", highlight=False)
        for gap in check.shortfalls:
            console.print(f"  • {escape(gap.name)}: {gap.current} (expected {gap.expected})", highlight=False)
        for gate in check.gates:
            console.print(f"  ⛔ {_gate_line(fw, gate)}", highlight=False)
    table = Table(
        "Competency",
        "You",
        escape(basis.short_name),
        *([escape(fw.level(a.next_level).short_name)] if a.next_level else []),
        title="Profile (expected depths to hold each level"
        + (", pmpath's reading)" if basis.expectations_derived else ")"),
        title_justify="left",
    )
    for comp in fw.competencies:
        row = [escape(comp.name), str(a.ratings[comp.id]), str(a.expected_current[comp.id])]
        if a.next_level:
            row.append(str(a.expected_next[comp.id]))
        table.add_row(*row)
    console.print(table)
    from pmpath.reports.render import next_step_name

    target = escape(next_step_name(fw, a))
    state = (
        "[green]ready[/]"
        if a.ready_now
        else "every criterion met, not yet the experience (below)"
        if a.readiness.ready
        else f"{a.readiness.percent}% of the way"
    )
    source = a.readiness.criteria[0].source if a.readiness.criteria else basis.source
    derived = " — derived by pmpath from that section" if a.readiness.derived else ""
    console.print(
        f"\n[bold]Readiness for {target}[/] (from {escape(basis.name)}): {state}  "
        f"[dim]{escape(cite(fw, source))}{derived}[/]",
        highlight=False,
    )
    for r in a.readiness.criteria:
        console.print(
            f"  {STATUS_STYLE[r.status]}  {escape(r.text)}"
            + (f" [dim]— {escape(r.evidence)}[/]" if r.evidence else ""),
            highlight=False,
        )
    if a.readiness.unused:
        console.print(
            "  [dim]Also answered, not measured here (they are for leaving another level):[/]", highlight=False
        )
        for r in a.readiness.unused:
            console.print(f"  [dim]{STATUS_STYLE[r.status]}  {escape(r.text)}[/]", highlight=False)
    console.print(
        f"\n[bold]Experience[/]: {escape(a.experience.note)} [dim]{escape(cite(fw, a.experience.source))}[/]",
        highlight=False,
    )
    if a.gaps:
        console.print(f"\n[bold]Gaps to {target}, most important first[/]")
        for i, g in enumerate(a.gaps, 1):
            console.print(
                f"  {i}. {escape(g.name)} (now {g.current}, needed {g.expected}) "
                f"[dim]{escape(cite(fw, g.source))}[/]{_mark(g)}",
                highlight=False,
            )
    if a.plan:
        shown = (
            f"the first {len(a.plan)} of {a.plan_total}; --all for every one" if a.plan_total > len(a.plan) else "all"
        )
        console.print(
            f"\n[bold]Growth plan[/] towards {target} [dim](pmpath's suggestions, {shown})[/]", highlight=False
        )
        for item in a.plan:
            console.print(
                f"  • [cyan]{escape(HORIZON_LABELS[item.horizon])}[/]: {escape(item.action)}\n"
                f"    [dim]closes: {escape(item.gap_name or item.gap)} · {escape(cite(fw, item.source))}[/]",
                highlight=False,
            )


@app.command(name="schema")
def schema_command() -> None:
    """Print the JSON Schema of the answers file (YAML or JSON), for editors and other tools."""
    typer.echo(json.dumps(answers_schema(), indent=2))


@app.command(name="compare")
def compare_command(
    a: Annotated[Path, typer.Argument(help="First answers file (e.g. the self-assessment).")],
    b: Annotated[Path, typer.Argument(help="Second answers file (e.g. the manager's).")],
    output: FormatOption = "text",
    out: OutOption = None,
    framework: FrameworkOption = "standard",
) -> None:
    """Compare two assessments competency by competency, the disagreements to talk about first."""
    fw = load_framework(framework)
    result = compare(fw, load_answers(fw, a), load_answers(fw, b))

    def text() -> None:
        table = Table(
            "Competency",
            "A",
            "B",
            "B − A",
            title=f"A: {escape(result.a_label)}   B: {escape(result.b_label)}",
            title_justify="left",
        )
        for r in result.ratings:
            mark = (
                f"[bold red]{r.difference:+d}[/]"
                if abs(r.difference) >= 2
                else (f"{r.difference:+d}" if r.difference else "[dim]0[/]")
            )
            table.add_row(Text(r.name), str(r.a), str(r.b), mark)
        if result.a_level != result.b_level:
            console.print(
                "[bold]The answers place the person at different levels:[/] "
                f"A at {escape(fw.level(result.a_level).name)}, "
                f"B at {escape(fw.level(result.b_level).name)}. Talk about this first.",
                highlight=False,
            )
        else:
            console.print(f"Both answers place the person at {escape(fw.level(result.a_level).name)}.", highlight=False)
        console.print(table)
        if result.talk_first:
            console.print(
                "[bold]Talk about first:[/] " + ", ".join(escape(fw.competency(c).name) for c in result.talk_first),
                highlight=False,
            )
        if result.criteria:
            answered = Table("Readiness answered differently", "A", "B", title_justify="left")
            for d in result.criteria:
                answered.add_row(Text(d.text), STATUS_STYLE[d.a], STATUS_STYLE[d.b])
            console.print(answered)

    from pmpath import reports

    emit(
        output,
        out,
        result,
        text,
        lambda: reports.comparison_markdown(fw, result),
        lambda: reports.comparison_html(fw, result),
    )
