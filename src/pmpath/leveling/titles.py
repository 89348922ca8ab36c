"""What a posting's title says: which job it names and, through its seniority words, at which level.

The title decides for every job it names: a 'Senior Program Manager' is senior-level work of a
different job, a plain 'Delivery Manager' sits at the default level. Only a title that names no job
pmpath knows ('Chief of Staff') leaves the level to the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pmpath.framework import Framework
from pmpath.framework.leveling_model import PostingLeveling

from .clean import normalize
from .evidence import Evidence, locate

# the kinds of job a title names (one vocabulary for every face)
ROLES = ("pm", "product-owner", "maybe-pm", "different-job", "not-pm")
# what separates the parts of a title: 'Director of Product, Sales Tools', 'Head of Product | Payments'
_TITLE_PARTS = re.compile(r"[,;:|/()\[\]\u2013\u2014]|\s-\s")
_GRADE = re.compile(r"^(?:i{1,3}|iv|v|[1-5])$")
# characters of a title read (the API's budget for one): real titles are under 100, and a title's words
# are quoted by one pattern, compiled per title (a JD's 199,000-character first line took 5 s)
MAX_TITLE = 500


def alternation(phrases: list[str], whole_words: bool = True) -> re.Pattern[str]:
    """One regex for a few phrases, longest first, from a word boundary of normalized text; with
    `whole_words` off a phrase may be the beginning of a longer word ('strateg' finds 'strategic')."""
    ordered = sorted({normalize(p) for p in phrases if normalize(p)}, key=len, reverse=True)
    body = "|".join(re.escape(p) for p in ordered) or r"(?!x)x"
    end = r"(?![a-z0-9])" if whole_words else ""
    return re.compile(rf"(?<![a-z0-9])(?:{body}){end}")


@dataclass(frozen=True)
class TitleReading:
    """What a posting's title says."""

    normalized: str
    level: str | None  # None: no title, or a title naming no job pmpath knows
    seniority_word: bool  # the level comes from a seniority word, not from the default
    role: str  # one of ROLES ('pm' when there is no title)
    role_note: str | None
    job: str | None  # the other job's or the title confusion's id, when the role is not product management
    evidence: tuple[Evidence, ...]


class TitleReader:
    """Compiled once per framework."""

    def __init__(self, fw: Framework, settings: PostingLeveling):
        self.fw = fw
        self.rank = {level.id: i for i, level in enumerate(fw.levels)}
        self.default = settings.default_level
        self.words: dict[str, str] = {}
        self.grades: dict[str, str] = {}
        self.names: dict[str, str] = {}
        for level in fw.levels:
            for word in level.leveling.title_words:
                target = self.grades if _GRADE.match(normalize(word)) else self.words
                target.setdefault(normalize(word), level.id)
            for name in [level.name, level.short_name, *level.titles]:
                self.names.setdefault(normalize(name), level.id)
        self.seniority = alternation(list(self.words))
        roles = settings.roles
        self.grade_after = {normalize(w) for w in roles.grade_after}
        self.job_nouns = alternation(roles.job_nouns) if roles.job_nouns else None
        self.rank_at_end = frozenset(normalize(w) for w in roles.rank_at_end)
        others = "|".join(r"\s+".join(map(re.escape, w.split())) for w in roles.someone_else if w.split())
        self.someone_else = re.compile(rf"(?<![A-Za-z0-9])(?:{others})(?![A-Za-z0-9])", re.I) if others else None
        self.product_titles = alternation(roles.product_titles)
        self.product_words = alternation(roles.product_words)
        confusions = {c.id: c for c in fw.title_confusions}
        self.owner_confusion = next((c for c in fw.title_confusions if c.verdict == "pm"), None)
        self.owner_words = alternation(self.owner_confusion.titles) if self.owner_confusion else re.compile(r"(?!x)x")
        self.lookalikes = [(alternation(x.words), confusions[x.confusion]) for x in roles.lookalikes]
        self.other_jobs = [(alternation(job.words), job) for job in roles.other_jobs]
        self.no_product_note = roles.no_product_note
        signals = settings.signals
        fields = "|".join(
            re.escape(normalize(f)).replace(r"\ ", "[ _-]") for f in sorted(signals.title_fields, key=len, reverse=True)
        )
        # a field: 'title: "Head of Product"' (front matter), '**Role:** Director of Product', a data
        # file's '"title": "PM",' (also inside a one-line object); a bare value is the rest of its line
        # from its first character that is not a space: a value free to start with spaces split the run
        # after the ':' two ways ('title:' and 6,000 spaces took 0.18 s, fourfold per doubling)
        self.title_field = (
            re.compile(
                rf"""(?:^[ \t>*_#-]*|[{{,][ \t]*)["']?(?:{fields})["']?(?:\*\*|__)?[ \t]*[:=][ \t]*(?:(?:\*\*|__)[ \t]*)?"""
                rf"""(?:"(?P<quoted>[^"\n]+)"|'(?P<single>[^'\n]+)'|(?P<value>[^ \t\n"'`][^\n"'`]*)$)""",
                re.I | re.M,
            )
            if fields
            else None
        )
        # a heading: markdown '# Senior Product Manager' or HTML '<h1>Senior Product Manager</h1>'; no
        # two quantifiers here can split the same run of characters, so a hostile line scans once
        self.headings = (
            re.compile(r"^[ \t]*#{1,3}[ \t](?P<value>[^\n]+)$", re.M),
            re.compile(r"<h([1-3])\b[^<>]*>(?P<value>[^<>\n]+)</h\1>", re.I),
        )
        # a plain text's first line is its title when it reads as one: it starts with a product title or
        # a seniority word and is no sentence ('Chief Product Officer', then 'London, UK', then the body;
        # not 'Assist product managers with research.'): postings copied from a page start so
        self.first_line = re.compile(r"\A\s*(?P<value>[^\s<>][^\n<>]*)$", re.M)
        self.title_reach = signals.title_reach
        self.sentence_words = frozenset(normalize(w) for w in signals.sentence_words)
        self.not_after = {normalize(w) for w in signals.title_not_after}
        self.not_after_in_part = self.not_after | {normalize(w) for w in signals.title_not_after_in_part}

    def in_text(self, text: str) -> tuple[str, int] | None:
        """The title a posting that comes without one carries in its wrapper, and where it starts: the
        first title field near the start that names a product role ('title: "Head of Product"'), else
        the first heading there that names one ('# Senior Product Manager'), else the first field naming
        another job by a person's name for it ('Position: UX Designer'; 'role: Engineering' names a team).
        A product title in the wrapper outranks other fields; a heading naming anything else ('## About
        the team') is no title."""
        head = text[: self.title_reach]
        fields = []
        for match in self.title_field.finditer(head) if self.title_field else ():
            fields.append((match, next(g for g in ("quoted", "single", "value") if match.group(g) is not None)))
        headings = sorted((m for pattern in self.headings for m in pattern.finditer(head)), key=lambda m: m.start())
        first = self.first_line.match(head)
        if first and not self._title_line(first.group("value")):
            first = None
        candidates = [
            *((m, g, True) for m, g in fields),
            *((m, "value", True) for m in headings),
            *(((first, "value", True),) if first else ()),
            *((m, g, False) for m, g in fields),
        ]
        for match, group, product_only in candidates:
            if self._names_a_job(match.group(group), product_only):
                return self._stripped(match, group)
        return None

    def _title_line(self, line: str) -> bool:
        """Whether a line reads as a title rather than a sentence: no sentence's end or word only a
        sentence holds, and a product title or a seniority word first."""
        norm = normalize(line[:MAX_TITLE])
        if line.rstrip().endswith((".", "!", "?")) or self.sentence_words.intersection(norm.split()):
            return False
        return bool(self.product_titles.match(norm) or self.seniority.match(norm))

    @staticmethod
    def _stripped(match: re.Match[str], group: str) -> tuple[str, int]:
        """A matched value without what may surround it (spaces, a heading's closing '#'s, a data
        file's trailing comma), and where it starts in the text."""
        raw = match.group(group)
        value = raw.strip().rstrip(" \t#,;").strip()
        return value, match.start(group) + (raw.index(value[0]) if value else 0)

    def _names_a_job(self, value: str, product_only: bool) -> bool:
        """Whether a few words read as a job title: a product title, or (`product_only` off) a job the
        framework names. A sentence ('Role: you will own the roadmap') is not one, nor a phrase naming
        someone else: no word before the job's name may be one that English puts before another person
        ('Reporting to the VP of Product', 'Your manager: VP of Product'; an article only in its part)."""
        norm = normalize(value[:MAX_TITLE])
        if not 0 < len(norm.split()) <= 10:
            return False
        if not product_only and self.job_nouns is not None and not self.job_nouns.search(norm):
            return False  # 'role: Engineering' names a team; 'role: Software Engineer' a job
        patterns = [self.product_titles]
        if not product_only:
            patterns += [p for p, _ in [*self.lookalikes, *self.other_jobs]]
        before: set[str] = set()  # the words of the parts before this one
        for part in _TITLE_PARTS.split(value[:MAX_TITLE]):
            clause = normalize(part)
            starts = [m.start() for p in patterns if (m := p.search(clause))]
            if starts and not (
                self.not_after & before or self.not_after_in_part.intersection(clause[: min(starts)].split())
            ):
                return True
            before.update(clause.split())
        # a seniority word and a product word across its parts name a product job as a given title does
        # ('Director, Product', 'VP - Product'), when no word there names someone else
        words = set(norm.split())
        return bool(
            self.seniority.search(norm)
            and self.product_words.search(norm)
            and not (self.not_after | self.not_after_in_part) & words
            and self._role(norm, value)[0] in ("pm", "product-owner")
        )

    def read(self, title: str, offset: int | None = None) -> TitleReading:
        """The title's job, its level and the evidence for both; `offset`: where the title starts in
        the posting's text, when it was read there (its evidence then points into the text)."""
        title = title[:MAX_TITLE]
        if (
            self.someone_else is not None
            and (other := self.someone_else.search(title))
            and title[: other.start()].strip()
        ):
            title = title[: other.start()]  # 'Chief of Staff to the CPO': the CPO is someone else
        norm = normalize(title)
        if not norm:
            return TitleReading("", None, False, "pm", None, None, ())
        role, note, job, section = self._role(norm, title)
        found = {m.group(0) for m in self.seniority.finditer(norm)}
        if found & self.rank_at_end:
            found = self._ranks_in_place(title, found)
        # a grade ends its part ('Product Manager II, Payments'; 'Product Manager - 3 days a week' names
        # none) and ranks within the level a seniority word names: an 'Associate PM II' is an associate
        for part in _TITLE_PARTS.split(title) if not found else ():
            words = normalize(part).split()
            if len(words) > 1 and words[-1] in self.grades and words[-2] in self.grade_after:
                found.add(words[-1])
        levels = {w: self.words.get(w) or self.grades[w] for w in found}
        evidence = []
        if role != "pm":
            whole = (offset, offset + len(title)) if offset is not None else None
            evidence.append(
                Evidence("role", None, 0.0, section, title.strip(), whole, names=(role, *([job] if job else [])))
            )
        if role == "not-pm":  # 'Chief of Staff': a seniority of a job pmpath does not know
            if levels:
                word = max(levels, key=lambda w: self.rank[levels[w]])
                evidence.append(self._evidence("title-ignored", None, title, word, offset))
            return TitleReading(norm.title(), None, False, role, note, job, tuple(evidence))
        if levels:
            word = max(levels, key=lambda w: self.rank[levels[w]])
            level = levels[word]
            evidence.append(self._evidence("title", level, title, word, offset))
        else:
            level = self.names.get(norm, self.default) if role in ("pm", "product-owner") else self.default
            evidence.append(self._evidence("title", level, title, norm, offset))
        return TitleReading(self._normalized(level, role, norm), level, bool(levels), role, note, job, tuple(evidence))

    def _ranks_in_place(self, title: str, found: set[str]) -> set[str]:
        """The seniority words found, less those that name a rank only at the end of their part ('Head,
        Product') or before a product word or title ('Head PM'), where each stands before another word
        ('Head Office')."""
        kept = found - self.rank_at_end
        for part in _TITLE_PARTS.split(title):
            clause = normalize(part)
            for m in self.seniority.finditer(clause):
                word, rest = m.group(0), clause[m.end() :].split()
                if word in self.rank_at_end and (
                    not rest or self.product_words.fullmatch(rest[0]) or self.product_titles.match(clause, m.end() + 1)
                ):
                    kept.add(word)
        return kept

    def _role(self, norm: str, title: str) -> tuple[str, str | None, str | None, str | None]:
        """(role, note, job id, source section): a product-management phrase wins, then a job next to
        product management the source names, then another job, then a bare product word."""
        if self._product_title(norm, title):
            if self.owner_confusion and self.owner_words.search(norm):
                c = self.owner_confusion
                return "product-owner", c.text, None, c.source
            return "pm", None, None, None
        for pattern, confusion in self.lookalikes:
            if pattern.search(norm):
                return confusion.verdict, confusion.text, confusion.id, confusion.source
        for pattern, job in self.other_jobs:
            if pattern.search(norm):
                return "different-job", job.note, job.id, job.source
        if self.product_words.search(norm):
            return "pm", None, None, None
        return "not-pm", self.no_product_note, None, None

    def _product_title(self, norm: str, title: str) -> bool:
        """Whether the title names product management: a product title, unless each one found runs on
        into another job's name within its part of the title ('Director of Product, Sales Tools' is
        product management, 'Director of Product Marketing' is not)."""
        if not self.product_titles.search(norm):
            return False
        found = False
        for part in _TITLE_PARTS.split(title):
            clause = normalize(part)
            for match in self.product_titles.finditer(clause):
                found = True
                if not self._names_other_job(clause, match):
                    return True
        # a product title only across parts ('Product - Manager', 'VP, Product') is one still, unless it
        # runs on into another job there too ('VP, Product Marketing' heads marketing)
        return not found and any(not self._names_other_job(norm, m) for m in self.product_titles.finditer(norm))

    def _names_other_job(self, norm: str, match: re.Match[str]) -> bool:
        """Whether a product title ending in a product word runs on into another job's name, as English
        names a job by its field: 'Director of Product Marketing' heads marketing, not product."""
        if not self.product_words.fullmatch(match.group(0).split()[-1]):
            return False
        return any(pattern.match(norm, match.end() + 1) for pattern, _ in self.other_jobs)

    def _evidence(self, kind: str, level: str | None, title: str, words: str, offset: int | None) -> Evidence:
        """Title evidence: the title's own words; a span (into the posting's text) only for a title
        read from the text."""
        found = locate(title, words)
        section = self.fw.level(level).source if level else None
        span = (offset + found[1][0], offset + found[1][1]) if found and offset is not None else None
        return Evidence(kind, level, 1.0, section, found[0] if found else words, span)

    def _normalized(self, level: str, role: str, norm: str) -> str:
        if role == "pm":
            return self.fw.level(level).name
        if role == "product-owner":
            return f"{self.fw.level(level).name} (Product Owner)"
        return norm.title()
