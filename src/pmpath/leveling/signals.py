"""Figures read from a posting's words: years of experience asked for, years leading people, direct
reports; and degrees named. The words each reader looks for come from the framework's `leveling.signals`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice

from pmpath.framework.leveling_model import Signals

from .clean import SENTENCE_BREAK

# mentions of years read in one posting: real ones make 7 at most (195 dev postings), and each costs a
# few regex searches, so a text of nothing else ('5+yrs' 33,000 times in 200,000 characters) took 0.38 s
MAX_UNITS = 1_000


@dataclass(frozen=True)
class Figure:
    """A number a posting asks for, the normalized words that say it and where they start."""

    value: int
    quote: str
    position: int
    # a team counted without a verb of leading ('a team of 4 PMs'): whose team it is, the words before say
    unowned: bool = False


def _words(words: list[str]) -> str:
    """An alternation of whole normalized words or phrases, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class SignalReader:
    """Compiled once per framework: finds the figures a normalized posting asks for."""

    def __init__(self, signals: Signals):
        self.numbers = dict(signals.number_words)
        self.max_years = signals.max_years
        number = rf"(?:\d{{1,2}}|{_words(list(self.numbers))})"
        self.decades = set(signals.decade_words)
        # the unit, found first: the word is rare, the figures before it are many
        # searched in ' ' + text: a leading space is a literal the engine scans for fast, and a word start
        self.unit = re.compile(rf" (?:years?|yrs?|{_words(signals.decade_words)})(?![a-z0-9])")
        # '5+yrs', '10years': the unit written onto its figure (found only when a figure is followed by
        # a 'y'; its first character stands where the space stands in `unit`, so the rest reads alike)
        self.glued = re.compile(r"[0-9+](?:years?|yrs?)(?![a-z0-9])")
        # what stands before it: '5+', '8 10' (from 8-10), '5 to 7', '5 or more', 'seven', 'a' (decade);
        # the lower figure is the one asked for, and a figure is never part of '119'
        # a range joins two figures by 'to' or 'or', or two digits by a hyphen ('3-5' normalizes to '3 5');
        # a number word next to a figure belongs to something else ('join team one. 5+ years': the
        # sentence end is lost before a digit, so 'one 5+' would read as a range from one)
        self.figure = re.compile(
            rf"(?<![a-z0-9])({number}|an?)\s*\+?\s*(?:(?:(?:to|or)\s*{number}|(?<=[0-9] )\d{{1,2}})(?![a-z0-9])\s*\+?\s*)?"
            r"(?:(?:plus|or more|and more|or above)\s+)?$"
        )
        # where the next figure starts, in digits or words: what follows it is its context, not this one's
        # ('twelve years of experience, including two years managing PMs' leads for two, not twelve)
        self.next_figure = re.compile(rf"\d|(?<![a-z0-9])(?:{_words(list(self.numbers))})(?![a-z0-9])")
        self.after = re.compile(rf"(?<![a-z0-9])(?:{_words(signals.experience_after)})(?![a-z0-9])")
        self.label = re.compile(rf"(?<![a-z0-9])(?:{_words(signals.experience_before)})(?![a-z0-9])")
        # a field and its value: 'Years of experience: 7+', 'Years of product experience required: 5';
        # after the unit, a label word within a few words, then a figure that ends the item
        self.figure_after = re.compile(
            rf"(?:\s+[a-z]+){{0,3}}?\s+(?:{_words(signals.experience_before)})(?:\s+[a-z]+){{0,2}}?"
            rf"\s+(\d{{1,2}})\s*\+?\s*(?=\{SENTENCE_BREAK}|$)"
        )
        self.not_experience = re.compile(rf"^\s*(?:\S+\s+){{0,2}}?(?:{_words(signals.not_experience)})(?![a-z0-9])")
        ceiling = _words(signals.ceiling_before)
        self.ceiling = re.compile(rf"(?<![a-z0-9])(?:{ceiling})\s*$") if ceiling else None
        self.history = re.compile(rf"(?<![a-z0-9])(?:{_words(signals.history_before)})\s*$")
        self.leading = re.compile(rf"(?<![a-z0-9])(?:{_words(signals.leading_words)})(?![a-z0-9])")
        self.people = re.compile(rf"(?<![a-z0-9])(?:{_words(signals.people_words)})(?![a-z0-9])")
        # a second figure in a sentence of years may leave its unit out: '10+ years of experience, 3+
        # managing PMs', '12 years, at least 6 of them leading product teams'
        self.elided = re.compile(
            rf"(?<![a-z0-9])({number})\s*\+?\s+(?:of\s+(?:them|which|those|these)\s+)?(?:(?:in|of|with)\s+)?"
            rf"(?=(?:{_words(signals.leading_words)})(?![a-z0-9]))"
        )
        verbs = _words(signals.report_verbs)
        count = rf"({number})(?:\s+(?:(?:to|or)\s+)?{number})?\s*\+?\s*$"  # '3-5' reads 3
        # found from the people named backwards, as years are: '10+ direct reports'; 'manage 4 PMs';
        # '(lead) a team of four product managers'
        self.report_nouns = re.compile(rf" (?:{_words(signals.report_nouns)})(?![a-z0-9])")
        self.report_count = re.compile(rf"(?<![a-z0-9]){count}")
        # 'manage 4 PMs', 'lead a (the, our, your) team of 6 PMs'; a team counted with no verb before it
        # may be the role's or its peers': the leveler reads the words before
        self.managed_count = re.compile(
            rf"(?<![a-z0-9])(?:(?:{verbs})\s+(?:(?:an?|the|our|your|this)\s+)?(?:team\s+of\s+)?|team\s+of\s+)"
            rf"(?:up to\s+)?{count}"
        )
        # '4 product managers (who will) report (directly) to you', '3 PMs and two designers report to
        # you': the people named first (others may be named with them), then to whom
        to_role = _words(signals.report_to_role)
        self.reporting_to_role = (
            re.compile(
                rf"^(?:\s+(?:and|&|plus)(?:\s+[a-z0-9+]+){{1,3}}?)?\s+(?:(?:who|that|will|would)\s+){{0,2}}"
                rf"(?:{to_role})(?![a-z0-9])"
            )
            if to_role
            else None
        )

    def _number(self, token: str) -> int:
        if token.isdigit():
            return int(token)
        return 1 if token in ("a", "an") else self.numbers[token]

    def years(self, norm: str) -> tuple[Figure | None, Figure | None]:
        """(years of experience asked for, years leading people) from normalized text with sentence breaks.

        The largest experience figure wins ('5+ years, 3 in product' asks for 5); figures about the
        company ('10 years old', 'in business for 10 years'), time frames and absurd ones are ignored.
        """
        best: Figure | None = None
        leading: Figure | None = None
        spaced = " " + norm
        units: Iterator[re.Match[str]] = self.unit.finditer(spaced)
        if _glued_unit(norm):
            units = chain(units, self.glued.finditer(spaced))
        unit_ends: list[int] = []
        for unit in islice(units, MAX_UNITS):
            start, end = unit.start(), unit.end() - 1  # in norm: the word after the space
            unit_ends.append(end)
            match = self.figure.search(norm, max(0, start - 40), start)
            if match is None:
                field = self.figure_after.match(norm, end)
                value = int(field[1]) if field is not None else 0
                if field is not None and value <= self.max_years and (best is None or value > best.value):
                    best = Figure(value, norm[start : field.end(1)], start)
                continue
            decade = unit.group(0)[1:] in self.decades
            if match[1] in ("a", "an") and not decade:
                continue  # 'a year' asks for nothing
            value = self._number(match[1]) * (10 if decade else 1)
            # the sentence's ends are looked for only as far as they are read (40 characters before the
            # figure, 120 after the unit): a scan to a sentence's ends was one per unit
            sentence_start = norm.rfind(SENTENCE_BREAK, max(0, match.start() - 40), match.start()) + 1
            sentence_end = norm.find(SENTENCE_BREAK, end, end + 120)
            sentence_end = len(norm) if sentence_end < 0 else sentence_end
            after = " " + " ".join(norm[end : min(sentence_end, end + 120)].split()[:8])
            cut = self.next_figure.search(after)  # the context of this figure, not of the next
            after = after[: cut.start()] if cut else after
            before = norm[max(sentence_start, match.start() - 40) : match.start()]
            if value > self.max_years or self.not_experience.search(after):
                continue
            if self.history.search(norm[max(0, match.start() - 30) : match.start()]):
                continue
            alone = not after.strip() and not before.strip()  # a list item '- 5+ years'
            labelled = bool(self.label.search(" ".join(before.split()[-4:])))
            if not (alone or labelled or self.after.search(after)):
                continue
            first = match.start()
            ceiling = self.ceiling.search(norm, max(sentence_start, first - 20), first) if self.ceiling else None
            if ceiling is not None:  # 'up to 3 years', 'less than 2 years': none asked at the least
                value, first = 0, ceiling.start()
            figure = Figure(value, norm[first:end], first)
            if (
                self.leading.search(after[:50])
                and self.people.search(after)
                and (leading is None or value > leading.value)
            ):
                leading = figure
            if best is None or value > best.value:
                best = figure
        if leading is None and best is not None:
            leading = self._elided_leading(norm, unit_ends)
        return best, leading

    def _elided_leading(self, norm: str, unit_ends: list[int]) -> Figure | None:
        """Years leading people given after the years asked, their unit left out: '10+ years of
        experience, 3+ managing PMs'. Looked for only in the rest of a sentence that named years, as
        far as such a sentence reaches (120 characters after the unit)."""
        found = None
        for end in unit_ends:
            stop = norm.find(SENTENCE_BREAK, end, end + 120)
            for match in self.elided.finditer(norm, end, stop if stop >= 0 else end + 120):
                found = self._elided_figure(norm, match, found)
        return found

    def _elided_figure(self, norm: str, match: re.Match[str], found: Figure | None) -> Figure | None:
        """The figure of one elided match when it is years leading people and larger than `found`: the
        people led are named within two words of the leading word ('3+ managing product managers';
        '3 leading companies in teams' is no leading)."""
        lead = self.leading.match(norm, match.end())
        if lead is None:
            return found
        near = " ".join([lead.group(0), *norm[lead.end() : lead.end() + 60].split()[:2]])
        value = self._number(match[1])
        if self.people.search(near) and value <= self.max_years and (found is None or value > found.value):
            return Figure(value, norm[match.start() : lead.end()].strip(), match.start())
        return found

    def direct_reports(self, norm: str) -> Figure | None:
        """The largest number of direct reports (or product people managed) a normalized posting names."""
        return max(self.report_figures(norm), key=lambda f: f.value, default=None)

    def report_figures(self, norm: str) -> Iterator[Figure]:
        """Every number of direct reports or product people managed a normalized posting names: '10+
        direct reports', 'manage 4 PMs', 'a team of four product managers', '3 PMs report to you'. A
        team counted without a verb ('team of 4 PMs') may be the role's or its peers': the leveler
        decides by the words before it."""
        for noun in self.report_nouns.finditer(" " + norm):
            start = noun.start()  # in norm: the word after the space
            before = self.report_count if noun.group(0) == " direct reports" else self.managed_count
            match = before.search(norm, max(0, start - 60), start)
            end = noun.end() - 1
            if match is None and self.reporting_to_role is not None:
                to_role = self.reporting_to_role.match(norm[end : end + 60])
                match = self.report_count.search(norm, max(0, start - 20), start) if to_role else None
                end = end + to_role.end() if to_role and match else end
            if match is None:
                continue
            value = self._number(match[1])
            if value:
                unowned = norm.startswith("team of ", match.start())
                yield Figure(value, norm[match.start() : end], match.start(), unowned)


def _glued_unit(norm: str) -> bool:
    """Whether a unit of years is written onto a figure ('5+yrs'): each 'yr' or 'year' found by a fast
    substring search, and the character before it checked (a regex over the whole text costs more)."""
    for unit in ("yr", "year"):
        at = norm.find(unit, 1)
        while at > 0:
            if norm[at - 1] in "0123456789+":
                return True
            at = norm.find(unit, at + 1)
    return False


def degree_names(found: set[str], order: list[str]) -> list[str]:
    """Degrees named, in the framework's order; a bare 'degree' only when no specific one is named."""
    named = [name for name in order if name in found and name != "degree"]
    return named or (["degree"] if "degree" in found else [])


@lru_cache(maxsize=8)
def _reader(signals: Signals | None) -> SignalReader:
    if signals is None:
        from pmpath.framework import builtin_framework
        from pmpath.leveling.settings import settings_of

        signals = settings_of(builtin_framework()).signals
    return SignalReader(signals)


def years_asked(norm: str, signals: Signals | None = None) -> tuple[Figure | None, Figure | None]:
    """(years of experience asked for, years leading people) read with a framework's signal words, the
    built-in ones by default; `leveler_for(fw).signals.years` reads with a given framework's."""
    return _reader(signals).years(norm)
