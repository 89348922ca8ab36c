"""The built-in framework says what the source says, all of it, in its own words."""

from __future__ import annotations

import itertools
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


def every_string(value, path=()):
    """Every string in the framework's data with its path, except the source's own headings (`sections`)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if path == () and key == "sections":
                continue
            yield (*path, key, "key"), str(key)  # keys are strings too (posting phrases, for one)
            yield from every_string(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from every_string(item, (*path, index))
    elif isinstance(value, str):
        yield path, value


def prose_words(markdown: str) -> list[str]:
    """The source's words as a reader sees them: link and image URLs dropped, their text kept."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"https?://\S+", " ", text)
    return words(text)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


RUN = 8  # consecutive words of the source that count as a copy


def test_facts_are_in_our_own_words(fw, source_text):
    """No string of the framework repeats eight or more consecutive words of the source's prose."""
    source_words = prose_words(source_text)
    grams = {tuple(source_words[i : i + RUN]) for i in range(len(source_words) - RUN + 1)}
    strings = list(every_string(fw.model_dump(mode="json", by_alias=True)))
    assert len(strings) > 500  # every string, not a chosen few
    copied = []
    for path, text in strings:
        w = words(text)
        copied += [(path, " ".join(w[i : i + RUN])) for i in range(len(w) - RUN + 1) if tuple(w[i : i + RUN]) in grams]
    assert not copied, f"copied from the source: {copied[:3]}"


def test_the_copy_check_reads_the_source_as_prose(source_text):
    """Link URLs are not words: a run interrupted by a link in the markdown is still found."""
    prose = prose_words(source_text)
    assert "https" not in prose and "www" not in prose and "cta" not in prose
    run = words("you may not set the product strategy or own the product roadmap")
    assert any(tuple(prose[i : i + len(run)]) == tuple(run) for i in range(len(prose)))


def test_what_pmpath_authored_is_marked(fw):
    assert all(point.derived for point in fw.scale)
    for comp in fw.competencies:
        assert comp.derived, f"{comp.id}: anchors are pmpath's reading"
        assert comp.actions and all(a.derived for a in comp.actions)
    for level in fw.levels:
        assert level.expectations_derived and level.titles_derived, level.id
        for criterion in level.readiness.criteria if level.readiness else []:
            assert all(a.derived for a in criterion.actions), criterion.id
        if level.experience.depends_on_size():
            assert level.experience.sizes_derived, level.id
    assert fw.rules.hold_vs_move and fw.rules.hold_vs_move.derived
    assert all(o.derived for o in fw.beyond.offramps)
    assert next(v for v in fw.variants if v.id == "compact").derived


def test_no_unsupported_additions(fw):
    texts = " ".join(text.lower() for _, text in every_string(fw.model_dump(mode="json", by_alias=True)))
    assert "side step" not in texts  # the source says program management is a different job, nothing more
    assert "business unit" not in texts and "operations across" not in texts  # GM and COO are only named
    compact = builtin_framework("compact")
    cpo = compact.level("cpo")
    cpo_texts = [cpo.summary, *(s.text for g in (cpo.scope, cpo.responsibilities, cpo.hiring_signals) for s in g)]
    cpo_texts += [c.text for level in compact.levels if level.readiness for c in level.readiness.criteria]
    cpo_texts += [o.text for o in compact.beyond.offramps]
    assert not any(re.search(r"\bvps?\b", t.lower()) for t in cpo_texts), "the compact ladder has no VPs"


@pytest.mark.parametrize(
    ("where", "words_expected", "section"),
    [
        ("about", ["size", "budget", "business goals"], "titles"),
        ("apm.scope", ["output", "budget", "scarce"], "apm-start"),
        ("director.responsibilities", ["product owner", "scrum"], "director-jd"),
        ("vp.responsibilities", ["cpo", "other functions"], "vp-jd"),
        ("vp.responsibilities", ["new features", "scaling"], "vp-jd"),
        ("beyond.points", ["senior product people", "organization"], "beyond"),
        ("beyond.points", ["product organization itself"], "beyond"),
    ],
)
def test_restored_facts_with_their_sections(fw, where, words_expected, section):
    if where == "about":
        statements = fw.about
    elif where.startswith("beyond."):
        statements = fw.beyond.points
    else:
        level_id, group = where.split(".")
        statements = getattr(fw.level(level_id), group)
    assert any(s.source == section and all(w in s.text.lower() for w in words_expected) for s in statements)


def test_example_job_descriptions_name_their_company(fw, source_text):
    companies = {p.company.split(" ")[0] for p in fw.example_postings}
    assert companies == {"Validity", "Square", "Amazon", "Salesforce", "Fast", "Michael"}
    for posting in fw.example_postings:
        assert posting.company.split(" (")[0] in source_text and posting.board in source_text
    named = set()
    for level in fw.levels:
        for group in ("scope", "responsibilities"):
            for statement in getattr(level, group):
                if statement.posting:
                    assert fw.posting(statement.posting).section == statement.source
                    named.add(statement.posting)
                elif statement.source in {"apm-jd", "senior-jd", "director-jd", "cpo-jd"}:  # only a posting there
                    raise AssertionError(f"{level.id}: '{statement.text}' restates a posting without naming it")
    assert named == {p.id for p in fw.example_postings}


def test_hold_vs_move_rule_is_written_in_the_file(framework_text):
    assert "hold_vs_move:" in framework_text and "what it takes to hold" in framework_text


def test_no_step_up_is_smaller_than_the_one_below_unless_the_framework_says_why(fw):
    totals = [sum(level.expectations.values()) for level in fw.levels]
    steps = [b - a for a, b in itertools.pairwise(totals)]
    assert all(step > 0 for step in steps)
    for i in range(1, len(steps)):
        level = fw.levels[i + 1]
        if steps[i] < steps[i - 1]:
            assert level.step_note and level.step_note.source in fw.sections, (
                f"the step to {level.id} (+{steps[i]}) is smaller than the one below (+{steps[i - 1]})"
            )
    senior, director = fw.level("senior-pm"), fw.level("director")
    assert sum(director.expectations.values()) - sum(senior.expectations.values()) >= 9


def test_senior_and_director_follow_the_source(fw):
    pm, senior, director = fw.level("pm"), fw.level("senior-pm"), fw.level("director")
    assert pm.expectations["strategy"] == 3  # PMs drive their area's strategy (pm-duties)
    for comp in ("strategy", "communication", "business-acumen"):  # long-term strategy, executives, cases
        assert senior.expectations[comp] > pm.expectations[comp]
    for comp in ("leadership", "process", "data-metrics"):  # leading PMs, processes, KPIs
        assert director.expectations[comp] == fw.max_depth > senior.expectations[comp]
    depth4 = fw.scale[3].meaning.lower()
    assert "coach" not in depth4 and "team of product managers" not in depth4
    assert "team of pms" in fw.scale[4].meaning.lower()


def test_gates_come_from_the_source(fw):
    director, vp = fw.level("director"), fw.level("vp")
    assert [(g.needs, g.source) for g in director.gates] == [("leading-experience", "director")]
    assert [(g.needs, g.years, g.source) for g in vp.gates] == [("years-leading", 5, "vp")]


def test_title_confusions_and_variants(fw):
    verdicts = {c.id: c.verdict for c in fw.title_confusions}
    assert verdicts["program-management"] == "different-job"
    assert verdicts["pm-under-another-name"] == "maybe-pm"
    assert "side step" not in next(c for c in fw.title_confusions if c.id == "program-management").text
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
