"""A person's answers: competency ratings, readiness answers, experience. Parsed with located errors."""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pmpath.framework import Framework, Problem, ProblemsError
from pmpath.framework.source_map import Path_, field_name, located, parse_model

Status = Literal["met", "partly", "not-yet"]


class CriterionAnswer(BaseModel):
    """One readiness criterion answered: met, partly or not-yet, with what shows it."""

    model_config = ConfigDict(extra="forbid")

    status: Status
    evidence: str = Field(default="", description="What shows it, in a sentence or two.")


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

    @field_validator("criteria", mode="before")
    @classmethod
    def _short_form(cls, value: object) -> object:
        """`criterion-id: met` is accepted as well as `criterion-id: {status: met, evidence: ...}`."""
        if isinstance(value, dict):
            return {k: {"status": v} if isinstance(v, str) else v for k, v in value.items()}
        return value


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
    if answers.current_level is not None and answers.current_level not in fw.level_ids:
        findings.append(
            (("current_level",), f"unknown level '{answers.current_level}'; known: {', '.join(fw.level_ids)}")
        )
    criteria = {c.id for level in fw.levels if level.readiness for c in level.readiness.criteria}
    for criterion_id in answers.criteria:
        if criterion_id not in criteria:
            findings.append((("criteria", criterion_id), f"unknown readiness criterion '{criterion_id}'"))
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


def parse_answers(text: str, filename: str, fw: Framework) -> Answers:
    """Validated answers from YAML or JSON text; ProblemsError names the line and field of each problem."""
    answers, problems = parse_model(text, filename, Answers, "an answers file")
    problems += located(text, filename, answer_findings(answers, fw))
    if problems:
        raise ProblemsError(problems)
    return answers


def parse_answers_data(data: object, fw: Framework) -> Answers:
    """Answers from already-parsed data (a web request), with the same checks; ProblemsError otherwise."""
    try:
        answers = Answers.model_validate(data)
    except ValidationError as error:
        raise ProblemsError(
            [Problem("request", None, field_name(tuple(e["loc"])), e["msg"]) for e in error.errors()]
        ) from None
    findings = answer_findings(answers, fw)
    if findings:
        raise ProblemsError([Problem("request", None, field_name(path), message) for path, message in findings])
    return answers
