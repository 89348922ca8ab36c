"""The framework's leveling settings are validated like the rest of the file: each mistake is reported
with its line and field, and a framework without them levels with the built-in ones."""

from __future__ import annotations

import pytest

from pmpath.framework import framework_problems, parse_framework
from pmpath.leveling import Leveler


def line_of(text: str, needle: str) -> int:
    return next(i + 1 for i, line in enumerate(text.splitlines()) if needle in line)


@pytest.mark.parametrize(
    ("written", "mistake", "field", "message"),
    [
        (  # a phrase that names neither a source section nor says it is an estimate
            "{text: lead by example, weight: 3, source: senior}",
            "{text: lead by example, weight: 3}",
            "levels[2].leveling.phrases[0]",
            "give a source section",
        ),
        (  # a phrase citing a section the framework does not have
            "{text: lead by example, weight: 3, source: senior}",
            "{text: lead by example, weight: 3, source: seniors}",
            "levels[2].leveling.phrases[0].source",
            "unknown source section 'seniors'",
        ),
        (  # a default level the ladder does not have
            "  default_level: pm\n",
            "  default_level: mid\n",
            "leveling.default_level",
            "unknown level 'mid'",
        ),
        (  # a look-alike job pointing at a title confusion that does not exist
            "confusion: program-management, source: overview}",
            "confusion: programme, source: overview}",
            "leveling.roles.lookalikes[0].confusion",
            "unknown title confusion 'programme'",
        ),
        (  # an uploaded ladder asking the leveler to read more of a posting than the server accepts
            "  max_text: 200000\n",
            "  max_text: 50000000\n",
            "leveling.max_text",
            "less than or equal to 1000000",
        ),
        (  # thresholds under which the text could never reach the CPO level
            "    support_cap: 8.0",
            "    support_cap: 3.0",
            "leveling.decision",
            "could never reach it",
        ),
        (  # a level's posting years that neither cite the source nor say pmpath placed them
            "      years: [2, 4]\n      years_estimate: true  # the source names no figure for a PM\n",
            "      years: [2, 4]\n",
            "levels[1].leveling.years",
            "mark it pmpath's own (years_estimate: true)",
        ),
        (  # a years range both cited and marked pmpath's own
            "      years: [2, 4]\n      years_estimate: true  # the source names no figure for a PM\n",
            "      years: [2, 4]\n      years_estimate: true\n      years_source: pm\n",
            "levels[1].leveling.years_estimate",
            "not an estimate; keep one of the two",
        ),
        (  # a title word pointing at two levels
            "title_words: [vp, vice president, svp, evp, avp]",
            "title_words: [vp, vice president, svp, evp, avp, director]",
            "levels[4].leveling.title_words[5]",
            "already points at level 'director'",
        ),
    ],
)
def test_leveling_mistakes_name_their_line_and_field(framework_text, written, mistake, field, message):
    assert framework_text.count(written) >= 1
    text = framework_text.replace(written, mistake, 1)
    problems = [p for p in framework_problems(text, "ladder.yaml") if p.field == field]
    assert problems and message in problems[0].message, framework_problems(text, "ladder.yaml")
    assert problems[0].line is not None and problems[0].line <= line_of(text, mistake.strip().splitlines()[0]) + 1


def test_a_framework_without_leveling_settings_uses_the_built_in_ones(framework_text):
    start = framework_text.index("\nleveling:\n")
    end = next(
        (
            i
            for i in range(start + 2, len(framework_text))
            if framework_text.startswith("\n", i - 1) and framework_text[i].isalpha()
        ),
        len(framework_text),
    )
    fw = parse_framework(framework_text[:start] + "\n" + framework_text[end:], "ladder.yaml")
    assert fw.leveling is None
    result = Leveler(fw).level("Senior Product Manager", "Own the roadmap. 5+ years of experience.")
    assert result.level == "senior-pm" and result.years_required == 5


def test_every_posting_years_range_is_marked_where_it_comes_from(framework_text):
    """The built-in ladder's posting years are pmpath's placements (the source gives 10+ for directors
    and VPs and 10+ to 20+ for a CPO, none below): each range says so, and the file stays valid."""
    fw = parse_framework(framework_text)
    ranged = [level for level in fw.levels if level.leveling.years is not None]
    assert len(ranged) == len(fw.levels)
    assert all(level.leveling.years_estimate or level.leveling.years_source for level in ranged)
    assert [level.id for level in ranged if level.leveling.years_estimate][:3] == ["apm", "pm", "senior-pm"]
    assert framework_problems(framework_text, "ladder.yaml") == []


def test_a_framework_without_leveling_settings_borrows_only_the_look_alikes_it_names():
    """A company's ladder with no `leveling` section and fewer title confusions than the built-in one
    levels postings: the borrowed settings keep only look-alike jobs whose confusion it names."""
    from pmpath.framework import builtin_framework

    standard = builtin_framework()
    kept = [c for c in standard.title_confusions if c.id != "program-management"]
    fw = standard.model_copy(update={"leveling": None, "title_confusions": kept})
    leveler = Leveler(fw)
    assert leveler.level("Senior Product Manager", "You will own the roadmap.").level == "senior-pm"
    assert all(x.confusion != "program-management" for x in leveler.settings.roles.lookalikes)
