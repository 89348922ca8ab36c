"""What `pmpath jd` returns: a drafted posting and the findings of a lint, as typed values."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Severity = Literal["error", "warning"]


class PostingError(ValueError):
    """A posting that cannot be linted (empty, binary, too long), with a message naming the problem."""


class DraftLine(BaseModel):
    """One line of a drafted posting and the source section it restates."""

    text: str
    source: str | None = Field(default=None, description="Source section key; None for the draft's own words.")
    source_heading: str | None = None


class DraftSection(BaseModel):
    id: str
    heading: str
    lines: list[DraftLine]
    bullets: bool = True


class Draft(BaseModel):
    """A job description for one level and company size, built from the framework's statements."""

    level: str
    level_name: str
    title: str
    aliases: list[str]
    aliases_line: str = Field(description="The line naming the other titles, in the framework's words.")
    company: str | None
    company_size: str | None
    company_size_name: str | None
    framework: str
    sections: list[DraftSection]


class Finding(BaseModel):
    """One thing a lint rule found in a posting, as facts: where, the level its words point to, the
    figures, and the framework statements behind it. The faces put it into words."""

    rule: str
    severity: Severity
    quote: str = Field(description="The words of the posting the finding is about; empty for the whole posting.")
    start: int = Field(description="Character offset of the quote in the posting text.")
    end: int
    line: int = Field(description="1-based line of the quote.")
    column: int = Field(description="1-based column of the quote.")
    points_to: str | None = Field(default=None, description="The level the words point to (a level id).")
    value: int | None = Field(default=None, description="The figure found: years asked, or words in the posting.")
    expected: int | None = Field(
        default=None,
        description="The level's usual years at the company size (the smallest when no size is given); "
        "for too-thin, the text-only confidence in percent.",
    )
    expected_top: int | None = Field(
        default=None, description="The level's most years at any size, when no size is given."
    )
    other: int | None = Field(default=None, description="The other figure of a contradiction.")
    other_line: int | None = Field(default=None, description="The line of the other figure.")
    names: list[str] = Field(
        default_factory=list, description="Ids or words the finding names (an ask, a duty, a degree)."
    )
    statement: str | None = Field(default=None, description="The framework statement the finding rests on.")
    why: str = Field(description="The framework's reason for the rule.")
    source: str = Field(description="Source section key of the statement.")
    source_heading: str


class LintResult(BaseModel):
    """Every finding of one posting, with the level it was checked against and the leveler's reading."""

    level: str = Field(description="The level the posting was checked against.")
    level_name: str
    level_from: Literal["given", "title", "text"]
    title: str | None
    company_size: str | None
    text_level: str
    text_silent: bool = Field(
        default=False, description="The text says nothing of the level: text_level is only the default."
    )
    title_level: str | None
    confidence: float
    years_required: int | None
    findings: list[Finding]
    off_ladder: bool = Field(
        default=False,
        description="A delivery, program or project manager posting over no product work: no level rule applies.",
    )
    errors: int
    warnings: int

    def failed(self, strict: bool = False) -> bool:
        """Whether the posting fails the lint: any error, or any warning with `strict`."""
        return self.errors > 0 or (strict and self.warnings > 0)
