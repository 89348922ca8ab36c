"""Two assessments side by side (self and manager, or then and now), disagreements first."""

from __future__ import annotations

from pydantic import BaseModel

from pmpath.framework import Framework

from .answers import Answers
from .placement import place


class RatingDifference(BaseModel):
    competency: str
    name: str
    a: int
    b: int
    difference: int  # b - a


class CriterionDifference(BaseModel):
    id: str
    text: str
    a: str
    b: str


class Comparison(BaseModel):
    a_label: str
    b_label: str
    ratings: list[RatingDifference]  # the largest disagreements first
    criteria: list[CriterionDifference]  # only those answered differently
    talk_first: list[str]  # competencies that differ by two points or more
    a_level: str = ""  # where each set of answers places the person (ratings and gates)
    b_level: str = ""


def compare(fw: Framework, a: Answers, b: Answers) -> Comparison:
    """Where two sets of answers disagree, largest first: the agenda for a promotion conversation."""
    rows = [
        RatingDifference(
            competency=c.id,
            name=c.name,
            a=a.ratings.get(c.id, 0),
            b=b.ratings.get(c.id, 0),
            difference=b.ratings.get(c.id, 0) - a.ratings.get(c.id, 0),
        )
        for c in fw.competencies
    ]
    rows.sort(key=lambda r: (-abs(r.difference), r.competency))
    texts = {c.id: c.text for level in fw.levels if level.readiness for c in level.readiness.criteria}
    criteria = []
    for criterion_id in sorted(set(a.criteria) | set(b.criteria)):
        sa = a.criteria[criterion_id].status if criterion_id in a.criteria else "unanswered"
        sb = b.criteria[criterion_id].status if criterion_id in b.criteria else "unanswered"
        if sa != sb:
            criteria.append(
                CriterionDifference(id=criterion_id, text=texts.get(criterion_id, criterion_id), a=sa, b=sb)
            )

    def label(x: Answers) -> str:
        return " ".join(p for p in [x.name, f"({x.assessor})", str(x.date or "")] if p)

    return Comparison(
        a_label=label(a),
        b_label=label(b),
        ratings=rows,
        criteria=criteria,
        talk_first=[r.competency for r in rows if abs(r.difference) >= 2],
        a_level=place(fw, a.ratings, a.years_leading).level,
        b_level=place(fw, b.ratings, b.years_leading).level,
    )
