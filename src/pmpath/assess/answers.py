"""A person's answers: competency ratings, readiness answers, experience. Parsed with located errors."""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pmpath.framework import Framework, Problem, ProblemsError
from pmpath.framework.model import name_words
from pmpath.framework.source_map import (
    DEFAULT_BUDGET,
    Path_,
    error_message,
    field_name,
    load_yaml,
    located,
    over_budget,
    parse_model,
)

Status = Literal["met", "partly", "not-yet"]
# what people write for a status in a hand-made answers file (case, spaces and '_' do not matter);
# YAML reads a bare yes/no as true/false, which count the same
STATUS_WORDS: dict[str, Status] = {
    **dict.fromkeys(["met", "yes", "true", "done", "achieved", "complete", "completed"], "met"),
    **dict.fromkeys(["partly", "partial", "partially", "in-progress", "some", "somewhat", "halfway"], "partly"),
    **dict.fromkeys(["not-yet", "no", "false", "not-met", "todo", "to-do", "not-started", "none"], "not-yet"),
}


def _status(value: object) -> object:
    """A status as written ('Done', 'in progress', a YAML yes) -> its id; anything else as given, for
    the model to refuse with the list of statuses."""
    if isinstance(value, bool):
        return "met" if value else "not-yet"
    if isinstance(value, str):
        return STATUS_WORDS.get("-".join(value.strip().lower().replace("_", " ").split()), value)
    return value


class CriterionAnswer(BaseModel):
    """One readiness criterion answered: met, partly or not-yet, with what shows it."""

    model_config = ConfigDict(extra="forbid")

    status: Status
    evidence: str = Field(default="", description="What shows it, in a sentence or two.")

    @field_validator("status", mode="before")
    @classmethod
    def _status_as_written(cls, value: object) -> object:
        return _status(value)


class Answers(BaseModel):
    """Everything an assessment asks; the answers file and the web form both fill this."""

    model_config = ConfigDict(extra="forbid")

    name: str = ""
    title: str = Field(default="", description="The person's current job title, as their company names it.")
    current_level: str | None = Field(
        default=None, description="The level the person's title names now (a level id such as pm or senior-pm)."
    )
    assessor: Literal["self", "manager"] = Field(default="self", description="Who answered: self or manager.")
    company_size: str | None = Field(
        default=None, description="A company size id of the framework (startup, mid, enterprise)."
    )
    years_experience: float = Field(default=0, ge=0, le=60, description="Years of product experience.")
    years_leading: float = Field(default=0, ge=0, le=60, description="Years leading people.")
    date: dt.date | None = Field(default=None, description="When the answers were given (YYYY-MM-DD).")
    framework: str | None = Field(default=None, description="Id of the framework the answers were given against.")
    ratings: dict[str, int] = Field(description="Competency id -> depth on the framework's scale.")
    criteria: dict[str, CriterionAnswer] = Field(
        default_factory=dict,
        description="Readiness criterion id -> met, partly or not-yet, or {status, evidence}.",
    )

    @field_validator("assessor", mode="before")
    @classmethod
    def _assessor_in_any_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("ratings", mode="before")
    @classmethod
    def _no_booleans(cls, value: object) -> object:
        """`yes`/`true` is not a depth, though Python would read it as 1."""
        if isinstance(value, dict):
            flags = [k for k, v in value.items() if isinstance(v, bool)]
            if flags:
                raise ValueError(f"a rating is a depth on the scale, not yes/no (at {', '.join(map(str, flags))})")
        return value

    @field_validator("criteria", mode="before")
    @classmethod
    def _short_form(cls, value: object) -> object:
        """`criterion-id: met` (or `yes`, `in progress`...) is accepted as well as `criterion-id: {status:
        met, evidence: ...}`."""
        if isinstance(value, dict):
            return {k: {"status": v} if isinstance(v, str | bool) else v for k, v in value.items()}
        return value


def resolved(answers: Answers, fw: Framework) -> Answers:
    """The answers with what a person wrote by name turned into the framework's ids: a level by its
    name or a title ('Senior Product Manager'), a company size by its id or words of its name in any
    case ('Enterprise', 'mid-size', 'small': one size only), a competency by its id or name written
    with spaces or capitals ('Customer Empathy')."""
    update: dict[str, object] = {}
    if answers.current_level is not None and answers.current_level not in fw.level_ids:
        level = fw.find_level(answers.current_level)
        if level is not None:
            update["current_level"] = level.id
    if answers.company_size is not None and (size := fw.find_size(answers.company_size)) is not None:
        update["company_size"] = size.id
    names = {" ".join(name_words(form)): c.id for c in fw.competencies for form in (c.id, c.name)}
    ratings = {names.get(" ".join(name_words(key)), key): value for key, value in answers.ratings.items()}
    if ratings != answers.ratings and len(ratings) == len(answers.ratings):
        update["ratings"] = ratings
    return answers.model_copy(update=update) if update else answers


def answer_findings(answers: Answers, fw: Framework) -> list[tuple[Path_, str]]:
    """Answers that do not fit the framework: unknown ids, ratings off the scale, missing ratings."""
    findings: list[tuple[Path_, str]] = []
    known = {c.id for c in fw.competencies}
    top = fw.max_depth
    for comp_id, rating in answers.ratings.items():
        if comp_id not in known:
            findings.append(
                (("ratings", comp_id), f"unknown competency '{comp_id}'; known: {', '.join(sorted(known))}")
            )
        elif not 1 <= rating <= top:
            findings.append((("ratings", comp_id), f"rating {rating} is outside the scale 1..{top}"))
    missing = [c for c in known if c not in answers.ratings]
    if missing:
        findings.append((("ratings",), f"no rating for {', '.join(sorted(missing))}"))
    if answers.current_level is not None and answers.current_level not in fw.level_ids:  # no title `resolved` knows
        findings.append(
            (("current_level",), f"unknown level '{answers.current_level}'; known: {', '.join(fw.level_ids)}")
        )
    criteria = {c.id for level in fw.levels if level.readiness for c in level.readiness.criteria}
    for criterion_id in answers.criteria:
        if criterion_id not in criteria:
            findings.append((("criteria", criterion_id), f"unknown readiness criterion '{criterion_id}'"))
    if answers.framework is not None and answers.framework != fw.id:
        findings.append(
            (
                ("framework",),
                f"these answers were given against the framework '{answers.framework}', not '{fw.id}'; "
                "assess them with that framework (or remove the field)",
            )
        )
    sizes = {s.id for s in fw.company_sizes}
    if answers.company_size is not None and sizes and answers.company_size not in sizes:
        findings.append(
            (("company_size",), f"unknown company size '{answers.company_size}'; known: {', '.join(sorted(sizes))}")
        )
    return findings


def answers_schema() -> dict:
    """The JSON Schema of an answers file, for editors and other tools."""
    data = Answers.model_json_schema()
    answer = data["properties"]["criteria"]["additionalProperties"]
    short = {"type": "string", "enum": list(get_args(Status)), "description": "The short form: just the status."}
    data["properties"]["criteria"]["additionalProperties"] = {"anyOf": [answer, short]}
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "pmpath answers"
    return data


def _partial_answers(data: object) -> Answers | None:
    """What can be read of answers that failed validation, to check against the framework too."""
    if not isinstance(data, dict) or not isinstance(data.get("ratings"), dict):
        return None
    ratings = {str(k): v if isinstance(v, int) and not isinstance(v, bool) else 1 for k, v in data["ratings"].items()}
    given = data.get("criteria")
    criteria: dict = given if isinstance(given, dict) else {}
    fields = {k: data.get(k) if isinstance(data.get(k), str) else None for k in ("current_level", "company_size")}
    return Answers.model_construct(ratings=ratings, criteria={str(k): None for k in criteria}, framework=None, **fields)


def parse_answers(text: str, filename: str, fw: Framework) -> Answers:
    """Validated answers from YAML or JSON text; ProblemsError names the line and field of each problem,
    every one at once (a field's type and its fit to the framework are both checked)."""
    try:
        answers, problems = parse_model(text, filename, Answers, "an answers file")
    except ProblemsError as error:
        partial = _partial_answers(_loaded(text))
        if partial is None:
            raise ProblemsError([_with_tab_hint(p, text) for p in error.problems]) from None
        # fit to the framework: no overlap with the type problems
        extra = located(text, filename, answer_findings(resolved(partial, fw), fw))
        raise ProblemsError(sorted(error.problems + extra, key=lambda p: p.line or 0)) from None
    answers = resolved(answers, fw)
    problems += located(text, filename, answer_findings(answers, fw))
    if problems:
        raise ProblemsError(problems)
    return answers


def _with_tab_hint(problem: Problem, text: str) -> Problem:
    """A YAML error on a line indented with a tab says so: YAML's own message does not name the tab."""
    lines = text.splitlines()
    if problem.line is None or not 0 < problem.line <= len(lines) or "not valid YAML" not in problem.message:
        return problem
    line = lines[problem.line - 1]
    if "\t" not in line[: len(line) - len(line.lstrip())]:
        return problem
    return Problem(
        problem.file,
        problem.line,
        problem.field,
        problem.message + " (this line is indented with a tab; YAML indents with spaces)",
    )


def _loaded(text: str) -> object:
    """The YAML data of a text already read once by parse_model (None if it does not load or is over
    the budget: the budget is what keeps a hostile file from being expanded twice)."""
    if over_budget(text, "", DEFAULT_BUDGET) is not None:
        return None
    try:
        return load_yaml(text)[0]
    except yaml.YAMLError:  # the first read reported the problem already
        return None


def parse_answers_data(data: object, fw: Framework) -> Answers:
    """Answers from already-parsed data (a web request), with the same checks; ProblemsError otherwise."""
    try:
        answers = Answers.model_validate(data)
    except ValidationError as error:
        raise ProblemsError(
            [Problem("request", None, field_name(tuple(e["loc"])), error_message(e)) for e in error.errors()]
        ) from None
    answers = resolved(answers, fw)
    findings = answer_findings(answers, fw)
    if findings:
        raise ProblemsError([Problem("request", None, field_name(path), message) for path, message in findings])
    return answers
