"""`pmpath jd draft`: every level and company size drafts a posting that lints clean and levels at its level."""

from __future__ import annotations

import json
import re

import pytest

from pmpath.jd import build_draft, lint_posting
from pmpath.reports.jd import draft_html, draft_markdown

LEVELS = ["apm", "pm", "senior-pm", "director", "vp", "cpo"]
SIZES = [None, "startup", "mid", "enterprise"]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("level", LEVELS)
def test_every_draft_lints_clean_at_its_level(fw, level, size):
    text = draft_markdown(fw, build_draft(fw, level, size, "Acme"))
    result = lint_posting(fw, text, company_size=size)
    assert result.level == level and result.level_from == "title"
    assert result.findings == [], [(f.rule, f.quote, f.points_to) for f in result.findings]


@pytest.mark.parametrize("level", LEVELS)
def test_pmpath_level_reads_each_draft_at_its_own_level(cli, tmp_path, level):
    posting = tmp_path / f"{level}.md"
    for size in SIZES[1:]:
        result = cli("jd", "draft", level, "--company-size", size, "--out", str(posting))
        assert result.exit_code == 0, result.output
        leveled = cli("level", str(posting), "--format", "json")
        assert json.loads(leveled.output)["level"] == level, (size, leveled.output)


def test_years_follow_the_company_size(fw):
    startup = draft_markdown(fw, build_draft(fw, "cpo", "startup"))
    enterprise = draft_markdown(fw, build_draft(fw, "cpo", "enterprise"))
    assert "10+ years" in startup and "20+ years" in enterprise and "large enterprise" in enterprise


def test_a_draft_reads_as_a_posting(fw):
    text = draft_markdown(fw, build_draft(fw, "director", "mid", "Acme"))
    assert text.startswith("# Director of Product\n")
    assert "Acme is looking for a Director of Product: leads a team of PMs" in text
    for heading in ("## What you will do", "## What you bring", "## What we look for", "## How to stand out"):
        assert heading in text
    assert "Head of Product" in text.splitlines()[4]  # the usual aliases, noted under the title
    assert "§" not in text and "source" not in text.lower()
    assert "Our team is looking for an Associate Product Manager" in draft_markdown(fw, build_draft(fw, "apm"))


def test_with_sources_cites_each_line(fw):
    text = draft_markdown(fw, build_draft(fw, "vp"), with_sources=True)
    duties = [line for line in text.splitlines() if line.startswith("- ")]
    assert duties and all("_(§ " in line for line in duties)
    assert "§ VP of Product > Duties and Responsibilities" in text


def test_drafts_are_in_our_own_words(fw, source_text):
    words = re.findall(r"[a-z0-9]+", source_text.lower())
    grams = {tuple(words[i : i + 8]) for i in range(len(words) - 7)}
    for level in LEVELS:
        w = re.findall(r"[a-z0-9]+", draft_markdown(fw, build_draft(fw, level, "mid", "Acme")).lower())
        copied = [" ".join(w[i : i + 8]) for i in range(len(w) - 7) if tuple(w[i : i + 8]) in grams]
        assert not copied, f"{level}: copied from the source: {copied[0]!r}"


def test_draft_formats(cli, tmp_path):
    data = json.loads(cli("jd", "draft", "senior-pm", "--format", "json").output)
    assert data["level"] == "senior-pm" and data["sections"][0]["lines"][0]["source"] == "senior"
    html = cli("jd", "draft", "Head of Product", "--format", "html", "--with-sources").output
    assert "<h1>Director of Product</h1>" in html and "§ Director of Product" in html
    pdf = tmp_path / "draft.pdf"
    result = cli("jd", "draft", "cpo", "--format", "pdf", "--out", str(pdf))
    assert result.exit_code == 0 and pdf.read_bytes().startswith(b"%PDF")
    assert cli("jd", "draft", "cpo", "--format", "pdf").exit_code == 2


def test_draft_html_escapes_the_company(fw):
    html = draft_html(fw, build_draft(fw, "pm", None, "<script>x</script>"))
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt; is looking for" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["wizard"], "unknown level 'wizard'"),
        (["pm", "--company-size", "huge"], "unknown company size 'huge'"),
        (["pm", "--format", "docx"], "--format must be one of"),
    ],
)
def test_draft_bad_input(cli, args, message):
    result = cli("jd", "draft", *args)
    assert result.exit_code == 2 and message in " ".join(result.output.split())


def test_a_compact_ladder_drafts_and_lints_its_own_levels():
    from pmpath.framework import builtin_framework

    compact = builtin_framework("compact")
    text = draft_markdown(compact, build_draft(compact, "director", "mid"))
    assert text.startswith("# Head of Product\n")
    result = lint_posting(compact, text, company_size="mid")
    assert result.level == "director" and result.findings == []


def test_draft_out_makes_missing_folders_and_names_an_unwritable_path(cli, tmp_path):
    md, pdf = tmp_path / "new" / "deep" / "apm.md", tmp_path / "other" / "apm.pdf"
    assert cli("jd", "draft", "apm", "--out", str(md)).exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("# Associate Product Manager")
    assert cli("jd", "draft", "apm", "--format", "pdf", "--out", str(pdf)).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    (tmp_path / "file").write_text("x")
    blocked = cli("jd", "draft", "apm", "--out", str(tmp_path / "file" / "apm.md"))  # a file where a folder is
    assert blocked.exit_code == 2 and "cannot write" in " ".join(blocked.output.split())


def test_a_draft_speaks_to_candidates_once(fw):
    """A posting says each thing once, in a posting's voice: no years restated under another heading,
    no talk of what the ladder 'names'."""
    for level in LEVELS:
        for size in SIZES:
            text = draft_markdown(fw, build_draft(fw, level, size))
            assert " is named" not in text, level
            figures = re.findall(r"(?i)\b(\d+\+|ten or more|at least five) years", text)
            assert len(figures) == len(set(figures)) <= 2, (level, figures)  # the years asked, and of leading
    vp = draft_markdown(fw, build_draft(fw, "vp", "enterprise"))
    assert "Ten or more years" not in vp and "10+ years of experience in product management" in vp


def test_every_skipped_or_reworded_statement_is_one_of_the_ladder(fw):
    """A typo, or a statement the ladder has since changed, would silently stop a skip or a rewording."""
    texts = {
        s.text
        for lv in fw.levels
        for part in (lv.scope, lv.responsibilities, lv.education, lv.hiring_signals, lv.stand_out)
        for s in part
    } | {lv.summary for lv in fw.levels}
    words = fw.jd.draft
    assert set(words.skip) <= texts and set(words.reword) <= texts
    assert all(line not in texts for line in words.reword.values())  # a rewording says it anew


def test_a_drafts_opening_is_a_sentence(fw):
    """The opening says what the role is in a sentence, not in the ladder's shorthand ('Mid level; ...')."""
    for level in LEVELS:
        opening = build_draft(fw, level, "mid").sections[0].lines[0].text
        assert "level;" not in opening and " and drives " not in opening, opening
    sized = draft_markdown(fw, build_draft(fw, "director", "startup"))
    assert "typical for the role at a startup or small company like ours" in sized
