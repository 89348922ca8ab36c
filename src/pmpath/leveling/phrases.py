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
        self._first: dict[str, list[tuple[tuple[str, ...], Key]]] = {}
        for phrase, key in phrases:
            for form in variants(tuple(phrase.split())):
                if form:
                    self._first.setdefault(form[0], []).append((form, key))
        for candidates in self._first.values():
            candidates.sort(key=lambda item: -len(item[0]))

    def find(self, words: list[str]) -> Iterator[tuple[int, int, Key]]:
        """(position, number of words, key) of every phrase occurrence; the longest form wins at each position."""
        first = self._first
        for i in [i for i, word in enumerate(words) if word in first]:  # few words start a phrase
            for form, key in first[words[i]]:
                n = len(form)
                if n == 1 or tuple(words[i : i + n]) == form:
                    yield i, n, key
                    break
