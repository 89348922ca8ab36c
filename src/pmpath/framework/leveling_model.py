"""The posting-leveling part of the framework format: what in a job posting points at a level, and every
word, weight and threshold that turns it into a verdict.

Kept apart from model.py so the ladder's format and the leveler's settings can change independently.
Every group names the source section it comes from, or says it is pmpath's own estimate.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, populate_by_name=True)


class _Sourced(_Strict):
    """A setting backed by a source section (`source`) or marked as pmpath's own (`estimate: true`)."""

    source: str | None = Field(default=None, description="Key of the source section this comes from.")
    estimate: bool = Field(default=False, description="True when pmpath chose it rather than the source.")


class Phrase(_Sourced):
    """A phrase of a posting that points at one level, and how much it counts."""

    text: str = Field(min_length=1)
    weight: float = Field(gt=0, le=10)
    group: bool = Field(
        default=False,
        description="The phrase names a group of people without saying who leads it ('team of product "
        "managers'): after one of `signals.beside_words` ('join', 'member of', 'work with') the role sits "
        "in or beside the group, and the phrase votes for nothing.",
    )


class Leveling(_Strict):
    """What points at this level in a job posting; read by the posting leveler."""

    title_words: list[str] = Field(
        default_factory=list, description="Seniority words in a title, e.g. 'senior', 'head of'."
    )
    years: tuple[int, int] | None = Field(
        default=None, description="Years of experience postings at this level typically ask for (pmpath estimate)."
    )
    years_source: str | None = Field(default=None, description="The source section the years range restates.")
    years_estimate: bool = Field(
        default=False, description="True when the years range is pmpath's own placement (the source gives no figure)."
    )
    reports: tuple[int, int] | None = Field(
        default=None, description="Direct reports postings at this level typically name (pmpath estimate)."
    )
    reports_source: str | None = Field(default=None, description="The source section the reports range restates.")
    reports_estimate: bool = Field(default=False, description="True when the reports range is pmpath's own.")
    phrases: list[Phrase] = Field(
        default_factory=list, description="Phrases of a posting that vote for this level, each with its source."
    )
    themes: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Subjects postings at this level talk about -> word beginnings that name them "
        "('strateg' finds strategy and strategic). One alone says little; many together vote.",
    )
    themes_needed: int = Field(
        default=0, ge=0, description="How many of the themes a posting must name before they vote for this level."
    )
    themes_source: str | None = Field(default=None, description="The source section the themes restate.")


class OtherJob(_Sourced):
    """A job that is not product management even when its title says 'product' (designer, marketing...)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(description="The job in a few words, for the role note: 'product design'.")
    words: list[str] = Field(min_length=1, description="Title words that name this job.")
    note: str = Field(description="What the role is, for the posting's reader.")


class Lookalike(_Sourced):
    """Title words of a job the source names as next to product management, and its title confusion."""

    words: list[str] = Field(min_length=1, description="Title words, e.g. 'program', 'delivery'.")
    confusion: str = Field(description="Id of the title_confusions entry that says what the job is.")


class Roles(_Sourced):
    """Which titles name product-management work, which a job next to it, and which another job."""

    product_titles: list[str] = Field(
        min_length=1,
        description="Phrases that make a title a product-management role whatever else it says "
        "('product manager', 'product owner', 'head of product').",
    )
    product_words: list[str] = Field(
        min_length=1, description="Words that make a title a product role when no other job is named ('product')."
    )
    lookalikes: list[Lookalike] = Field(default_factory=list)
    other_jobs: list[OtherJob] = Field(default_factory=list)
    no_product_note: str = Field(description="What pmpath says of a title that names no job it knows.")
    grade_after: list[str] = Field(
        default_factory=list,
        description="Job nouns a grade may follow ('Product Manager II'); a grade elsewhere is no seniority.",
    )
    someone_else: list[str] = Field(
        default_factory=list,
        description="Words in a title after which it names the person the job serves or answers to ('Chief "
        "of Staff to the CPO', 'Product Manager reporting to the VP of Product'): what follows is not the job.",
    )
    rank_at_end: list[str] = Field(
        default_factory=list,
        description="Seniority words that name a rank only at the end of their part of a title or before a "
        "product word ('Head, Product', 'Product Head'), not before another word ('Head Office Systems').",
    )
    job_nouns: list[str] = Field(
        default_factory=list,
        description="Words naming a person who holds a job ('engineer', 'designer', 'manager'): a title field "
        "in a posting's wrapper that names another job must name one, so 'role: Engineering' is a team, not "
        "a title (empty: any field naming a job is one).",
    )


class Weights(_Sourced):
    """How much each kind of text evidence counts, in the same unit as phrase weights."""

    years: float = Field(ge=0)
    leading: float = Field(ge=0)
    reports: float = Field(ge=0)
    named_role: float = Field(ge=0, description="The posting's own name for the role, without a seniority word.")
    themes: float = Field(ge=0)
    leading_from: int = Field(ge=1, description="Years of leading people below this are no evidence of a level.")
    optional: float = Field(
        default=1.0,
        gt=0,
        le=1,
        description="Share a phrase counts for when its sentence calls it optional ('... a plus', 'nice to have').",
    )


class Decision(_Sourced):
    """How much net support moves a posting off the default level by its text alone."""

    support_needed: float = Field(gt=0, description="Net support a level next to the default needs.")
    support_per_step: float = Field(ge=0, description="More for each further step: a far jump needs more.")
    support_cap: float = Field(gt=0, description="Many votes for one level count no more than this.")
    temperature: float = Field(gt=0, description="Softmax temperature over the support margins.")


class Confidence(_Sourced):
    """How often each kind of reading is right; calibrated on labeled postings (`pmpath eval-leveler`)."""

    title_agrees: float = Field(gt=0, le=1, description="A title seniority word, and the text reads the same level.")
    title_one_off: float = Field(gt=0, le=1, description="A title seniority word, the text one level away.")
    title_far: float = Field(gt=0, le=1, description="A title seniority word, the text two or more levels away.")
    plain_title: float = Field(gt=0, le=1, description="A title without a seniority word: the default level.")
    named_role: float = Field(gt=0, le=1, description="No title; the text names the role with a seniority word.")
    text_moved: float = Field(gt=0, le=1, description="No title; the text moved the posting off the default level.")
    text_default: float = Field(gt=0, le=1, description="No title; the text did not move the posting.")
    text_unread: float | None = Field(
        default=None,
        gt=0,
        le=1,
        description="No title; the text is not in English, so nothing was read from it (unset: text_default).",
    )


class Signals(_Sourced):
    """The words the signal readers look for (English job-posting conventions)."""

    number_words: dict[str, int] = Field(description="Spelled numbers: 'five' -> 5, 'a decade' counts as ten years.")
    decade_words: list[str] = Field(description="Words for ten years ('decade').")
    max_years: int = Field(gt=0, description="More years of experience than this is a company's history, not an ask.")
    degrees: dict[str, str] = Field(
        description="Words that name a degree -> the degree, most basic first ('bs' -> bachelor's; 'degree' alone)."
    )
    experience_after: list[str] = Field(description="Words after a figure of years that make it experience asked.")
    experience_before: list[str] = Field(
        description="Label words before a figure of years ('Experience: 5+ years', 'Min. 3 yrs')."
    )
    not_experience: list[str] = Field(description="Words after a figure of years about the company, not the role.")
    ceiling_before: list[str] = Field(
        default_factory=list,
        description="Words before a figure of years that make it a most, not a least ('up to 3 years'): none asked.",
    )
    history_before: list[str] = Field(description="Words before a figure of years that make it history.")
    leading_words: list[str] = Field(description="Words after a figure of years that make it years of leading people.")
    people_words: list[str] = Field(description="Words saying the leading is of people (not of projects).")
    report_verbs: list[str] = Field(description="Verbs of managing people: 'manage 4 PMs'.")
    report_nouns: list[str] = Field(description="People a product leader manages: 'product managers', 'PMs'.")
    short_forms: dict[str, str] = Field(
        default_factory=dict,
        description="Words postings often shorten -> the short form ('product managers' -> 'pms'): every "
        "phrase holding the words is also found in the short form ('manage PMs' as 'manage product managers').",
    )
    report_to_role: list[str] = Field(
        default_factory=list,
        description="Words after the people counted that make them the role's reports: '3 PMs report to you'.",
    )
    own_team_words: list[str] = Field(
        default_factory=list,
        description="Words a few before a team counted without a verb of leading that make it the role's own "
        "('you will have a team of 4 PMs', 'your team of 6'); without one it may be the company's ('we are a "
        "team of 12 product managers') and is not read (empty: every such team is the role's).",
    )
    title_fields: list[str] = Field(
        default_factory=list,
        description="Names of a field whose value is the posting's title ('title', 'job title', 'position'): "
        "read near the start of a posting that comes without a title, as is a first heading naming a job.",
    )
    title_not_after: list[str] = Field(
        default_factory=list,
        description="Words that, before a job's name in a wrapper's heading or field, make it a phrase about "
        "someone else, not the posting's title: 'Reporting to the VP of Product', 'Your manager: VP of Product'.",
    )
    title_not_after_in_part: list[str] = Field(
        default_factory=list,
        description="Words that do the same only within the job's own part of the value: 'Meet the Head of "
        "Product' is no title, 'About the role: Senior PM' is one.",
    )
    sentence_words: list[str] = Field(
        default_factory=list,
        description="Words a title does not hold but a sentence does ('is', 'will', 'you'): a posting's first "
        "line holding one is a sentence, not its title ('Product management at Acme is a team sport').",
    )
    title_reach: int = Field(
        default=1500,
        ge=0,
        le=10_000,
        description="How far into a posting without a title its title field or heading is looked for.",
    )
    role_openings: list[str] = Field(description="Sentence openings that name the role: 'as a', 'as our'.")
    role_intros: list[str] = Field(description="Words before the role anywhere in a sentence: 'looking for a'.")
    role_wanted: list[str] = Field(
        default_factory=list,
        description="Words after the role at a sentence's start that name it as the one hired: 'Senior PM wanted'.",
    )
    describing_stop: list[str] = Field(
        description="Words that end the describing words before a named role ('to', 'with', 'who'...)."
    )
    negations: list[str] = Field(
        default_factory=list,
        description="Words that deny what follows in their sentence ('no', 'not', 'without', 'doesnt'): "
        "'this role has no direct reports' votes for nothing.",
    )
    negation_window: int = Field(default=4, ge=0, description="How many words before a phrase a negation reaches.")
    beside_words: list[str] = Field(
        default_factory=list,
        description="Words that put the role in or beside a group named after them, within `negation_window` "
        "words: 'join a team of five product managers' names peers, not reports ('lead a team of...' does).",
    )
    not_negations: list[str] = Field(
        default_factory=list,
        description="Words after a negation that turn it into an addition ('not only', 'not just').",
    )
    denials_after: list[str] = Field(
        default_factory=list,
        description="Words after a phrase that deny it ('people management is not part of this role'), "
        "reached within `denial_window` words.",
    )
    denial_window: int = Field(default=3, ge=0, description="How many words after a phrase a denial may start.")
    null_values: list[str] = Field(
        default_factory=list,
        description="A field's value that denies it, read only right after the phrase: 'Direct reports: none', "
        "'Line management: not required' ('grow the team from 0 to 10' is no denial).",
    )
    english_words: list[str] = Field(
        default_factory=list,
        description="Common English words ('the', 'and', 'you'): a text with too few of them is not read "
        "(empty: every text is read).",
    )
    english_share: float = Field(
        default=0.0, ge=0, le=1, description="The share of a text's words that must be `english_words` to read it."
    )
    foreign_letter_share: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="A text short of `english_share` is not read only when at least this share of its words "
        "has a letter English does not use ('für', 'équipe', 'año'); a terse English list of skills is read.",
    )
    english_min_words: int = Field(
        default=20, ge=1, description="Fewer words than this are too few to tell the language; they are read."
    )
    optional_words: list[str] = Field(
        default_factory=list,
        description="Words that make the rest of their sentence optional ('a plus', 'nice to have', 'preferred').",
    )


class PostingLeveling(_Strict):
    """Everything that turns a posting's words into a level, beyond the per-level hints."""

    default_level: str = Field(description="The level of a product title without a seniority word.")
    max_text: int = Field(
        default=200_000,
        gt=0,
        le=1_000_000,
        description="Characters read of one posting (at most the API's 1,000,000: an uploaded ladder cannot buy "
        "more work per posting than the server accepts).",
    )
    roles: Roles
    weights: Weights
    decision: Decision
    confidence: Confidence
    signals: Signals


def folded_hints(hints: list[tuple[str, Leveling]], kept: list[str], default: str | None = None) -> dict[str, Leveling]:
    """Each kept level's posting hints with those of the dropped levels nearest to it added (a tie goes
    to the lower kept level): a compact ladder still reads 'Senior PM' and 'VP' postings.

    The text phrases and themes of a level above the default that folds onto the default stay behind:
    there they could only vote against the levels above, for what the full ladder reads as a step
    toward them (a senior PM's 'long-term vision' is no sign a posting is not a director's)."""
    order = [level_id for level_id, _ in hints]
    folded = {level_id: h.model_copy(deep=True) for level_id, h in hints if level_id in kept}
    for level_id, dropped in hints:
        if level_id in kept or not kept:
            continue
        target = nearest_kept(order, kept, level_id)
        into = folded[target]
        into.title_words += [w for w in dropped.title_words if w not in into.title_words]
        text_too = not (default == target and default in order and order.index(level_id) > order.index(default))
        known = {p.text for p in into.phrases}
        into.phrases += [p for p in dropped.phrases if p.text not in known] if text_too else []
        for name in ("years", "reports"):
            mine, theirs = getattr(into, name), getattr(dropped, name)
            if theirs is not None:
                merged = theirs if mine is None else (min(mine[0], theirs[0]), max(mine[1], theirs[1]))
                setattr(into, name, merged)
                if mine is None:  # the range and its mark travel together
                    setattr(into, f"{name}_source", getattr(dropped, f"{name}_source"))
                    setattr(into, f"{name}_estimate", getattr(dropped, f"{name}_estimate"))
                elif merged != mine:  # a range spanning two levels' figures is pmpath's own
                    setattr(into, f"{name}_source", None)
                    setattr(into, f"{name}_estimate", True)
        if text_too and not into.themes and dropped.themes:
            into.themes, into.themes_needed = dict(dropped.themes), dropped.themes_needed
            into.themes_source = dropped.themes_source
    return folded


def nearest_kept(level_ids: list[str], kept: list[str], level_id: str) -> str:
    """The kept level nearest to a level of the full ladder (a tie goes to the lower one)."""
    position = {lid: i for i, lid in enumerate(level_ids)}
    return min(kept, key=lambda k: (abs(position[k] - position[level_id]), position[k]))
