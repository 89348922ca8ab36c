"""A posting's true level: title and text evidence weighed against the framework's levels.

Every vote comes from the framework (title words, posting years, phrases per level) so a company's
own ladder levels postings without code changes, and every vote becomes a line of evidence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from pmpath.framework import Framework

from .clean import normalize, normalized_sentences, plain_text, without_board_fields
from .evidence import Evidence, locate, occurrences_before
from .phrases import PhraseIndex
from .signals import DEGREES, Figure, degree_names, direct_reports, years_asked

SUPPORT_NEEDED = 3.0  # evidence a level next to the default needs before the text moves a posting there
SUPPORT_PER_STEP = 1.0  # and more for each further step: a far jump needs more evidence
SUPPORT_CAP = 8.0  # many phrases for one level count no more than this
YEARS_WEIGHT = 2.0  # years asked for, placed where the framework's posting years put them
LEADING_WEIGHT = 2.0  # years of leading people asked for
REPORTS_WEIGHT = 3.0  # the number of direct reports a posting names: a span of control is explicit
SELF_REFERENCE_WEIGHT = 5.0  # 'as a Senior Product Manager, you will...'
THEME_WEIGHT = 2.0  # a level's themes named together (framework `themes_needed` of them)
TEMPERATURE = 1.6  # softmax temperature over support margins; set so confidence is calibrated on the dev set
TITLE_CONFIDENCE = 0.97  # how often a posting's seniority word names its level
NAMED_CONFIDENCE = 0.9  # no title, but the text names the role with a seniority word: right 25 of 25 (dev)
TEXT_CONFIDENCE = 0.9  # the most the text alone earns: readings above it were right about 6 in 10 on the dev set
MAX_TEXT = 200_000  # characters read of one posting; the rest cannot change the level
_GRADE = re.compile(r"^(?:i{1,3}|iv|v|[1-5])$")
_PRODUCT_ROLE = re.compile(r"\b(product|pm|apm|cpo)\b")


@dataclass
class PostingLevel:
    """What `pmpath level` says of one posting."""

    level: str
    confidence: float
    normalized_title: str
    years_required: int | None
    years_leading: int | None = None
    education: list[str] = field(default_factory=list)
    role: str = "pm"  # pm | product-owner | maybe-pm | different-job | not-pm
    role_note: str | None = None
    title_level: str | None = None
    text_level: str | None = None
    disagreement: str | None = None
    competencies: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """JSON-ready values; evidence as objects (the faces add their own text line)."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["evidence"] = [e.to_dict() for e in self.evidence]
        return data


def _alternation(phrases: list[str], whole_words: bool = True) -> re.Pattern[str]:
    """One regex for a few phrases, longest first, from a word boundary of normalized text; with
    `whole_words` off a phrase may be the beginning of a longer word ('strateg' finds 'strategic')."""
    ordered = sorted({normalize(p) for p in phrases if normalize(p)}, key=len, reverse=True)
    body = "|".join(re.escape(p) for p in ordered) or r"(?!x)x"
    end = r"(?![a-z0-9])" if whole_words else ""
    return re.compile(rf"(?<![a-z0-9])(?:{body}){end}")


def _theme_pattern(themes: dict[str, list[str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for every word beginning of a level's themes, and which theme each beginning names."""
    theme_of = {normalize(start): theme for theme, starts in themes.items() for start in starts}
    return _alternation(list(theme_of), whole_words=False), theme_of


@dataclass
class TitleReading:
    """What a posting's title says."""

    normalized: str
    level: str | None
    seniority_word: bool  # the level comes from a seniority word, not from a plain 'Product Manager'
    evidence: list[Evidence]
    role: str
    role_note: str | None


@dataclass
class TextReading:
    """What one pass over a posting's words found."""

    votes: list[tuple[float, float]]
    evidence: list[Evidence]
    years: int | None
    leading: int | None
    education: list[str]
    competencies: list[str]
    named: str | None = None  # the level the posting's own name for the role gives with a seniority word


def _fitting(value: int, ranges: dict[str, tuple[int, int]], nearest: bool) -> list[str]:
    """Levels whose framework range holds the value; with `nearest`, the closest one when none does."""
    inside = [lid for lid, (lo, hi) in ranges.items() if lo <= value <= hi]
    if inside or not nearest:
        return inside
    return [min(ranges, key=lambda lid: min(abs(value - ranges[lid][0]), abs(value - ranges[lid][1])))]


class Leveler:
    """Compiled once per framework; `level()` is then a handful of regex scans per posting."""

    def __init__(self, fw: Framework):
        self.fw = fw
        self.ids = fw.level_ids
        self.rank = {level_id: i for i, level_id in enumerate(self.ids)}
        self.default = "pm" if "pm" in self.rank else self.ids[len(self.ids) // 2]
        self.title_words: dict[str, str] = {}
        self.grades: dict[str, str] = {}
        self.phrases: dict[str, list[tuple[str, float]]] = {}
        self.years: dict[str, tuple[int, int]] = {}
        self.reports: dict[str, tuple[int, int]] = {}
        self.themes: list[tuple[str, int, re.Pattern[str], dict[str, str]]] = []
        names: dict[str, str] = {}
        for level in fw.levels:
            for word in level.leveling.title_words:
                target = self.grades if _GRADE.match(normalize(word)) else self.title_words
                target.setdefault(normalize(word), level.id)
            for phrase, weight in level.leveling.phrases.items():
                self.phrases.setdefault(normalize(phrase), []).append((level.id, weight))
            if level.leveling.years:
                self.years[level.id] = level.leveling.years
            if level.leveling.reports:
                self.reports[level.id] = level.leveling.reports
            if level.leveling.themes:
                self.themes.append((level.id, level.leveling.themes_needed, *_theme_pattern(level.leveling.themes)))
            for name in [level.name, level.short_name, *level.titles]:
                names.setdefault(normalize(name), level.id)
        self.names = names
        self.title_re = _alternation(list(self.title_words))
        # one index for everything found word by word: level phrases, competency keywords, degrees
        entries: list[tuple[str, tuple[str, str]]] = [(p, ("phrase", p)) for p in self.phrases]
        entries += [(normalize(k), ("competency", c.id)) for c in fw.competencies for k in c.keywords]
        entries += [(word, ("degree", name)) for word, name in DEGREES.items()]
        self.index: PhraseIndex[tuple[str, str]] = PhraseIndex(entries)
        self_ref = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        # 'looking for a bold, user-obsessed CPO': up to three describing words, none that starts another clause
        describing = r"(?:(?!(?:to|with|for|the|and|who|that|of|in|on|at|our|your)\b)[a-z0-9+&]+\s+){0,3}?"
        # 'As a PM at X, you...' opens a sentence; mid-sentence ('5 years of experience as a PM', 'work with
        # engineers as a product owner') it names past experience or a duty, not the role
        # (the first-letter look ahead spares the engine trying every position: 69 -> 40 us a posting)
        opening = (
            r"(?:^|(?<=\| ))(?:as an?|as our|as the)|\b(?:seeking|looking for|hiring|join us as|join our team as) an?"
        )
        self.self_ref_re = re.compile(rf"(?=[ashjl])(?:{opening})\s+({describing}({self_ref}))\b")
        strength = {"different-job": 0, "pm": 1, "maybe-pm": 2}
        confusions = sorted(fw.title_confusions, key=lambda c: strength[c.verdict])
        self.confusions = [
            (re.compile(rf"\b{re.escape(normalize(t))}\b"), c)
            for c in confusions
            for t in sorted(c.titles, key=len, reverse=True)
        ]

    # -- title -------------------------------------------------------------------------------
    def read_title(self, title: str) -> TitleReading:
        """The title's level (None when it names no product role), its kind of role and the evidence."""
        norm = normalize(title)
        if not norm:
            return TitleReading("", None, False, [], "pm", None)
        found = {m.group(0) for m in self.title_re.finditer(norm)}
        words = norm.split()
        for i, word in enumerate(words):
            if word in self.grades and i > 0 and words[i - 1] in ("manager", "owner", "pm", "management"):
                found.add(word)
        levels = {w: self.title_words.get(w) or self.grades[w] for w in found}
        role, note = self._role(norm)
        evidence = []
        if levels and role == "not-pm":  # 'Chief of Staff': seniority of another kind of job
            word = max(levels, key=lambda w: self.rank[levels[w]])
            evidence.append(self._title_evidence("title-ignored", None, title, word))
            level = None
        elif levels:
            word = max(levels, key=lambda w: self.rank[levels[w]])
            level = levels[word]
            evidence.append(self._title_evidence("title", level, title, word))
        elif role in ("pm", "product-owner") or norm in self.names:
            level = self.names.get(norm, self.default)
            evidence.append(self._title_evidence("title", level, title, norm))
        else:
            level = None
        return TitleReading(
            self._normalized_title(level, role, norm), level, level is not None and bool(levels), evidence, role, note
        )

    def _title_evidence(self, kind: str, level: str | None, title: str, words: str) -> Evidence:
        """Title evidence: the title's own words; no span, since the span is into the posting's text."""
        found = locate(title, words)
        section = self.fw.level(level).source if level else None
        return Evidence(kind, level, 1.0, section, found[0] if found else words, None)

    def _role(self, norm: str) -> tuple[str, str | None]:
        """What kind of job the title names; a 'different job' verdict wins over a 'maybe PM' one."""
        for pattern, confusion in self.confusions:
            if pattern.search(norm) and not (confusion.verdict != "pm" and "product" in norm):
                if confusion.verdict == "pm":
                    return "product-owner", confusion.text
                return confusion.verdict, confusion.text
        if _PRODUCT_ROLE.search(norm):
            return "pm", None
        return "not-pm", "The title names no product role; the level is read from the text."

    def _normalized_title(self, level: str | None, role: str, norm: str) -> str:
        if level is None:
            return norm.title() if norm else ""
        name = self.fw.level(level).name
        return f"{name} (Product Owner)" if role == "product-owner" else name

    # -- text ----------------------------------------------------------------------------------
    def read_text(self, norm: str, text: str) -> TextReading:
        """Everything the text says: votes (ladder position, weight) with their evidence, years asked,
        years leading people, degrees named and keyword hits per competency. `text` is the posting as
        given: the evidence quotes it and gives its spans."""
        votes: list[tuple[float, float]] = []
        evidence: list[Evidence] = []
        seen: set[str] = set()
        degrees: dict[str, tuple[int, int]] = {}  # degree -> where it is first named (word, words)
        hits: dict[str, int] = {}
        words = norm.split()
        for at, length, (kind, key) in self.index.find(words):
            if kind == "competency":
                hits[key] = hits.get(key, 0) + 1
                continue
            if kind == "degree":
                degrees.setdefault(key, (at, length))
                continue
            if key in seen:
                continue
            seen.add(key)
            quote = " ".join(words[at : at + length])
            before = " ".join(words[:at])
            for level_id, weight in self.phrases[key]:
                votes.append((self.rank[level_id], weight))
                evidence.append(self._quoted("phrase", level_id, weight, text, norm, quote, len(before)))
        years, leading = years_asked(norm)
        if years is not None and self.years:
            fitting = _fitting(years.value, self.years, nearest=True)  # every posting asks for some level's years
            votes.append((self._mean_rank(fitting), YEARS_WEIGHT))
            evidence.append(self._figure("years", fitting, YEARS_WEIGHT, text, norm, years))
        reports = direct_reports(norm)
        fitting = _fitting(reports.value, self.reports, nearest=False) if reports is not None else []
        if reports is not None and fitting:
            votes.append((self._mean_rank(fitting), REPORTS_WEIGHT))
            evidence.append(self._figure("reports", fitting, REPORTS_WEIGHT, text, norm, reports))
        if leading is not None and leading.value >= 3:
            level_id = self._leading_level(leading.value)
            votes.append((self.rank[level_id], LEADING_WEIGHT))
            evidence.append(self._figure("leading", [level_id], LEADING_WEIGHT, text, norm, leading))
        for level_id, needed, pattern, theme_of in self.themes:
            matches = {}
            for m in pattern.finditer(norm):
                matches.setdefault(theme_of[m.group(0)], m)
            if len(matches) >= needed:
                votes.append((self.rank[level_id], THEME_WEIGHT))
                first = min(matches.values(), key=lambda m: m.start())
                evidence.append(
                    self._quoted(
                        "theme",
                        level_id,
                        THEME_WEIGHT,
                        text,
                        norm,
                        first.group(0),
                        first.start(),
                        value=len(matches),
                        names=tuple(sorted(matches)),
                    )
                )
        named = None
        for match in self.self_ref_re.finditer(norm):
            seniority = [self.title_words[m.group(0)] for m in self.title_re.finditer(match[1])]
            if seniority:  # 'a dynamic senior product manager': a title in the text, and it decides like one
                named = max(seniority, key=self.rank.__getitem__)
                evidence.append(self._quoted("named-role", named, 0.0, text, norm, match[1], match.start(1)))
            else:
                level_id = self.names[match[2]]
                votes.append((self.rank[level_id], SELF_REFERENCE_WEIGHT))
                evidence.append(
                    self._quoted("named-role", level_id, SELF_REFERENCE_WEIGHT, text, norm, match[1], match.start(1))
                )
            break
        education = degree_names(set(degrees))
        for name in education:
            at, length = degrees[name]
            quote = " ".join(words[at : at + length])
            evidence.append(
                self._quoted("education", None, 0.0, text, norm, quote, len(" ".join(words[:at])), names=(name,))
            )
        stressed = [cid for cid, n in sorted(hits.items(), key=lambda kv: -kv[1]) if n >= 2][:4]
        return TextReading(
            votes,
            evidence,
            years.value if years else None,
            leading.value if leading else None,
            education,
            stressed,
            named,
        )

    def _figure(self, kind: str, fitting: list[str], weight: float, text: str, norm: str, figure: Figure) -> Evidence:
        """Evidence of a figure the posting asks for, pointing at the most senior level it fits."""
        return self._quoted(
            kind, fitting[-1], weight, text, norm, figure.quote, figure.position, figure.value, tuple(fitting)
        )

    def _quoted(
        self,
        kind: str,
        level_id: str | None,
        weight: float,
        text: str,
        norm: str,
        quote: str,
        position: int,
        value: int | None = None,
        names: tuple[str, ...] = (),
    ) -> Evidence:
        """Evidence with the posting's own words for a normalized quote read at `position` of `norm`."""
        found = locate(text, quote, occurrences_before(norm, quote, position))
        section = self.fw.level(level_id).source if level_id else None
        if found is None:
            return Evidence(kind, level_id, weight, section, quote, None, value, names)
        return Evidence(kind, level_id, weight, section, found[0], found[1], value, names)

    def _mean_rank(self, level_ids: list[str]) -> float:
        return sum(self.rank[lid] for lid in level_ids) / len(level_ids)

    def _leading_level(self, years: int) -> str:
        """The level years of leading people point to: the level whose framework experience asks for
        that many (VP: 5+), else one step above the default (senior PMs may lead junior PMs)."""
        best = self.ids[min(len(self.ids) - 1, self.rank[self.default] + 1)]
        for level in self.fw.levels:
            if level.experience.leading_years and level.experience.leading_years <= years:
                best = level.id
        return best

    def text_decision(self, votes: list[tuple[float, float]]) -> tuple[str, dict[str, float]]:
        """The level the text supports, and how likely each level is.

        Support per level is the capped sum of its votes, and support for a level further from the
        default counts for the levels on the way, while support for the default and the other side
        counts against (two years asked argue against a senior reading). The text moves a posting off
        the default level only to the most senior level with enough net support, and a level further
        away needs more; junior levels below the default likewise. Each level's margin over what it
        needs becomes its probability through a softmax.
        """
        support = dict.fromkeys(self.ids, 0.0)
        for position, weight in votes:
            low = int(position)
            share = position - low
            support[self.ids[low]] += weight * (1 - share)
            if share:
                support[self.ids[low + 1]] += weight * share
        home = self.rank[self.default]
        capped = {lid: min(v, SUPPORT_CAP) for lid, v in support.items()}
        margins = {}
        for level_id, rank in self.rank.items():
            if rank == home:
                margins[level_id] = 0.0
                continue
            # evidence for a level further out is evidence for at least this level too
            further = [lid for lid, r in self.rank.items() if (r >= rank if rank > home else r <= rank)]
            against = [lid for lid, r in self.rank.items() if (r <= home if rank > home else r >= home)]
            needed = SUPPORT_NEEDED + SUPPORT_PER_STEP * (abs(rank - home) - 1)
            margins[level_id] = sum(capped[lid] for lid in further) - sum(capped[lid] for lid in against) - needed
        above = [lid for lid in self.ids if self.rank[lid] > home and margins[lid] >= 0]
        below = [lid for lid in self.ids if self.rank[lid] < home and margins[lid] >= 0]
        if above:
            level = above[-1]
        elif below:
            level = below[0]
        else:
            level = self.default
        top = max(margins.values())
        exps = {lid: math.exp((m - top) / TEMPERATURE) for lid, m in margins.items()}
        exps[level] = max(exps[level], max(exps.values()))  # the chosen level is the most likely
        total = sum(exps.values())
        return level, {lid: v / total for lid, v in exps.items()}

    # -- decision ----------------------------------------------------------------------------
    def level(self, title: str | None, text: str) -> PostingLevel:
        """The level of one posting, how sure, and why. A product title decides; otherwise the text."""
        text = text[:MAX_TEXT]
        norm = without_board_fields(normalized_sentences(plain_text(text[:MAX_TEXT])))
        heading = self.read_title(title or "")
        reading = self.read_text(norm, text)
        text_level, distribution = self.text_decision(reading.votes)
        disagreement = None
        if heading.level is not None:
            level = heading.level
            gap = abs(self.rank[heading.level] - self.rank[text_level])
            confidence = (TITLE_CONFIDENCE if heading.seniority_word else TITLE_CONFIDENCE - 0.05) - 0.05 * gap
            if gap >= 2:
                disagreement = f"The title says {heading.level} but the text reads like {text_level}."
        elif reading.named is not None:
            level, confidence = reading.named, NAMED_CONFIDENCE
        else:
            level, confidence = text_level, min(distribution[text_level], TEXT_CONFIDENCE)
        return PostingLevel(
            level=level,
            confidence=round(max(0.05, min(confidence, 0.99)), 3),
            normalized_title=heading.normalized or self.fw.level(level).name,
            years_required=reading.years,
            years_leading=reading.leading,
            education=reading.education,
            role=heading.role,
            role_note=heading.role_note,
            title_level=heading.level,
            text_level=text_level,
            disagreement=disagreement,
            competencies=reading.competencies,
            evidence=heading.evidence + reading.evidence,
            scores={lid: round(p, 3) for lid, p in distribution.items()},
        )
