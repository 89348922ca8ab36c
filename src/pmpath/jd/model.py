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
    """One thing a lint rule found in a posting: where, why (with the framework's source) and the fix."""

    rule: str
    severity: Severity
    message: str
    quote: str = Field(description="The words of the posting the finding is about; empty for the whole posting.")
    start: int = Field(description="Character offset of the quote in the posting text.")
    end: int
    line: int = Field(description="1-based line of the quote.")
    column: int = Field(description="1-based column of the quote.")
    why: str
    source: str
    source_heading: str
    fix: str


class LintResult(BaseModel):
    """Every finding of one posting, with the level it was checked against and the leveler's reading."""

    level: str = Field(description="The level the posting was checked against.")
    level_name: str
    level_from: Literal["given", "title", "text"]
    title: str | None
    company_size: str | None
    text_level: str
    title_level: str | None
    confidence: float
    years_required: int | None
    findings: list[Finding]
    errors: int
    warnings: int

    def failed(self, strict: bool = False) -> bool:
        """Whether the posting fails the lint: any error, or any warning with `strict`."""
        return self.errors > 0 or (strict and self.warnings > 0)
