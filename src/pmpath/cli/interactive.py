"""The interactive assessment: one question at a time, 'b' to go back, a draft saved after every answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from rich.markup import escape
from rich.panel import Panel
from rich.prompt import Prompt

from pmpath.assess import readiness_levels
from pmpath.framework import Framework
from pmpath.framework.model import Readiness

from .common import console

BACK = "b"
UNKNOWN = "unknown"  # a company size not given: the verdict shows the range, not the most lenient figure
MAX_YEARS = 60  # a working life, the answers file's bound


@dataclass
class Question:
    key: str  # dotted path in the answers: 'years_experience', 'ratings.strategy', 'criteria.x'
    ask: Callable[[dict], str | None]  # returns the raw answer, or BACK


def draft_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("pmpath")) / "assessment-draft.yaml"


def _set(answers: dict, key: str, value: object) -> None:
    head, _, tail = key.partition(".")
    if tail:
        answers.setdefault(head, {})[tail] = value
    else:
        answers[head] = value


def _get(answers: dict, key: str) -> object:
    head, _, tail = key.partition(".")
    return answers.get(head, {}).get(tail) if tail else answers.get(head)


def _choice(prompt: str, choices: list[str], default: str | None) -> str:
    """One of `choices` (or BACK); Enter takes the default, and without one the question is asked again."""
    while True:
        if default is None:
            raw = Prompt.ask(
                f"{prompt} ([dim]b = back[/])", choices=[*choices, BACK], console=console, show_choices=True
            )
        else:
            raw = Prompt.ask(
                f"{prompt} ([dim]b = back[/])",
                choices=[*choices, BACK],
                default=default,
                console=console,
                show_choices=True,
            )
        if raw:
            return raw
        console.print(f"[red]Please choose one of {escape(', '.join(choices))} (or b to go back).[/]")


def _level(fw: Framework, default: str) -> str:
    """A level id, or BACK; a title the framework knows ('Sr. Product Manager') is taken for its level."""
    while True:
        raw = Prompt.ask(
            f"Your current level, as an id ({escape('/'.join(fw.level_ids))}) or your title ([dim]b = back[/])",
            default=default,
            console=console,
        )
        if raw == BACK:
            return raw
        level = fw.find_level(raw)
        if level is not None:
            return level.id
        console.print(f"[red]No level or title '{escape(raw)}'; use one of {escape(', '.join(fw.level_ids))}.[/]")


def _number(prompt: str, default: object) -> str:
    while True:
        raw = Prompt.ask(
            f"{prompt} ([dim]b = back[/])", default=str(default if default is not None else 0), console=console
        )
        if raw == BACK:
            return raw
        try:
            if 0 <= float(raw) <= MAX_YEARS:  # also refuses nan and inf
                return raw
        except ValueError:
            pass
        console.print(f"[red]Please enter a number of years from 0 to {MAX_YEARS}.[/]")


def questions(fw: Framework, answers: dict) -> list[Question]:
    """The questions, in order; the readiness ones depend on the level answered first."""
    qs = [
        Question("name", lambda a: Prompt.ask("Your name (b = back)", default=a.get("name") or "", console=console)),
        Question(
            "current_level",
            lambda a: _level(fw, a.get("current_level") or fw.level_ids[1 if len(fw.level_ids) > 1 else 0]),
        ),
        Question("assessor", lambda a: _choice("Who is assessing", ["self", "manager"], a.get("assessor") or "self")),
    ]
    if fw.company_sizes:
        sizes = [s.id for s in fw.company_sizes]
        qs.append(
            Question(
                "company_size",
                lambda a: _choice(
                    "Company size (unknown: pmpath shows the range and names the size it assumes)",
                    [*sizes, UNKNOWN],
                    a.get("company_size") or UNKNOWN,
                ),
            )
        )
    qs += [
        Question("years_experience", lambda a: _number("Years of product experience", a.get("years_experience"))),
        Question("years_leading", lambda a: _number("Years leading people", a.get("years_leading"))),
    ]
    for comp in fw.competencies:

        def ask_rating(a: dict, comp=comp) -> str:
            lines = "\n".join(
                f"[bold]{d}[/] {escape(fw.scale[d - 1].name)}: {escape(comp.anchors[d])}" for d in sorted(comp.anchors)
            )
            mark = " (anchors: pmpath's reading of the source)" if comp.derived else ""
            console.print(Panel(lines, title=escape(comp.name), subtitle=escape(comp.summary) + mark))
            current = _get(a, f"ratings.{comp.id}")
            return _choice(
                "Which sentence is most true of you",
                [str(d) for d in sorted(comp.anchors)],
                str(current) if current else None,
            )

        qs.append(Question(f"ratings.{comp.id}", ask_rating))
    for level_id, block in _readiness_asked(fw, answers):
        nxt = fw.next_level(level_id)
        step = f"{fw.level(level_id).short_name} → {nxt.short_name if nxt else 'beyond'}"
        for criterion in block.criteria:

            def ask_criterion(a: dict, criterion=criterion, step=step) -> str:
                console.print(f"\n[bold]Ready to move up ({escape(step)})?[/] {escape(criterion.text)}")
                current = _get(a, f"criteria.{criterion.id}")
                return _choice(
                    "met, partly or not-yet",
                    ["met", "partly", "not-yet"],
                    current if isinstance(current, str) else None,
                )

            qs.append(Question(f"criteria.{criterion.id}", ask_criterion))
    return qs


def _readiness_asked(fw: Framework, answers: dict) -> list[tuple[str, Readiness]]:
    """The readiness blocks to ask, the placement's first when the ratings place below the title."""
    levels = readiness_levels(
        fw, answers.get("current_level"), answers.get("ratings") or {}, float(answers.get("years_leading") or 0)
    )
    return [(lid, block) for lid in levels if (block := fw.level(lid).readiness) is not None]


def _first_unanswered(qs: list[Question], answers: dict) -> int:
    """Where a resumed draft goes on: the first question without an answer (the end if none)."""
    head = {"name", "current_level", "assessor", "company_size", "years_experience", "years_leading"}
    for i, q in enumerate(qs):
        value = _get(answers, q.key)
        if value is None and not (q.key in head and q.key in answers):
            return i
    return len(qs)


_TEXT_KEYS = ("name", "current_level", "assessor", "company_size")
_NUMBER_KEYS = ("years_experience", "years_leading")


def _saved_draft(draft: Path, fw: Framework) -> dict:
    """The answers a draft holds, each kept only when it has the type its question gives it; a draft
    that cannot be read, or was made with another framework, is set aside (renamed, said) rather than
    stopping every `pmpath assess` until someone deletes it."""
    try:
        saved = yaml.safe_load(draft.read_text(encoding="utf-8")) or {}
        if not isinstance(saved, dict):
            raise ValueError("it is not a mapping of answers")
        if saved.get("framework", fw.id) != fw.id:
            raise ValueError(f"it was made with the framework '{saved.get('framework')}', not '{fw.id}'")
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as error:
        aside = draft.with_name(draft.name + ".unreadable")
        draft.replace(aside)
        console.print(f"The draft could not be resumed ({error}); it is kept as {aside}.", markup=False)
        return {}
    kept: dict = {"framework": fw.id}
    # None is an answer too: a company size the person does not know
    kept.update({k: saved[k] for k in _TEXT_KEYS if k in saved and (saved[k] is None or isinstance(saved[k], str))})
    kept.update(
        {k: saved[k] for k in _NUMBER_KEYS if isinstance(saved.get(k), int | float) and not isinstance(saved[k], bool)}
    )
    for group, kind in (("ratings", int), ("criteria", str)):
        values = saved.get(group)
        if isinstance(values, dict):
            kept[group] = {k: v for k, v in values.items() if isinstance(k, str) and isinstance(v, kind)}
    return kept if len(kept) > 1 else {}


def run_interactive(fw: Framework, draft: Path) -> dict:
    """Ask every question; returns the answers as data. The draft survives Ctrl-C and is resumed."""
    answers: dict = {"framework": fw.id}
    if draft.exists():
        saved = _saved_draft(draft, fw)
        if (
            saved
            and Prompt.ask(
                f"Resume the draft saved in {escape(str(draft))}?", choices=["y", "n"], default="y", console=console
            )
            == "y"
        ):
            answers = saved
    console.print("[dim]Answer each question; type b to go back. Your answers are saved as you go.[/]")
    position = _first_unanswered(questions(fw, answers), answers)
    while True:
        qs = questions(fw, answers)
        if position >= len(qs):
            return answers
        question = qs[position]
        raw = question.ask(answers)
        if raw is None:
            continue
        if raw == BACK:
            position = max(0, position - 1)
            continue
        value: object = raw
        if question.key.startswith("ratings."):
            value = int(raw)
        elif question.key in ("years_experience", "years_leading"):
            value = float(raw)
        elif question.key == "company_size" and raw == UNKNOWN:
            value = None
        _set(answers, question.key, value)
        draft.parent.mkdir(parents=True, exist_ok=True)
        draft.write_text(yaml.safe_dump(answers, sort_keys=False), encoding="utf-8")
        position += 1
