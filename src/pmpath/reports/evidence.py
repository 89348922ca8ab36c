"""Leveler evidence as one short line of text each: the wording lives here, in a face, not in the core."""

from __future__ import annotations

from pmpath.framework import Framework
from pmpath.leveling import PostingLevel
from pmpath.leveling.evidence import Evidence

# what each role of the leveler's vocabulary (pmpath.leveling.ROLES) is called in text
ROLE_LABELS = {
    "pm": "product management",
    "product-owner": "a product owner role",
    "maybe-pm": "possible product management work under another title",
    "different-job": "a different job",
    "not-pm": "no job pmpath knows",
}


def evidence_line(fw: Framework, ev: Evidence) -> str:
    """'"5+ years" asked → senior-pm', 'title word "Sr." → senior-pm (Senior Product Manager)', ..."""
    quote = f'"{ev.quote}"' if ev.quote else ""
    target = ev.level or ""
    # a title with a place in the text was read there: the posting came without one
    title = "title in the posting" if ev.span is not None else "title"
    if ev.kind == "title" and ev.level:
        return f"{title} {quote} → {ev.level} ({fw.level(ev.level).name})"
    if ev.kind == "title-ignored":
        return f"title word {quote} ignored: the title names no product role"
    if ev.kind == "years":
        return f"{quote} asked → {' or '.join(ev.names) or target}"
    if ev.kind == "leading":
        return f"{quote}: {ev.value}+ years leading people → {target}"
    if ev.kind == "reports":
        return f"{quote}: {ev.value} direct reports → {target}"
    if ev.kind == "theme":
        return f"{ev.value} {target} themes named ({', '.join(ev.names)}) → {target}"
    if ev.kind == "named-role":
        how = "" if ev.weight else ", as a title would"
        return f"posting calls the role {quote} → {target}{how}"
    if ev.kind == "education":
        return f"education asked: {quote}"
    if ev.kind == "role":
        return f"{title} {quote} names {ROLE_LABELS.get(ev.names[0], ev.names[0]) if ev.names else 'a role'}"
    return f"{quote} → {target}"


def evidence_records(fw: Framework, evidence: list[Evidence]) -> list[dict]:
    """The output contract's evidence objects: text, kind, level, quote, span (and the rest)."""
    return [{"text": evidence_line(fw, ev), **ev.to_dict()} for ev in evidence]


def disagreement_line(result: PostingLevel) -> str | None:
    """The sentence that says title and text disagree, when they do by two levels or more."""
    if not result.disagreement:
        return None
    return f"The title says {result.title_level} but the text reads like {result.text_level}."


def no_evidence_line(result: PostingLevel) -> str:
    """Why no evidence is listed: the text said nothing the framework knows, or was not read at all."""
    if result.basis == "text_unread":
        return "the text is not in English, so nothing was read from it; the default level of the framework"
    return "no specific evidence; the default level of the framework"


def posting_record(fw: Framework, result: PostingLevel) -> dict:
    """What `pmpath level` (JSON), the API and batch output say of one posting: the contract fields,
    the explanation, and each piece of evidence with its line of text."""
    return {
        **result.to_dict(),
        "evidence": evidence_records(fw, result.evidence),
        "disagreement_note": disagreement_line(result),
    }
