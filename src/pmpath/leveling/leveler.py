"""A posting's true level: title and text evidence weighed against the framework's levels.

Every vote comes from the framework (title words, posting years, phrases per level) and every weight,
threshold and confidence from its `leveling` section, so a company's own ladder levels postings
without code changes. Reading a posting (`read`) is kept apart from deciding (`decide`), so the
evaluation can tune the decision on some companies and measure it on others without reading twice.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import accumulate

from pmpath.framework import Framework
from pmpath.framework.leveling_model import Confidence, Decision, PostingLeveling, Weights

from .clean import SENTENCE_BREAK, normalize, normalized_words, plain_text, without_board_fields
from .evidence import Evidence, locate, occurrences_before
from .phrases import PhraseIndex
from .settings import settings_of
from .signals import Figure, SignalReader, degree_names
from .titles import TitleReader, TitleReading

# what decided a posting's level: the Confidence setting that says how often such a reading is right
BASES = (
    "title_agrees",
    "title_one_off",
    "title_far",
    "plain_title",
    "named_role",
    "text_moved",
    "text_default",
    "text_unread",  # no title, and the text is not in a language the readers know
)


@dataclass
class PostingLevel:
    """What `pmpath level` says of one posting."""

    level: str
    confidence: float
    normalized_title: str
    years_required: int | None
    years_leading: int | None = None
    education: list[str] = field(default_factory=list)
    role: str = "pm"  # one of titles.ROLES
    role_note: str | None = None
    title_level: str | None = None
    text_level: str | None = None
    disagreement: int | None = None  # levels between title and text, when two or more
    text_silent: bool = False  # the text says nothing of the level (or is not read): text_level is the default
    basis: str = "text_default"  # one of BASES
    competencies: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)  # how likely each level is, from the text

    def to_dict(self) -> dict:
        """JSON-ready values; evidence as objects (the faces add their own line of text)."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["evidence"] = [e.to_dict() for e in self.evidence]
        return data


@dataclass(frozen=True)
class Reading:
    """Everything read from one posting, before any threshold is applied."""

    title: TitleReading
    # (ladder position, strength, kind): a phrase's strength is its weight; a figure's, theme's or named
    # role's is 1 (or the optional share), and the framework's weight for its kind applies when deciding
    votes: tuple[tuple[float, float, str], ...]
    evidence: tuple[Evidence, ...]
    years: int | None
    leading: int | None
    education: list[str]
    competencies: list[str]
    named: str | None  # the level the posting's own name for the role gives with a seniority word
    unread: bool = False  # the text is not English: nothing was read from it
    carried: bool = False  # the title was read in the posting's wrapper, none was given


def _sequences(words: list[str]) -> list[tuple[str, ...]]:
    """The framework's words or phrases as normalized word sequences, each once."""
    return sorted({tuple(normalize(w).split()) for w in words if normalize(w)})


def _fitting(value: int, ranges: dict[str, tuple[int, int]], nearest: bool) -> list[str]:
    """Levels whose framework range holds the value; with `nearest`, the closest one when none does."""
    inside = [lid for lid, (lo, hi) in ranges.items() if lo <= value <= hi]
    if inside or not nearest:
        return inside
    return [min(ranges, key=lambda lid: min(abs(value - ranges[lid][0]), abs(value - ranges[lid][1])))]


class Leveler:
    """Compiled once per framework; `level()` is then a handful of regex scans per posting."""

    def __init__(self, fw: Framework, settings: PostingLeveling | None = None):
        self.fw = fw
        self.settings = settings or settings_of(fw)
        self.ids = fw.level_ids
        self.rank = {level_id: i for i, level_id in enumerate(self.ids)}
        self.default = self.settings.default_level
        self.titles = TitleReader(fw, self.settings)
        self.signals = SignalReader(self.settings.signals)
        self.phrases: dict[str, list[tuple[str, float, str | None]]] = {}
        self.groups: set[str] = set()  # phrases naming a group of people, who leads it unsaid
        self.years: dict[str, tuple[int, int]] = {}
        self.reports: dict[str, tuple[int, int]] = {}
        self.themes: list[tuple[str, int, str | None, re.Pattern[str], dict[str, str]]] = []
        for level in fw.levels:
            hints = level.leveling
            for phrase in hints.phrases:
                self.phrases.setdefault(normalize(phrase.text), []).append((level.id, phrase.weight, phrase.source))
                if phrase.group:
                    self.groups.add(normalize(phrase.text))
            if hints.years:
                self.years[level.id] = hints.years
            if hints.reports:
                self.reports[level.id] = hints.reports
            if hints.themes:
                theme_of = {normalize(start): theme for theme, starts in hints.themes.items() for start in starts}
                starts = "|".join(re.escape(w) for w in sorted(theme_of, key=len, reverse=True))
                pattern = re.compile(rf" (?:{starts})")  # searched in ' ' + text: a fast literal, a word start
                self.themes.append((level.id, hints.themes_needed, hints.themes_source, pattern, theme_of))
        # one index for everything found word by word: level phrases, competency keywords, degrees
        entries: list[tuple[str, tuple[str, str]]] = [(p, ("phrase", p)) for p in self.phrases]
        short = {normalize(long): normalize(form) for long, form in self.settings.signals.short_forms.items()}
        entries += [  # 'manage PMs' is 'manage product managers' shortened
            (f" {p} ".replace(f" {long} ", f" {form} ").strip(), ("phrase", p))
            for p in self.phrases
            for long, form in short.items()
            if f" {long} " in f" {p} "
        ]
        entries += [(normalize(k), ("competency", c.id)) for c in fw.competencies for k in c.keywords]
        degrees = self.settings.signals.degrees
        entries += [(normalize(word), ("degree", name)) for word, name in degrees.items()]
        self.degree_order = list(dict.fromkeys(degrees.values()))
        self.index: PhraseIndex[tuple[str, str]] = PhraseIndex(entries)
        self.self_ref_re = self._self_reference()
        signals = self.settings.signals
        self.negations = frozenset(normalize(w) for w in signals.negations)
        self.english = frozenset(normalize(w) for w in signals.english_words)
        self.not_negations = frozenset(normalize(w) for w in signals.not_negations)
        self.beside = _sequences(signals.beside_words)
        self.own_team = _sequences(signals.own_team_words)
        self.denials = _sequences(signals.denials_after)
        self.denial_starts = frozenset(denial[0] for denial in self.denials)
        self.nulls = _sequences(signals.null_values)
        optional = "|".join(re.escape(normalize(w)) for w in sorted(signals.optional_words, key=len, reverse=True))
        self.optional_re = re.compile(rf"(?<![a-z0-9])(?:{optional})(?![a-z0-9])") if optional else None
        # per level: the levels whose support counts for it (it and those further from the default),
        # those whose support counts against it (the default and the other side), and its distance
        home = self.rank[self.default]
        self.sides: dict[str, tuple[list[int], list[int], int]] = {}
        for level_id, rank in self.rank.items():
            up = rank > home
            further = [r for r in range(len(self.ids)) if (r >= rank if up else r <= rank)]
            against = [r for r in range(len(self.ids)) if (r <= home if up else r >= home)]
            self.sides[level_id] = (further, against, abs(rank - home))

    def _self_reference(self) -> re.Pattern[str]:
        """'As a Senior PM, you...' opens a sentence; mid-sentence ('5 years of experience as a PM') it
        names past experience or a duty, not the role. 'Looking for a bold, user-obsessed CPO' takes up
        to three describing words, none that starts another clause. 'Head of Product wanted' names the
        role at a sentence's start."""
        signals = self.settings.signals
        names = "|".join(re.escape(n) for n in sorted(self.titles.names, key=len, reverse=True))
        stop = "|".join(re.escape(normalize(w)) for w in signals.describing_stop)
        describing = rf"(?:(?!(?:{stop})\b)[a-z0-9+&]+\s+){{0,3}}?"
        openings = "|".join(re.escape(normalize(o)) for o in signals.role_openings)
        intros = "|".join(re.escape(normalize(i)) for i in signals.role_intros)
        wanted = "|".join(re.escape(normalize(w)) for w in signals.role_wanted) or r"(?!x)x"
        # a sentence may also start with the role and say it is wanted ('Senior Product Manager needed')
        start = rf"(?<=\| )(?={describing}(?:{names})\s+(?:{wanted})\b)"
        # searched in '| ' + text: every match starts with a space, a literal the engine scans for fast
        return re.compile(rf" (?:(?<=\| )(?:{openings})\s+|(?:{intros})\s+|{start})({describing}({names}))\b")

    # -- reading ----------------------------------------------------------------------------------
    def read_title(self, title: str) -> TitleReading:
        """What a title alone says: its job (role), its level and the evidence."""
        return self.titles.read(title)

    def read(self, title: str | None, text: str) -> Reading:
        """Everything the title and text say, with evidence quoting the text as given."""
        text = text[: self.settings.max_text]
        plain = plain_text(text)
        norm, words = normalized_words(plain)
        if (cleaned := without_board_fields(norm)) is not norm:
            norm, words = cleaned, cleaned.split()
        heading = self.titles.read(title or "")
        title_given = bool(heading.normalized)
        if not title_given and (carried := self.titles.in_text(text)):
            heading = self.titles.read(*carried)  # the posting names itself in its wrapper
        if not self._english(words, plain):
            return Reading(heading, (), (), None, None, [], [], None, unread=True, carried=not title_given)
        votes: list[tuple[float, float, str]] = []
        evidence: list[Evidence] = []
        seen: set[str] = set()
        degrees: dict[str, tuple[int, int]] = {}  # degree -> where it is first named (word, words)
        hits: dict[str, int] = {}
        offsets: list[int] = []  # where each word starts in norm, filled when first needed
        shares: dict[int, float] = {}  # how firmly each sentence asks, by where it starts
        weights = self.settings.weights
        covered = 0  # where the last phrase found ends: words of a longer phrase never count again
        for at, length, (kind, key) in self.index.find(words):
            if kind == "competency":
                hits[key] = hits.get(key, 0) + 1
                continue
            if kind == "degree":
                degrees.setdefault(key, (at, length))
                continue
            inside = at + length <= covered
            covered = max(covered, at + length)
            before = words[max(0, at - self.window) : at]
            if key in seen or inside or self._negated(before) or (key in self.groups and self._beside(before)):
                continue
            if self._denied(words[at + length : at + length + self.settings.signals.denial_window + 4]):
                continue
            seen.add(key)
            quote = " ".join(words[at : at + length])
            position = self._offset(words, at, offsets)
            share = self._asked_share(norm, position, shares)
            for level_id, weight, section in self.phrases[key]:
                votes.append((self.rank[level_id], weight * share, "phrase"))
                evidence.append(self._quoted("phrase", level_id, weight * share, section, text, norm, quote, position))
        years, leading = self.signals.years(norm)
        if years is not None and self.years:
            fitting = _fitting(years.value, self.years, nearest=True)  # every posting asks for some level's years
            votes.append((self._mean_rank(fitting), 1.0, "years"))
            evidence.append(self._figure("years", fitting, weights.years, text, norm, years))
        figures = (f for f in self.signals.report_figures(norm) if self._reports_of_role(norm, f))
        reports = max(figures, key=lambda f: f.value, default=None)
        fitting = _fitting(reports.value, self.reports, nearest=False) if reports is not None else []
        if reports is not None and fitting:
            share = self._asked_share(norm, reports.position, shares)
            weight = weights.reports * share
            votes.append((self._mean_rank(fitting), share, "reports"))
            evidence.append(self._figure("reports", fitting, weight, text, norm, reports))
        if leading is not None and self._negated_at(norm, leading.position, len(leading.quote)):
            leading = None
        if leading is not None and leading.value >= weights.leading_from:
            level_id = self._leading_level(leading.value)
            share = self._asked_share(norm, leading.position, shares)
            weight = weights.leading * share
            votes.append((self.rank[level_id], share, "leading"))
            evidence.append(self._figure("leading", [level_id], weight, text, norm, leading))
        spaced = " " + norm
        for level_id, needed, section, pattern, theme_of in self.themes:
            matches: dict[str, re.Match[str]] = {}
            for m in pattern.finditer(spaced):
                matches.setdefault(theme_of[m.group(0)[1:]], m)
            if len(matches) >= needed:
                votes.append((self.rank[level_id], 1.0, "themes"))
                first = min(matches.values(), key=lambda m: m.start())
                evidence.append(
                    self._quoted(
                        "theme", level_id, weights.themes, section, text, norm, first.group(0)[1:], first.start(),
                        value=len(matches), names=tuple(sorted(matches)),
                    )
                )  # fmt: skip
        named = None
        for match in self.self_ref_re.finditer(SENTENCE_BREAK + " " + norm):
            seniority = [self.titles.words[m.group(0)] for m in self.titles.seniority.finditer(match[1])]
            if seniority:  # 'a dynamic senior product manager': a title in the text, and it decides like one
                named = max(seniority, key=self.rank.__getitem__)
                section = self.fw.level(named).source
                evidence.append(
                    self._quoted("named-role", named, 0.0, section, text, norm, match[1], match.start(1) - 2)
                )
            else:
                level_id = self.titles.names[match[2]]
                votes.append((self.rank[level_id], 1.0, "named_role"))
                section = self.fw.level(level_id).source
                evidence.append(
                    self._quoted(
                        "named-role", level_id, weights.named_role, section, text, norm, match[1], match.start(1) - 2
                    )
                )
            break
        education = degree_names(set(degrees), self.degree_order)
        for name in education:
            at, length = degrees[name]
            quote = " ".join(words[at : at + length])
            position = self._offset(words, at, offsets)
            evidence.append(self._quoted("education", None, 0.0, None, text, norm, quote, position, names=(name,)))
        stressed = [cid for cid, n in sorted(hits.items(), key=lambda kv: -kv[1]) if n >= 2][:4]
        return Reading(
            title=heading,
            votes=tuple(votes),
            evidence=tuple(evidence),
            years=years.value if years else None,
            leading=leading.value if leading else None,
            education=education,
            competencies=stressed,
            named=named,
            carried=not title_given and bool(heading.normalized),
        )

    def _english(self, words: list[str], text: str) -> bool:
        """Whether the readers, which know English words only, can read the text: too short to tell,
        enough of its words are common English ones, or (a terse list of skills) its letters are
        those English uses."""
        signals = self.settings.signals
        if not self.english or len(words) < signals.english_min_words:
            return True
        needed = signals.english_share * len(words)
        # English prose reaches the share within its first few hundred words: the rest is counted
        # only when it does not
        if sum(map(self.english.__contains__, words[:400])) >= needed:
            return True
        if sum(map(self.english.__contains__, words)) >= needed:
            return True
        if text.isascii():
            return True
        written = text.split()
        foreign = sum(
            1 for word in written if not word.isascii() and any(c.isalpha() and not c.isascii() for c in word)
        )
        return foreign < signals.foreign_letter_share * len(written)

    @property
    def window(self) -> int:
        return self.settings.signals.negation_window

    def _negated(self, before: list[str]) -> bool:
        """Whether a negation in the same sentence, a few words before, denies what follows: 'no direct
        reports', 'will not manage product managers'; 'not only' adds instead."""
        if not self.negations:
            return False
        for j in range(len(before) - 1, -1, -1):
            word = before[j]
            if word == SENTENCE_BREAK:
                return False
            if word in self.negations and (j + 1 == len(before) or before[j + 1] not in self.not_negations):
                return True
        return False

    @staticmethod
    def _in_sentence(before: list[str]) -> list[str]:
        """The words of `before` after the last sentence end among them: what shares the sentence."""
        return before[len(before) - before[::-1].index(SENTENCE_BREAK) :] if SENTENCE_BREAK in before else before

    @staticmethod
    def _last(sentence: list[str], sequences: list[tuple[str, ...]]) -> int:
        """Where the last of these word sequences ends in the sentence (-1: none of them is there)."""
        return max(
            (
                i + len(words)
                for words in sequences
                for i in range(len(sentence))
                if tuple(sentence[i : i + len(words)]) == words
            ),
            default=-1,
        )

    def _beside(self, before: list[str]) -> bool:
        """Whether words a few before a group, in its sentence, put the role in or beside it: 'join a
        team of product managers', 'as a member of the product management team', 'work with a
        cohesive team'; unless words of the role's own come after them ('work with your team of 6')."""
        sentence = self._in_sentence(before)
        beside = self._last(sentence, self.beside)
        return beside >= 0 and self._last(sentence[beside:], self.own_team) < 0

    def _reports_of_role(self, norm: str, figure: Figure) -> bool:
        """Whether people counted are the role's reports: not denied ('no direct reports', 'you will not
        manage 3 PMs'), and a team counted without a verb of leading only when the words before make it
        the role's ('you will have a team of 4 PMs', 'you will be responsible for a team of 6 PMs'),
        not its peers' ('join a team of five PMs') or the company's ('we are a team of 12 PMs')."""
        if self._negated_at(norm, figure.position, len(figure.quote)):
            return False
        if not figure.unowned:
            return True
        before = self._in_sentence(self._words_before(norm, figure.position))
        if self.own_team and self._last(before, self.own_team) < 0:
            return False
        return not self._beside(before)

    def _denied(self, after: list[str]) -> bool:
        """Whether words right after a phrase deny it in its sentence: 'people management is not part
        of this role', 'direct reports are not expected'; 'is not only' adds instead. A field's null
        value denies only as the very next words ('Direct reports: none')."""
        if any(tuple(after[: len(null)]) == null for null in self.nulls):
            return True
        reach = self.settings.signals.denial_window
        for start, word in enumerate(after[:reach]):
            if word == SENTENCE_BREAK:
                return False
            if word not in self.denial_starts:
                continue
            for denial in self.denials:
                end = start + len(denial)
                if tuple(after[start:end]) == denial and (end >= len(after) or after[end] not in self.not_negations):
                    return True
        return False

    def _words_before(self, norm: str, position: int) -> list[str]:
        """The words a negation or a beside word may stand in before a character position of the
        normalized text (the framework's window)."""
        return norm[max(0, position - 100) : position].split()[-self.window :] if self.window else []

    def _negated_at(self, norm: str, position: int, length: int = 0) -> bool:
        """`_negated` (and, given the figure's length, `_denied`) for words read at a character
        position of the normalized text."""
        before = self._words_before(norm, position)
        if self._negated(before):
            return True
        return bool(length) and self._denied(norm[position + length : position + length + 100].split())

    def _asked_share(self, norm: str, position: int, shares: dict[int, float]) -> float:
        """How firmly the sentence at `position` asks: in full, or the framework's share for what it
        calls optional ('experience leading product managers a plus'). `shares`: each sentence's share
        found so far in this text, so a sentence is searched once however many phrases it holds (every
        phrase in one 200,000-character sentence took 0.5 s, a search of the whole sentence each)."""
        if self.optional_re is None:
            return 1.0
        start = norm.rfind(SENTENCE_BREAK, 0, position) + 1
        if start not in shares:
            end = norm.find(SENTENCE_BREAK, position)
            optional = self.optional_re.search(norm, start, len(norm) if end < 0 else end)
            shares[start] = self.settings.weights.optional if optional else 1.0
        return shares[start]

    @staticmethod
    def _offset(words: list[str], at: int, offsets: list[int]) -> int:
        """Where word `at` starts in the normalized text (single spaces between words)."""
        if not offsets:
            offsets.extend(accumulate(map(len, words), initial=0))
        return offsets[at] + at

    def _quoted(
        self,
        kind: str,
        level_id: str | None,
        weight: float,
        section: str | None,
        text: str,
        norm: str,
        quote: str,
        position: int,
        value: int | None = None,
        names: tuple[str, ...] = (),
    ) -> Evidence:
        """Evidence with the posting's own words for a normalized quote read at `position` of `norm`."""
        found = locate(text, quote, occurrences_before(norm, quote, position))
        if found is None:
            return Evidence(kind, level_id, weight, section, quote, None, value, names)
        return Evidence(kind, level_id, weight, section, found[0], found[1], value, names)

    def _figure(self, kind: str, fitting: list[str], weight: float, text: str, norm: str, figure: Figure) -> Evidence:
        """Evidence of a figure the posting asks for, pointing at the most senior level it fits."""
        level = self.fw.level(fitting[-1])
        section = level.experience.source if kind != "reports" else level.source
        return self._quoted(
            kind, level.id, weight, section, text, norm, figure.quote, figure.position, figure.value, tuple(fitting)
        )

    def _mean_rank(self, level_ids: list[str]) -> float:
        return sum(self.rank[lid] for lid in level_ids) / len(level_ids)

    def _leading_level(self, years: int) -> str:
        """The level years of leading people point to: the level whose framework experience asks for
        that many (VP: 5+), else the first level that leads people (a Director's 'leadership
        experience'), else one step above the default."""
        leaders = [level.id for level in self.fw.levels if level.leads_people]
        best = leaders[0] if leaders else self.ids[min(len(self.ids) - 1, self.rank[self.default] + 1)]
        for level in self.fw.levels:
            if level.experience.leading_years and level.experience.leading_years <= years:
                best = level.id
        return best

    # -- deciding ---------------------------------------------------------------------------------
    def text_decision(
        self, votes: tuple[tuple[float, float, str], ...], decision: Decision, weights: Weights | None = None
    ) -> tuple[str, dict[str, float]]:
        """The level the text supports, and how likely each level is.

        Support per level is the capped sum of its votes, and support for a level further from the
        default counts for the levels on the way, while support for the default and the other side
        counts against (two years asked argue against a senior reading). The text moves a posting off
        the default level only to the most senior level with enough net support, and a level further
        away needs more; junior levels below the default likewise. Each level's margin over what it
        needs becomes its probability through a softmax.
        """
        weights = weights or self.settings.weights
        support = dict.fromkeys(self.ids, 0.0)
        for position, strength, kind in votes:
            weight = strength if kind == "phrase" else strength * getattr(weights, kind)
            low = int(position)
            share = position - low
            support[self.ids[low]] += weight * (1 - share)
            if share:
                support[self.ids[low + 1]] += weight * share
        capped = [min(support[lid], decision.support_cap) for lid in self.ids]
        margins = {}
        for level_id, (further, against, steps) in self.sides.items():
            if steps == 0:
                margins[level_id] = 0.0
                continue
            needed = decision.support_needed + decision.support_per_step * (steps - 1)
            margins[level_id] = sum(capped[i] for i in further) - sum(capped[i] for i in against) - needed
        home = self.rank[self.default]
        above = [lid for lid in self.ids if self.rank[lid] > home and margins[lid] >= 0]
        below = [lid for lid in self.ids if self.rank[lid] < home and margins[lid] >= 0]
        level = above[-1] if above else below[0] if below else self.default
        top = max(margins.values())
        exps = {lid: math.exp((m - top) / decision.temperature) for lid, m in margins.items()}
        exps[level] = max(exps[level], max(exps.values()))  # the chosen level is the most likely
        total = sum(exps.values())
        return level, {lid: v / total for lid, v in exps.items()}

    def decide(
        self,
        reading: Reading,
        decision: Decision | None = None,
        confidence: Confidence | None = None,
        weights: Weights | None = None,
    ) -> PostingLevel:
        """The level of a read posting and how sure: the title decides for any job it names; without
        one, the posting's own name for the role; otherwise the text. Decision settings, confidence
        and weights default to the framework's; the evaluation passes those a fold chose."""
        decision = decision or self.settings.decision
        confidence = confidence or self.settings.confidence
        heading = reading.title
        text_level, distribution = self.text_decision(reading.votes, decision, weights)
        disagreement = None
        # a text not read, or one that says nothing of the level, neither confirms the title nor
        # contradicts it: its default level is no reading of its own
        silent = reading.unread or not reading.votes
        # a wrapper's title without a seniority word (a board's 'title: Product Manager') yields to the
        # posting's own name for the role with one ('As a Senior PM, you...'): the more specific says more
        plain_carried = reading.carried and not heading.seniority_word and heading.role == "pm"
        if heading.level is not None and not (plain_carried and reading.named is not None):
            level = heading.level
            gap = abs(self.rank[level] - self.rank[text_level])
            disagreement = gap if gap >= 2 and not silent else None
            if not heading.seniority_word:
                basis = "plain_title"
            elif silent:
                basis = "title_one_off"
            else:
                basis = "title_agrees" if gap == 0 else "title_one_off" if gap == 1 else "title_far"
        elif reading.named is not None:
            level, basis = reading.named, "named_role"
        else:
            level = text_level
            basis = "text_unread" if reading.unread else "text_default" if level == self.default else "text_moved"
        sure = getattr(confidence, basis)
        return PostingLevel(
            level=level,
            confidence=round(confidence.text_default if sure is None else sure, 3),
            # the posting's own name for the role, when it outranked a plain title in the wrapper
            normalized_title=(heading.normalized if basis != "named_role" else "") or self.fw.level(level).name,
            years_required=reading.years,
            years_leading=reading.leading,
            education=reading.education,
            role=heading.role,
            role_note=heading.role_note,
            title_level=heading.level,
            text_level=text_level,
            disagreement=disagreement,
            text_silent=silent,
            basis=basis,
            competencies=reading.competencies,
            evidence=[*heading.evidence, *reading.evidence],
            scores={} if reading.unread else {lid: round(p, 3) for lid, p in distribution.items()},
        )

    def level(self, title: str | None, text: str) -> PostingLevel:
        """The level of one posting, how sure, and why."""
        return self.decide(self.read(title, text))
