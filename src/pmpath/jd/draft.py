"""A job description for a level and company size, built from the framework's own statements."""

from __future__ import annotations

import unicodedata

from pmpath.framework import Framework, Statement

from .lint import jd_config, known_level, known_size
from .model import Draft, DraftLine, DraftSection, PostingError


def _lines(
    fw: Framework, statements: list[Statement], skip: set[str], reword: dict[str, str] | None = None
) -> list[DraftLine]:
    """The statements a posting keeps, each as a posting says it, with its source."""
    return [
        DraftLine(text=(reword or {}).get(s.text, s.text), source=s.source, source_heading=fw.section_heading(s.source))
        for s in statements
        if s.text not in skip
    ]


def _company(name: str | None) -> str | None:
    """The company's name on one line ('Acme\\n# Hired' would start a heading of its own), or
    PostingError when it holds control characters (a NUL makes the draft unreadable as text)."""
    if name is not None and any(unicodedata.category(ch) == "Cc" and not ch.isspace() for ch in name):
        raise PostingError("the company name holds control characters; give it as plain text")
    return " ".join((name or "").split()) or None


def build_draft(fw: Framework, level: str, company_size: str | None = None, company: str | None = None) -> Draft:
    """The posting a hiring manager starts from: scope, duties, what the candidate brings (years for
    the company size, education as the source puts it, hiring signals) and how to stand out."""
    words = jd_config(fw).draft
    chosen = fw.level(known_level(fw, level))
    size = known_size(fw, company_size)
    size_name = next((s.name for s in fw.company_sizes if s.id == size), None)
    skip = set(words.skip)
    company_name = _company(company)
    article = "an" if chosen.name[:1].lower() in "aeiou" else "a"
    summary = words.reword.get(chosen.summary, chosen.summary)  # the ladder's shorthand, said as a posting says it
    summary = summary[:1].lower() + summary[1:]
    opening = words.opening.format(
        company=company_name or words.company_fallback, article=article, title=chosen.name, summary=summary
    )
    about = [DraftLine(text=opening, source=chosen.source, source_heading=fw.section_heading(chosen.source))]
    experience = chosen.experience
    years = experience.min_years(size) if size else experience.min_years()
    source = DraftLine(text="", source=experience.source, source_heading=fw.section_heading(experience.source))
    line = words.experience_estimate if experience.estimate else words.experience
    brings = [source.model_copy(update={"text": line.format(years=years) if years else words.no_experience})]
    if experience.leading_years:
        brings.append(source.model_copy(update={"text": words.leading.format(years=experience.leading_years)}))
    if size_name and isinstance(experience.years, dict):
        brings.append(source.model_copy(update={"text": words.size_note.format(size=size_name.lower())}))
    brings += _lines(fw, chosen.education, skip, words.reword)
    sections = [
        DraftSection(id="about", heading=words.headings["about"], lines=about, bullets=False),
        DraftSection(id="scope", heading=words.headings["scope"], lines=_lines(fw, chosen.scope, skip, words.reword)),
        DraftSection(
            id="duties", heading=words.headings["duties"], lines=_lines(fw, chosen.responsibilities, skip, words.reword)
        ),
        DraftSection(id="brings", heading=words.headings["brings"], lines=brings),
        DraftSection(
            id="signals", heading=words.headings["signals"], lines=_lines(fw, chosen.hiring_signals, skip, words.reword)
        ),
        DraftSection(
            id="stand_out", heading=words.headings["stand_out"], lines=_lines(fw, chosen.stand_out, skip, words.reword)
        ),
    ]
    aliases = [t for t in chosen.titles if t != chosen.name]
    return Draft(
        level=chosen.id,
        level_name=chosen.name,
        title=chosen.name,
        aliases=aliases,
        aliases_line=words.aliases.format(titles=", ".join(aliases)) if aliases else "",
        company=company_name,
        company_size=size,
        company_size_name=size_name,
        framework=fw.id,
        sections=[s for s in sections if s.lines],
    )
