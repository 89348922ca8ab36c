"""Text a stranger can send, built to make a regex backtrack or rescan: each is read with the answer a
reader would give. The time each takes lives in benchmarks/hostile_text.py (no timed unit tests); here,
the answers, and inputs that never finished before the patterns were restructured."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pmpath.framework import builtin_framework
from pmpath.jd import lint_posting
from pmpath.jd.posting import _HIDDEN, _blank, _without_hidden
from pmpath.jd.readings import MAX_FIGURES, read_posting
from pmpath.leveling import MAX_TITLE, leveler_for
from pmpath.leveling.clean import normalize, normalized_sentences, plain_text
from pmpath.leveling.evidence import Quotes, _kept_pattern, locate, occurrences_before
from pmpath.leveling.signals import MAX_UNITS


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


WORDS = ["5+", "5", "5+5+", "years", "of", "product", "r&d", "masters", "vice", "president"]
SEPARATORS = [" ", ". ", "\n- ", "<b>", "</b> ", "&amp;", "\\n", ", ", "<>", "’"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=1, max_size=40), st.randoms())
def test_quotes_located_in_one_scan_match_locating_each_alone(pieces, rng):
    text = "".join(word + sep for word, sep in pieces)
    norm = normalized_sentences(plain_text(text))
    asked = [
        (quote, m.start())
        for quote in ("5+ years", "years of product", "vice president", "r&d", "masters", "5", "5+")
        for m in re.finditer(rf"(?<![a-z0-9]){re.escape(quote)}(?![a-z0-9])", norm)
    ]
    rng.shuffle(asked)  # the order a reader asks in is its own: any order answers alike
    quotes = Quotes(text, norm)
    for quote, position in asked:
        assert quotes.locate(quote, position) == locate(text, quote, occurrences_before(norm, quote, position))


def test_a_posting_of_thousands_of_figures_is_read_for_its_first_hundred():
    # 6,000 list items of years (198,000 characters): each was located by a scan from the start and
    # each pair compared, minutes in all
    text = "Product Manager\n\n" + "".join(f"- {5 + i % 2} years of product management\n" for i in range(6_000))
    fw = builtin_framework()
    reading = read_posting(fw, "Product Manager", text)
    assert len(reading.years) == MAX_FIGURES
    assert [(f.years, f.start) for f in reading.years] == [
        (int(m[1]), m.start()) for m in re.finditer(r"(\d) years", text)
    ][:MAX_FIGURES]
    result = lint_posting(fw, text)
    assert result.level == "pm" and result.years_required == 6


MARKUP = ["<!--", "-->", "<script", "<SCRIPT ", "</script>", "</Script >", "<style", "</style>", "<head>", ">", "<"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*MARKUP, " ", "x", "\n", "<p>", "<scripts", "</noscript\n>"]), max_size=16))
def test_hidden_markup_is_blanked_as_the_one_pattern_would(pieces):
    text = "".join(pieces)
    assert _without_hidden(text) == _HIDDEN.sub(_blank, text)


def test_unclosed_script_tags_leave_the_words_after_them():
    # no '>' anywhere: no element opens, and each '<script' used to be scanned to the end (3 s here)
    text = "Senior Product Manager\n" + "<script " * 24_000 + "\n\nYou need 5+ years of product management."
    result = lint_posting(builtin_framework(), text)
    assert result.title == "Senior Product Manager" and result.years_required == 5


def test_a_posting_is_read_for_its_first_thousand_mentions_of_years():
    # the budget on mentions of years (7 at most in a real posting): a figure after it is not read
    text = "- 1 year of product management\n" * MAX_UNITS + "- 10 years of product management\n"
    assert leveler_for().level("Product Manager", text).years_required == 1
    assert leveler_for().level("Product Manager", text.replace("- 1 year", "- 2 years", 1)).years_required == 2


def test_a_degree_named_thousands_of_times_is_judged_where_it_is_required():
    # 49,000 bare 'MBA's: each used to cost a sentence search before the rule saw no 'required' near it
    text = "Product Manager\n\nYou will own the roadmap. " + "MBA " * 49_000 + "\n\nAn MBA is required."
    result = lint_posting(builtin_framework(), text)
    (finding,) = [f for f in result.findings if f.rule == "education-beyond"]
    assert (finding.quote, finding.start, finding.line) == ("MBA", text.rindex("MBA"), 5)


def test_a_first_line_longer_than_a_title_is_not_read_as_one():
    # one 'word' of 199,000 characters: its quote was compiled into one pattern, 5 s per reading
    text = "Product-Manager," * 12_437 + "\n\nYou will own the roadmap and talk to customers every week."
    result = lint_posting(builtin_framework(), text)
    assert result.title is None and result.level_from == "text"


def test_a_title_is_read_for_its_first_500_characters():
    title = "Product Manager " + "-" * MAX_TITLE + " Senior Product Manager"
    assert leveler_for().level(title, "You will own the roadmap.").level == "pm"
    assert leveler_for().level(title.replace("-", ""), "You will own the roadmap.").level == "senior-pm"


def test_every_phrase_in_one_long_optional_sentence_counts_at_the_optional_share():
    # every phrase the framework lists, in one sentence of 200,000 characters that ends 'a plus':
    # each phrase used to search the whole sentence for the optional words
    leveler = leveler_for()
    phrases = " ".join(leveler.phrases)
    text = (phrases + " ") * (199_000 // (len(phrases) + 1)) + "a plus"
    share = leveler.settings.weights.optional
    found = [e for e in leveler.level(None, text).evidence if e.kind == "phrase"]
    assert len(found) > 100  # (a phrase inside a longer one, or after 'no', is not counted)
    for e in found:
        weights = {weight for level, weight, _ in leveler.phrases[normalize(e.quote)] if level == e.level}
        assert e.weight / share in weights


def test_the_patterns_of_long_titles_are_not_kept():
    # a plain title is quoted whole; each distinct 500-character one kept a 50 KB pattern (200 MB in all)
    before = _kept_pattern.cache_info().currsize
    for n in range(20):
        title = f"Product Manager {n} " + " ".join(f"team{i}" for i in range(60))
        found = next(e for e in leveler_for().level(title, "You will own the roadmap.").evidence if e.kind == "title")
        assert found.quote == title.strip()
    assert _kept_pattern.cache_info().currsize == before


def test_a_title_field_after_a_run_of_spaces_is_read():
    # the spaces after 'title:' are the pattern's own: a value free to start with them split the run
    text = "title:" + " " * 1400 + "Head of Product\n\nYou will set the product vision."
    assert leveler_for().titles.in_text(text) == ("Head of Product", 1406)
    assert leveler_for().titles.in_text("title:" + " " * 1400 + '"\n\nYou will set the product vision.') is None
