"""Job-board wrappers off, text normalized: the leveler reads plain lowercase words."""

from __future__ import annotations

import html
import re

_BLOCK_TAG = re.compile(r"<(?:/?(?:p|li|ul|ol|div|h\d|tr)|br)\b[^<>]*>", re.I)  # ends a paragraph or list item
_TAG = re.compile(r"<[^<>]+>")  # no "<" inside: a stray "<" never scans to the end of the text
_NON_WORD = re.compile(r"[^a-z0-9+&]+")
# LinkedIn's 'Seniority level' field: picked from a coarse list by whoever posts, often not the role's
# level ('Entry level' on mid-level PM roles, 'Associate' on senior ones), so its value is not read
_BOARD_SENIORITY = re.compile(r"\bseniority level\s+(?:[a-z]+\s+){1,3}?(?=employment type\b)")
# where a sentence or list item ends: '...five years. Set goals', '...with APIs. Manage 4 PMs' (an
# acronym's plural), 'NO RELOCATION. YOU WILL...' (a posting in capitals), a new bullet, a blank line; 'Sr. Product Manager', 'Snr. PM' and 'e.g. Python'
# are not ends (too short or capitalized a word before the stop); the stop is matched before the look
# back, which keeps the scan fast
_SENTENCE_END = re.compile(
    r"[.!?;](?:(?<=[a-z]{3}[.!?;])|(?<=[A-Z]{2}s[.!?;])|(?<=[A-Z]{4}[.!?;]))(?=\s+[A-Z])"
    # a numbered list item's number is a marker, not a figure ('1. 10+ years' asks for 10, not 1-10);
    # every branch starts with a stop or a line end, so the engine scans for those characters only
    r"|\n\s*(?:\d{1,2}[.)][ \t]+|\n|(?=[-*•]))"
)
_FIRST_ITEM = re.compile(r"\s*\d{1,2}[.)][ \t]+")  # the number of a list's first item, at the very start
SENTENCE_BREAK = "|"  # stands between sentences in normalized text; normalize() never leaves one
_BETWEEN_SENTENCES = f" {SENTENCE_BREAK} "
# every byte but a-z, 0-9, '+', '&' and the sentence break becomes a space: one table lookup per
# character (non-ASCII characters arrive as '?'), several times faster than a regex substitution
_KEPT = b"abcdefghijklmnopqrstuvwxyz0123456789+&" + SENTENCE_BREAK.encode()
_TO_SPACE = bytes(c if c in _KEPT else 32 for c in range(256))
_BREAKS = re.compile(r"\|(?: \|)+")  # a run of ends (an empty sentence between them) is one end
_ESCAPES = {"\\n": "\n", "\\t": " ", '\\"': '"', "\\u2019": "'"}


def plain_text(text: str) -> str:
    """The posting as readable text: data-file escapes, HTML tags and entities removed."""
    if "\\" in text:
        for escape, char in _ESCAPES.items():
            text = text.replace(escape, char)
    if "<" in text:
        text = _TAG.sub(" ", _BLOCK_TAG.sub("\n\n", text))
    if "&" in text:
        text = html.unescape(text)
    return text


def normalized_sentences(text: str) -> str:
    """Normalized text with ' | ' between sentences and list items, so no phrase or figure is read
    across them ('decides for three to five years. Set product goals' asks for no years). One pass:
    the ends are marked, then the whole text is normalized with the marks kept."""
    return normalized_words(text)[0]


def normalized_words(text: str) -> tuple[str, list[str]]:
    """`normalized_sentences` and its words, split once (the leveler reads both)."""
    if "\r" in text:  # Windows and old Mac line ends are line ends: list items and blank lines alike
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if first := _FIRST_ITEM.match(text):
        text = text[first.end() :]
    marked = _SENTENCE_END.sub(_BETWEEN_SENTENCES, text.replace(SENTENCE_BREAK, " "))
    lowered = marked.lower().replace("’", "'").replace("'", "")
    words = lowered.encode("ascii", "replace").translate(_TO_SPACE).decode("ascii").split()
    norm = " ".join(words)
    if f"{SENTENCE_BREAK} {SENTENCE_BREAK}" in norm:  # an empty sentence between two ends
        norm = _BREAKS.sub(SENTENCE_BREAK, norm)
        words = norm.split()
    if words and (words[0] == SENTENCE_BREAK or words[-1] == SENTENCE_BREAK):  # no end before the first word
        norm = norm.strip(" " + SENTENCE_BREAK)
        words = norm.split()
    return norm, words


# 'v.p.', 's.v.p.', 'm.b.a.'; not a time of day after its figure ('2 p.m.' is no 'pm')
_INITIALS = re.compile(r"(?<![a-z0-9])(?<![0-9] )((?:[a-z]\.){2,})(?![a-z0-9])")


def normalize(text: str) -> str:
    """Lower case, punctuation to single spaces, '+' and '&' kept, initials joined: 'Sr. PM (5+ yrs)'
    -> 'sr pm 5+ yrs', 'V.P. of Product' -> 'vp of product'."""
    text = text.lower().replace("’", "'").replace("'", "")
    if "." in text:
        text = _INITIALS.sub(lambda m: m[1].replace(".", ""), text)
    return _NON_WORD.sub(" ", text).strip()


def without_board_fields(norm: str) -> str:
    """Normalized text without the job board's own seniority field, which says little of the role."""
    if "seniority level" not in norm:  # a substring test is far cheaper than the scan
        return norm
    return _BOARD_SENIORITY.sub("", norm)
