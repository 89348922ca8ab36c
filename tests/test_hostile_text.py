"""Text a stranger can send, built to make a regex backtrack or rescan: each is read with the answer a
reader would give. The time each takes lives in benchmarks/hostile_text.py (no timed unit tests); here,
the answers, and inputs that never finished before the patterns were restructured."""

from __future__ import annotations

from pmpath.leveling import leveler_for
from pmpath.leveling.evidence import locate


def test_a_quote_is_never_located_inside_a_tag():
    # the normalizer drops tags, so '<vice><president>' names no role; the quote is the heading's
    text = "<b>Team:</b> <vice><president> notes. <h2>Vice President</h2>"
    assert locate(text, "vice president") == ("Vice President", (text.index("Vice President"), len(text) - 5))


def test_a_title_of_empty_tags_is_read_at_the_api_size():
    # the API's title budget is 500 characters: each '<>' used to double the paths tried (2**234 here)
    title = "Vice" + "<>" * 234 + "x Vice President of Product"
    assert len(title) <= 500
    result = leveler_for().level(title, "You will set the product vision for the company.")
    assert result.level == "vp"
    seniority = next(e for e in result.evidence if e.kind == "title")
    assert seniority.quote == "Vice President"


def test_a_years_figure_after_a_run_of_tags_is_located_in_the_text():
    text = "You need 5+" + "< >" * 400 + "x. 5+ years of product experience. You will lead the roadmap."
    result = leveler_for().level("Product Manager", text)
    years = next(e for e in result.evidence if e.kind == "years")
    assert years.value == 5 and years.span == (text.index("5+ years"), text.index("5+ years") + 8)
