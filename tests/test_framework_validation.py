"""Broken framework files: each kind of mistake is reported with its file, line and field."""

from __future__ import annotations

import re

import pytest

from pmpath.framework import ProblemsError, framework_problems, parse_framework


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing needle."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return hits[occurrence - 1]


def test_builtin_text_is_valid(framework_text):
    assert framework_problems(framework_text, "standard.yaml") == []


def test_duplicate_level_id(framework_text):
    text = framework_text.replace("  - id: pm\n", "  - id: apm\n", 1)
    problems = framework_problems(text, "ladder.yaml")
    dup = [p for p in problems if "duplicate level id 'apm'" in p.message]
    assert dup and dup[0].field == "levels[1].id"
    exact = [i + 1 for i, line in enumerate(text.splitlines()) if line == "  - id: apm"]
    assert dup[0].line == exact[1]
    assert dup[0].file == "ladder.yaml"


@pytest.mark.parametrize(
    ("written", "mistake", "field", "message", "line_with"),
    [
        (  # a criterion naming a competency the framework does not have
            "competencies: [customer-empathy, leadership]",
            "competencies: [customer-empathy, telepathy]",
            "levels[0].readiness.criteria[1].competencies[1]",
            "unknown competency 'telepathy'",
            "telepathy",
        ),
        (  # a required field left out
            "    summary: Mid level; the point person for one product and drives its strategy and delivery.\n",
            "",
            "levels[1].summary",
            "required field is missing",
            "  - id: pm",
        ),
        (  # a typo'd field name
            "    short_name: Senior PM\n",
            "    short_name: Senior PM\n    shortname: Sr PM\n",
            "levels[2].shortname",
            "unknown field",
            "shortname: Sr PM",
        ),
        (  # more themes asked for than the level lists
            "      themes_needed: 5\n",
            "      themes_needed: 40\n",
            "levels[2].leveling.themes_needed",
            "between 1 and the 15 themes",
            "themes_needed: 40",
        ),
        (  # a statement naming an example posting the framework does not declare
            "source: apm-jd, posting: validity}",
            "source: apm-jd, posting: initech}",
            "levels[0].responsibilities[5].posting",
            "unknown example posting 'initech'",
            "posting: initech",
        ),
        (  # a gate of years leading people without its years
            "needs: years-leading, years: 5,",
            "needs: years-leading,",
            "levels[4].gates[0].years",
            "needs its number of years",
            "- {id: vp-leading-years",
        ),
        (  # a growth action for a depth the scale does not have
            "- {depth: 5, horizon: year, derived: true, source: cpo-jd,",
            "- {depth: 9, horizon: year, derived: true, source: cpo-jd,",
            "competencies[6].actions[3].depth",
            "outside the scale",
            "depth: 9",
        ),
        (  # an assumed company size that is not one of the sizes
            "  assumed_company_size: mid\n",
            "  assumed_company_size: galaxy\n",
            "rules.assumed_company_size",
            "unknown company size 'galaxy'",
            "assumed_company_size: galaxy",
        ),
        (  # a gate citing a section the framework does not declare
            "needs: leading-experience, source: director,",
            "needs: leading-experience, source: directorate,",
            "levels[3].gates[0].source",
            "unknown source section 'directorate'",
            "source: directorate",
        ),
    ],
)
def test_one_mistake_is_one_problem_at_its_line(framework_text, written, mistake, field, message, line_with):
    text = framework_text.replace(written, mistake, 1)
    (problem,) = framework_problems(text, "f.yaml")
    assert problem.field == field
    assert message in problem.message
    assert problem.line == line_of(text, line_with)


def test_levels_out_of_order(framework_text):
    # senior-pm expecting less strategy than pm below it
    text = framework_text.replace(
        "expectations: {customer-empathy: 3, prioritization: 4, execution: 4, communication: 4, data-metrics: 4, strategy: 4,",
        "expectations: {customer-empathy: 3, prioritization: 4, execution: 4, communication: 4, data-metrics: 4, strategy: 1,",
        1,
    )
    problems = framework_problems(text, "f.yaml")
    order = [p for p in problems if "levels out of order" in p.message]
    assert order and order[0].field == "levels[2].expectations.strategy"
    assert order[0].line == line_of(text, "data-metrics: 4, strategy: 1,")


def test_key_written_twice(framework_text):
    original = re.search(r"^version: .*$", framework_text, re.M)[0]
    text = framework_text.replace(original + "\n", original + '\nversion: "99.0.0"\n', 1)
    (problem,) = framework_problems(text, "f.yaml")
    assert problem.field == "version" and "written twice" in problem.message
    assert problem.line == line_of(text, 'version: "99.0.0"')


def test_bad_yaml_names_the_line():
    text = "id: x\nname: y\nlevels:\n  - id: a\n   name: broken indentation\n"
    (problem,) = framework_problems(text, "bad.yaml")
    assert "not valid YAML" in problem.message
    assert problem.line in (4, 5)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("id: x\na: &a\n  b: *a\n", 2, "alias refers to the mapping or list it sits inside"),
        ("id: x\nlist: &l [1, *l]\n", 2, "alias refers to the mapping or list it sits inside"),
        ("id: x\nversion: " + "9" * 5000 + "\n", 2, "a number of 5,000 characters is too long"),
        ("id: x\nversion: 2026-02-30\n", 2, "'2026-02-30' cannot be read: day is out of range"),  # a typo'd date
        ("id: x\nname: !!float abc\n", 2, "'abc' cannot be read"),
        ("id: x\n? [a, b]\n: c\n", 2, "a key must be a plain word or number"),
        ("\ufeff&a {id: x, levels: *a}\n", 1, "alias refers to the mapping or list it sits inside"),  # after a BOM
    ],
)
def test_yaml_that_cannot_be_read_is_a_problem_at_its_line(text, line, message):
    """An alias inside what it names makes data that contains itself, Python reads no integer of over
    4,300 digits, a tag may name a value that cannot be one: each is a problem on its line, not a crash."""
    (problem,) = framework_problems(text, "odd.yaml")
    assert message in problem.message and problem.line == line


def test_a_number_must_be_finite(framework_text):
    """YAML reads '.inf' and '.nan' as numbers; no setting means them ('in inf yrs', 'Infinity' in JSON)."""
    (problem,) = framework_problems(framework_text.replace("support_cap: 8.0", "support_cap: .inf", 1), "x.yaml")
    assert problem.field == "leveling.decision.support_cap" and "finite" in problem.message


def test_not_a_mapping():
    (problem,) = framework_problems("- just\n- a list\n", "list.yaml")
    assert "mapping" in problem.message


def test_depth_outside_scale_and_unknown_source(framework_text):
    text = framework_text.replace(
        "market-insight: 5}\n    readiness:\n      source: beyond",
        "market-insight: 9}\n    readiness:\n      source: nowhere",
        1,
    )
    problems = framework_problems(text, "f.yaml")
    messages = {p.field: p.message for p in problems}
    assert "outside the scale" in messages["levels[5].expectations.market-insight"]
    assert "unknown source section 'nowhere'" in messages["levels[5].readiness.source"]


def test_every_problem_is_reported_at_once(framework_text):
    text = framework_text.replace("  - id: pm\n", "  - id: apm\n", 1).replace(
        "[customer-empathy, leadership]", "[nope]", 1
    )
    assert len(framework_problems(text, "f.yaml")) >= 2
    with pytest.raises(ProblemsError) as caught:
        parse_framework(text, "f.yaml")
    assert "f.yaml:" in str(caught.value)


def test_json_file_is_accepted(fw):
    text = fw.model_dump_json(by_alias=True, indent=2)
    assert parse_framework(text, "f.json") == fw
