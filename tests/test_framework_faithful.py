"""The built-in framework says what the source says, all of it, in its own words."""

from __future__ import annotations

import re

import pytest

from pmpath.framework import builtin_framework


def headings(source: str) -> list[str]:
    """Heading paths of the source, 'H2 > H3' under a level-2 heading, plain for H1 and H2."""
    paths, parent = [], None
    for line in source.splitlines():
        match = re.match(r"^(#{1,3})\s+(.*?)\s*$", line)
        if not match:
            continue
        depth, text = len(match[1]), re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", match[2]).strip()
        if depth <= 2:
            parent = text
            paths.append(text)
        else:
            paths.append(f"{parent} > {text}")
    return paths


def section_text(source: str, heading: str) -> str:
    """Text of a level-2 section, up to the next level-2 heading."""
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## )", source, re.M | re.S)
    assert match, heading
    return match[1]


def test_every_section_key_names_a_real_heading(fw, source_text):
    real = set(headings(source_text))
    for key, heading in fw.sections.items():
        assert heading in real, f"section '{key}' names '{heading}', which the source does not have"


def test_every_level_section_of_the_source_is_a_level_in_order(fw, source_text):
    level_headings = [
        "Associate Product Manager",
        "Product Manager",
        "Senior Product Manager",
        "Director of Product",
        "VP of Product",
        "Chief Product Officer",
    ]
    assert [fw.sections[level.source] for level in fw.levels] == level_headings
    assert fw.level_ids == ["apm", "pm", "senior-pm", "director", "vp", "cpo"]
    assert fw.sections[fw.beyond.source] == "Other Options for Product Veterans"
    assert {o.id for o in fw.beyond.offramps} == {"gm", "coo", "ceo"}


def test_every_readiness_section_becomes_checkable_criteria(fw, source_text):
    ready = [h for h in headings(source_text) if re.search(r"ready to move|time to move", h, re.I)]
    assert len(ready) == 3
    cited = {fw.sections[level.readiness.source]: level for level in fw.levels if level.readiness}
    for heading in ready:
        level = cited[heading]
        assert not level.readiness.derived
        assert len(level.readiness.criteria) >= 2, f"{heading} should be split into separate criteria"
    # every level below the top has criteria to move on, derived ones say so
    for level in fw.levels:
        assert level.readiness and all(c.actions for c in level.readiness.criteria)


@pytest.mark.parametrize(
    ("level_id", "heading"),
    [("director", "Director of Product"), ("vp", "VP of Product"), ("cpo", "Chief Product Officer")],
)
def test_experience_figures_match_the_source(fw, source_text, level_id, heading):
    stated = {int(n) for n in re.findall(r"(\d+)\+", section_text(source_text, heading))}
    exp = fw.level(level_id).experience
    ours = set(exp.years.values()) if isinstance(exp.years, dict) else {exp.years}
    if exp.leading_years:
        ours.add(exp.leading_years)
    assert not exp.estimate
    assert ours == stated


def test_size_dependent_experience(fw):
    director, cpo = fw.level("director").experience, fw.level("cpo").experience
    assert director.min_years("startup") == 5 and director.min_years("enterprise") == 10
    assert cpo.min_years("startup") == 10 and cpo.min_years("enterprise") == 20
    assert fw.level("vp").experience.leading_years == 5


def test_figures_the_source_lacks_are_marked_estimates(fw, source_text):
    for level in fw.levels:
        if level.id in ("pm", "senior-pm") and level.experience.years:
            assert level.experience.estimate


def test_every_competency_has_an_expectation_at_every_level_and_never_falls(fw):
    for comp in fw.competencies:
        depths = [level.expectations[comp.id] for level in fw.levels]
        assert depths == sorted(depths), f"{comp.id} falls going up: {depths}"
        assert set(comp.anchors) == {p.depth for p in fw.scale}
        assert comp.sources


def test_ladder_grows_overall(fw):
    totals = [sum(level.expectations.values()) for level in fw.levels]
    assert totals == sorted(totals) and len(set(totals)) == len(totals)


def all_statement_texts(fw) -> list[str]:
    texts = []
    for level in fw.levels:
        texts += [
            level.summary,
            *(
                s.text
                for g in (level.scope, level.responsibilities, level.education, level.hiring_signals, level.stand_out)
                for s in g
            ),
        ]
        texts += [c.text for c in level.readiness.criteria] if level.readiness else []
    for comp in fw.competencies:
        texts += [comp.summary, *comp.anchors.values(), *(a.text for a in comp.actions)]
    return texts


def test_facts_are_in_our_own_words(fw, source_text):
    """No statement repeats eight or more consecutive words of the source."""

    def words(text):
        return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))

    source_words = words(source_text)
    grams = {tuple(source_words[i : i + 8]) for i in range(len(source_words) - 7)}
    for text in all_statement_texts(fw):
        w = words(text)
        copied = [" ".join(w[i : i + 8]) for i in range(len(w) - 7) if tuple(w[i : i + 8]) in grams]
        assert not copied, f"copied from the source: {copied[0]!r}"


def test_title_confusions_and_variants(fw):
    verdicts = {c.id: c.verdict for c in fw.title_confusions}
    assert verdicts["program-management"] == "different-job"
    assert verdicts["pm-under-another-name"] == "maybe-pm"
    names = {t.lower() for c in fw.title_confusions for t in c.titles}
    assert {"delivery manager", "program manager", "project manager", "product owner"} <= names
    assert {v.id for v in fw.variants} == {"full", "compact"}


def test_compact_variant_folds_criteria_of_dropped_levels(fw):
    compact = builtin_framework("compact")
    assert compact.level_ids == ["pm", "director", "cpo"]
    assert compact.level("director").name == "Head of Product"
    pm_ids = {c.id for c in compact.level("pm").readiness.criteria}
    assert {c.id for c in fw.level("pm").readiness.criteria} <= pm_ids
    assert {c.id for c in fw.level("senior-pm").readiness.criteria} <= pm_ids


def test_find_level_by_titles(fw):
    assert fw.find_level("Senior PM").id == "senior-pm"
    assert fw.find_level("sr. product manager").id == "senior-pm"
    assert fw.find_level("Head of Product").id == "director"
    assert fw.find_level("vp").id == "vp"
    assert fw.find_level("astronaut") is None
