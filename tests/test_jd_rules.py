"""Every `jd lint` rule: a posting that triggers it and a near miss that does not; severity from the framework."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmpath.framework import ProblemsError, builtin_framework, parse_framework
from pmpath.jd import PostingError, lint_posting
from pmpath.reports.jd_text import lint_report

FW = builtin_framework()
FILLER = (
    "We build tools that help small shops sell online. You will work with engineering and design every day, "
    "talk to customers, write clear stories and keep a prioritized backlog that fits the roadmap. "
)


def lint(fw, text: str, **kwargs):
    """lint_posting with its findings in words, as every face shows them."""
    return lint_report(fw, lint_posting(fw, text, **kwargs))


def rules(result) -> list[str]:
    return [f.rule for f in result.findings]


def only(result, rule: str):
    found = [f for f in result.findings if f.rule == rule]
    assert len(found) == 1, result.findings
    return found[0]


def test_title_inflation_is_an_error_at_the_title(fw):
    text = (
        "Senior Product Manager\n\nThis is an entry level role for recent graduates. You will assist the product "
        "manager under the guidance of the team lead. " + FILLER
    )
    result = lint(fw, text)
    finding = only(result, "title-level")
    assert finding.severity == "error" and (finding.line, finding.column, finding.quote) == (
        1,
        1,
        "Senior Product Manager",
    )
    assert "Associate Product Manager" in finding.message and finding.source == "titles"
    assert result.title_level == "senior-pm" and result.text_level == "apm"


def test_one_level_apart_is_no_disagreement(fw):
    text = (
        "Product Manager\n\nThis is an entry level role for recent graduates. You will assist the product manager. "
        + FILLER
    )
    assert "title-level" not in rules(lint(fw, text))


def test_a_given_level_is_checked_against_the_text(fw):
    text = "An entry level role for recent graduates; you will assist the product manager. " + FILLER
    assert "title-level" in rules(lint(fw, text, level="director"))
    assert "title-level" not in rules(lint(fw, text, level="apm"))


def test_years_too_few_depend_on_company_size(fw):
    text = "Director of Product\n\nYou will lead a team of product managers and own the roadmap. " + FILLER
    text += "\nYou bring 5+ years of product management experience."
    assert "years-too-few" not in rules(lint(fw, text, company_size="startup"))
    finding = only(lint(fw, text, company_size="mid"), "years-too-few")
    assert finding.severity == "error" and finding.quote == "5+ years" and finding.line == 4
    assert "10+" in finding.message and finding.source == "director"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_lines_are_counted_whatever_the_line_ends(fw, newline):
    """Unix, Windows and old Mac line ends: the title is the first line and findings name the same line."""
    text = "Director of Product\n\nYou will lead a team of product managers and own the roadmap. " + FILLER
    text += "\nYou bring 5+ years of product management experience."
    result = lint(fw, text.replace("\n", newline), company_size="mid")
    finding = only(result, "years-too-few")
    assert (finding.line, finding.quote) == (4, "5+ years") and result.title == "Director of Product"


def test_a_director_asking_two_years(fw):
    text = (
        "Director of Product\n\nLead a team of product managers and own the roadmap. 2+ years of experience. " + FILLER
    )
    assert only(lint(fw, text), "years-too-few").quote == "2+ years"


def test_an_apm_asking_five_years_is_too_many(fw):
    text = "Associate Product Manager\n\n" + FILLER + "You have 5+ years of experience in product management."
    finding = only(lint(fw, text), "years-too-many")
    assert finding.quote == "5+ years" and "Senior Product Manager" in finding.message
    near = text.replace("5+ years", "1+ years")
    assert "years-too-many" not in rules(lint(fw, near))


def test_years_that_contradict_each_other(fw):
    text = (
        "Product Manager\n\n" + FILLER + "\nYou have 2+ years of experience in product management.\n"
        "- Qualifications: 8+ years of experience in product management.\n"
    )
    finding = only(lint(fw, text), "years-contradict")
    assert (
        finding.quote == "2+ years"
        and finding.line == 4
        and "line 5" in finding.message
        and finding.severity == "warning"
    )
    near = text.replace("8+ years", "3+ years")
    assert "years-contradict" not in rules(lint(fw, near))
    other = text.replace("8+ years of experience in product management", "10+ years of experience in tech companies")
    assert "years-contradict" not in rules(lint(fw, other))  # years of something else


def test_asks_two_levels_up(fw):
    text = "Associate Product Manager\n\n" + FILLER + "You will manage product managers and own the budget."
    found = [f for f in lint(fw, text).findings if f.rule == "asks-above-level"]
    assert [f.quote for f in found] == ["manage product managers", "own the budget"]
    assert {f.source for f in found} == {"director", "vp-duties"} and all(f.severity == "error" for f in found)


@pytest.mark.parametrize(
    "line",
    [
        "This is an individual contributor role with no direct reports.",
        "The role has no people management duties; you will learn from the PMs around you.",
        "You will not manage product managers.",
        "You don’t own the budget: your manager does.",
        "You will report to a people manager who coaches you every week.",
        "Reading a P&L statement is a plus.",
        "We don't expect you to manage product managers.",
    ],
)
def test_an_ask_the_posting_says_it_does_not_make_is_no_finding(fw, line):
    """A negation or the person the hire reports to, in the ask's clause, means the hire is not asked it."""
    assert "asks-above-level" not in rules(lint(fw, "Associate Product Manager\n\n" + FILLER + line))


def test_a_negation_in_another_clause_does_not_hide_an_ask(fw):
    for line in (
        "No experience needed. You will manage product managers.",
        "There are no silos here, but you will own the budget.",
        "You will own the P&L of the new product line.",
        "You will report to the Head of Product and manage product managers.",
        "No experience is needed and from day one you will own the budget.",
    ):
        found = [f.rule for f in lint(fw, "Associate Product Manager\n\n" + FILLER + line).findings]
        assert "asks-above-level" in found, line


def test_asks_of_the_next_level_are_no_finding(fw):
    senior = "Senior Product Manager\n\n" + FILLER + "You will manage product managers and set the strategy."
    director = senior.replace("Senior Product Manager", "Director of Product")
    assert "asks-above-level" not in rules(lint(fw, senior))
    assert "asks-above-level" not in rules(lint(fw, director))


def test_a_director_posting_that_never_leads_product_managers(fw):
    text = "Director of Product\n\n" + FILLER.replace("roadmap", "plan") + "You own the roadmap for payments."
    finding = only(lint(fw, text), "missing-core")
    assert "team of product managers" in finding.message and finding.source == "director-other"
    fixed = text + " You mentor the product managers of the payments group."
    assert "missing-core" not in rules(lint(fw, fixed))


def test_a_vp_posting_with_no_strategy_or_organization(fw):
    text = "VP of Product\n\n" + FILLER
    found = [f.message for f in lint(fw, text).findings if f.rule == "missing-core"]
    assert len(found) == 2
    fixed = text + "Set the product strategy and grow the product organization."
    assert "missing-core" not in rules(lint(fw, fixed))


PRODUCT_WORK = (
    "You own the roadmap, run discovery and user research, turn customer needs into product requirements, "
    "prioritize the backlog and plan the go-to-market of each feature. " * 2
)
PROGRAM_WORK = (
    "You track schedules, dependencies and risks across teams, run status meetings, keep budgets and "
    "timelines, and report progress to the steering committee. " * 2
)


def test_program_manager_title_over_product_work(fw):
    finding = only(lint(fw, "Senior Program Manager\n\n" + PRODUCT_WORK), "lookalike-title")
    assert "Senior Product Manager" in finding.fix and finding.quote == "Senior Program Manager"
    assert "lookalike-title" not in rules(lint(fw, "Senior Program Manager\n\n" + PROGRAM_WORK))
    assert "lookalike-title" not in rules(lint(fw, "Senior Product Manager\n\n" + PRODUCT_WORK))


def test_education_required_beyond_the_source(fw):
    text = "Product Manager\n\n" + FILLER + "\nA bachelor's degree in computer science is required."
    finding = only(lint(fw, text), "education-beyond")
    assert finding.quote == "bachelor's" and "No specific degree" in finding.message
    assert "education-beyond" not in rules(lint(fw, text.replace("is required", "is preferred")))
    assert "education-beyond" not in rules(lint(fw, text.replace("required", "required, or equivalent experience")))


def test_a_director_may_be_required_a_bachelors(fw):
    text = "Director of Product\n\nLead a team of product managers. " + FILLER + "\nA bachelor's degree is required."
    assert "education-beyond" not in rules(lint(fw, text))
    assert "education-beyond" in rules(lint(fw, text.replace("bachelor's", "MBA")))


def test_too_thin(fw):
    finding = only(lint(fw, "Product Manager\n\nJoin our team and build great things."), "too-thin")
    assert "words" in finding.message
    assert "too-thin" not in rules(lint(fw, "Product Manager\n\n" + FILLER * 3))


def test_a_first_line_that_is_no_title_is_not_read_as_one(fw):
    result = lint(fw, "About us\n\n" + FILLER * 3)
    assert result.title is None and result.level_from == "text"


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), ("   \n ", "empty"), ("abc\x00def", "binary"), ("x" * 200_001, "200,000")],
)
def test_bad_postings(fw, text, message):
    with pytest.raises(PostingError, match=message):
        lint(fw, text)


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"level": "wizard"}, "unknown level"), ({"company_size": "huge"}, "unknown company size")]
)
def test_unknown_level_or_size(fw, kwargs, message):
    with pytest.raises(PostingError, match=message):
        lint(fw, "Product Manager\n\n" + FILLER, **kwargs)


def _with_rule(fw, rule_id: str, severity: str):
    rules_ = {**fw.jd.rules, rule_id: fw.jd.rules[rule_id].model_copy(update={"severity": severity})}
    return fw.model_copy(update={"jd": fw.jd.model_copy(update={"rules": rules_})})


def test_severity_and_rules_off_come_from_the_framework(fw):
    text = "Associate Product Manager\n\n" + FILLER + "You will own the budget."
    assert lint(fw, text).errors == 1
    off = lint(_with_rule(fw, "asks-above-level", "off"), text)
    assert "asks-above-level" not in rules(off) and off.errors == 0
    lowered = lint(_with_rule(fw, "asks-above-level", "warning"), text)
    assert lowered.errors == 0 and lowered.failed() is False and lowered.failed(strict=True) is True


def test_a_jd_section_citing_an_unknown_section_is_invalid(framework_text):
    broken = framework_text.replace(
        "      source: titles\n    years-too-few:", "      source: nowhere\n    years-too-few:"
    )
    assert broken != framework_text
    with pytest.raises(ProblemsError) as error:
        parse_framework(broken, "ladder.yaml")
    problem = error.value.problems[0]
    assert "nowhere" in problem.message and problem.line and problem.field.startswith("jd.rules")


def test_html_postings_keep_their_title_and_places(fw):
    text = (
        '<h1 class="job">Senior Product Manager</h1><p>You own the roadmap and the strategy with executives.</p>'
        "<ul><li>You bring 2+&nbsp;years of experience in product management.</li></ul>"
    )
    result = lint(fw, text)
    assert result.title == "Senior Product Manager" and result.level_from == "title"
    finding = only(result, "years-too-few")
    assert text[finding.start : finding.end] == finding.quote == "2+&nbsp;years"


def test_years_leading_people_are_not_years_of_experience(fw):
    text = (
        "Senior Product Manager\n\n"
        + FILLER
        + "\n3+ years of experience in product management. 10+ years managing people and teams."
    )
    assert not {"years-too-few", "years-too-many"} & set(rules(lint(fw, text)))


WORDS = [
    "Senior",
    "Product",
    "Manager",
    "5+",
    "years",
    "experience",
    "degree",
    "required",
    "manage",
    "product",
    "managers",
    "budget",
    "own",
    "the",
    "roadmap",
    "<p>",
    "</p>",
    "&nbsp;",
    "\n",
    "# ",
    "Director",
    "P&L",
    ".",
    ",",
]


@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=8), min_size=1, max_size=60))
@settings(max_examples=150, deadline=None)
def test_any_text_lints_with_findings_that_point_at_their_words(words):
    """Whatever a posting holds, lint either rejects it with a message or every finding's place is real."""
    text = " ".join(words)
    try:
        result = lint(FW, text)
    except PostingError as error:
        assert str(error)
        return
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text) and text[f.start : f.end] == f.quote
        assert text.count("\n", 0, f.start) + 1 == f.line and f.column >= 1
        assert f.message and not f.fix.startswith("See the framework")  # every rule has its words
    assert result.errors == sum(f.severity == "error" for f in result.findings)


def test_a_saved_web_page_is_read_for_its_posting_not_its_markup(fw):
    """The head, scripts, styles and comments of a saved page are no part of the posting: the title is
    the page's heading, a phrase in a script is no ask, and every place points into the page as saved."""
    text = (
        "<!doctype html>\n<html><head><title>Careers at Acme</title>\n"
        '<style>h1 { color: red }</style><script>var ask = "manage a team of product managers";</script></head>\n'
        '<body><!-- own the budget --><h1 class="job">Associate <b>Product</b> Manager</h1>\n'
        "<p>" + FILLER + "</p>\n<ul><li>Own the budget of the product organization</li></ul></body></html>"
    )
    result = lint(fw, text)
    assert result.title == "Associate Product Manager" and result.level_from == "title"
    asks = [f for f in result.findings if f.rule == "asks-above-level"]
    assert [f.quote for f in asks] == ["Own the budget"] and asks[0].line == 6
    for f in result.findings:
        assert text[f.start : f.end] == f.quote and f.quote[:1] != "<" and f.quote[-1:] != ">"


def test_a_byte_order_mark_is_not_part_of_the_title(fw):
    result = lint(fw, "\ufeff# Senior Product Manager\n\n" + FILLER * 3)
    assert result.title == "Senior Product Manager" and result.level_from == "title"


def test_findings_read_as_english(fw):
    """One year is a year, an MBA takes 'an', statements run together keep one stop each."""
    senior = lint(
        fw, "Senior Product Manager\n\n" + FILLER * 2 + "You bring 1 year of experience in product management."
    )
    too_few = only(senior, "years-too-few")
    assert too_few.message.startswith("1 year asked,") and "the level 1 year fits" in too_few.fix
    director = lint(
        fw, "Director of Product\n\n" + FILLER * 2 + "You lead a team of product managers. An MBA is required."
    )
    degree = only(director, "education-beyond")
    assert degree.message.startswith("An MBA is required") and ".;" not in degree.message
    pm = lint(fw, "Product Manager\n\n" + FILLER * 2 + "A bachelor's is required.")
    assert only(pm, "education-beyond").message.startswith("A bachelor's degree is required")
    apm = lint(fw, "Associate Product Manager\n\n" + FILLER + "You will manage product managers.")
    assert ".)" not in only(apm, "asks-above-level").fix


def test_we_are_hiring_is_not_leading_a_team(fw):
    """'We're hiring a Director' names no duty of the role; hiring and developing people does."""
    body = (
        "We're hiring a Director of Product to own the roadmap of our billing suite. You will write specs, run "
        "sprint planning with engineering and design, and ship features every two weeks. "
    ) * 2
    director = lint(fw, "Director of Product\n\n" + body)
    assert "leads-product-managers" in [n for f in director.findings if f.rule == "missing-core" for n in f.names]
    vp = lint(fw, "VP of Product\n\n" + body.replace("Director of Product", "VP of Product"))
    assert "organization" in [n for f in vp.findings if f.rule == "missing-core" for n in f.names]
    led = lint(fw, "Director of Product\n\n" + body + "You will hire and develop the product managers.")
    assert "leads-product-managers" not in [n for f in led.findings if f.rule == "missing-core" for n in f.names]


def test_a_degree_the_posting_does_not_require_is_no_finding(fw):
    for line, found in (("We do not require a degree.", False), ("We require a bachelor's degree.", True)):
        result = lint(fw, "Product Manager\n\n" + FILLER * 2 + line)
        assert ("education-beyond" in rules(result)) is found, line


def test_markup_alone_is_no_posting(fw):
    for text in ("<script>alert(1)</script>", "<html><body><p> </p></body></html>", "<!-- draft -->"):
        with pytest.raises(PostingError, match="no text outside its HTML markup"):
            lint(fw, text)


def test_stray_angle_brackets_are_read_as_spaces_in_place():
    """A '<' that opens no tag is no markup; left in, every later reader scanned from each one to the
    end of the text (quadratic: 60,000 of them took over a minute, see benchmarks/jd_rules.py)."""
    from pmpath.jd.posting import readable

    text = "Senior PM <5 years> of <a <a <b>work</b>\nnext"
    seen = readable(text)
    assert len(seen) == len(text) and "<" not in seen and ">" not in seen
    assert seen.index("work") == text.index("work") and seen.count("\n") >= text.count("\n")


def test_a_lookalike_titles_seniority_is_not_the_level_checked(fw):
    """'Project Manager' names no product level: the text decides it, and the title is lookalike-title's
    to judge, never 'the title says Product Manager'."""
    text = (
        "Project Manager\n\n"
        + "You plan projects, track budgets and schedules, run status meetings and manage risks with vendors. " * 3
        + "\nYou bring 6+ years of project management experience, with people management of a team of five."
    )
    result = lint(fw, text)
    assert result.title == "Project Manager" and result.level_from == "text" and result.title_level is None
    assert "title-level" not in rules(result)
    assert all("Product Manager work" not in f.message for f in result.findings)


def test_years_of_the_same_experience_narrowed_to_a_domain_still_contradict(fw):
    text = (
        "Product Manager\n\n"
        + FILLER * 2
        + "\nAbout you: 2+ years of product management experience.\n"
        + "- 10+ years of product management experience in e-commerce.\n"
    )
    finding = only(lint(fw, text), "years-contradict")
    assert (finding.value, finding.other, finding.quote) == (2, 10, "2+ years")
    other_thing = text.replace("10+ years of product management experience in e-commerce", "10+ years in retail")
    assert "years-contradict" not in rules(lint(fw, other_thing))


def test_a_first_line_that_is_a_sentence_is_no_title(fw):
    """'We are a product company building payments.' is a sentence: read as a title it checked a
    Director posting as a PM posting and called the title deflated."""
    body = FILLER * 2 + "You lead a team of product managers and own the roadmap. 10+ years of experience."
    sentence = lint(fw, "We are a product company building payments.\n\n" + body)
    assert sentence.title is None and sentence.level_from == "text" and "title-level" not in rules(sentence)
    assert lint(fw, "Director of Product, Acme Inc.\n\n" + body).title == "Director of Product, Acme Inc."


def test_a_lookalike_posting_without_product_work_is_off_the_ladder(fw):
    """A project manager's years and duties are not a product level's: no level rule speaks to them."""
    text = (
        "Software Development Project Manager\n\n"
        + "You plan releases, track schedules and budgets, run status meetings and manage vendor risks. " * 3
        + "\nYou bring 8+ years of project management experience. A bachelor's degree is required."
    )
    result = lint(fw, text)
    assert result.off_ladder and result.findings == [] and result.level_from == "text"
    product = text + "\nYou own the product roadmap, run customer discovery and write product requirements."
    on = lint(fw, product)
    assert not on.off_ladder and "lookalike-title" in rules(on)
