"""Finding many phrases in a text in one pass over its words.

An index from a phrase's first word to its word sequences; filler words inside a phrase are
optional ('team of product managers' also finds 'team of managers'). One dictionary lookup per
word of the posting replaces a scan of the whole text per phrase list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import product
from typing import Generic, TypeVar

Key = TypeVar("Key")
OPTIONAL = frozenset({"of", "the", "a", "an", "our", "your", "product", "products"})


def variants(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Every form of a phrase with or without each inner filler word."""
    slots = [(w,) if (w not in OPTIONAL or i in (0, len(words) - 1)) else (w, None) for i, w in enumerate(words)]
    return {tuple(w for w in combo if w is not None) for combo in product(*slots)}


class PhraseIndex(Generic[Key]):
    """Phrases (already normalized: lower case, single spaces) mapped to keys, found word by word."""

    def __init__(self, phrases: Iterable[tuple[str, Key]]):
        # first word -> [(length, {form: key})], longest first: one lookup per length tried, not one
        # comparison per form (a common first word starts dozens of forms). A phrase as written keeps
        # its form against another's with a filler left out ('managing managers' is the VP's phrase,
        # not 'managing product managers' shortened); else the first phrase listed keeps it
        by_length: dict[str, dict[int, dict[tuple[str, ...], Key]]] = {}
        entries = list(phrases)
        written = [(tuple(phrase.split()), key) for phrase, key in entries]
        shortened = [(form, key) for words, key in written for form in variants(words) if form != words]
        for form, key in [*written, *shortened]:
            if form:
                by_length.setdefault(form[0], {}).setdefault(len(form), {}).setdefault(form, key)
        self._first = {word: sorted(lengths.items(), reverse=True) for word, lengths in by_length.items()}

    def find(self, words: list[str]) -> Iterator[tuple[int, int, Key]]:
        """(position, number of words, key) of every phrase occurrence; the longest form wins at each position."""
        first = self._first
        for i in [i for i, word in enumerate(words) if word in first]:  # few words start a phrase
            for n, forms in first[words[i]]:
                key = forms.get(tuple(words[i : i + n]))
                if key is not None:
                    yield i, n, key
                    break
