"""The duplicate guard's name rules for thousands of names at once, for imports.

``crm.employers.duplicates.NameIndex.similar`` compares one name with every indexed name twice (``token_sort_ratio``
and ``token_set_ratio``): about 25 ms against 30,000 names, so four minutes for an import of 10,000 rows.
``BatchNameIndex.similar_many`` gives the same answers (tests/crm/transfer/test_similar.py compares the two) in a
fraction of the time, by running ``NameIndex.similar`` itself on the few names that can reach either cut-off:

- SIMILAR_NAME of ``token_sort_ratio``: that is ``ratio`` of the names with their words sorted, which
  ``process.cdist`` computes for a block of rows at once on every core;
- CONTAINED_NAME of ``token_set_ratio``: reached only when (a) the other name holds all of this name's words but a
  few short ones, (b) this name holds all of the other's words but a few short ones, or (c) the words the two do
  not share are nearly the same letters (so their lengths and letter counts are close). Three indexes find those.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz, process

from crm.employers.duplicates import CONTAINED_NAME, SIMILAR_NAME, NameIndex

BLOCK = 256  # rows compared at once: 256 × 30,000 scores of 4 bytes is 30 MB
# token_set_ratio ≥ CONTAINED_NAME needs the unshared words of one side to be this short, relative to its length…
_SHORT = 2 * (100 - CONTAINED_NAME) / CONTAINED_NAME
# …or the two names' lengths and letters to differ by at most this share of their total length.
_CLOSE = (100 - CONTAINED_NAME) / 100
_MOST_WORDS = 10  # names with more words than this use the plain word index for (b)
_MOST_SUBSETS = 64  # sets of short words to try before falling back to the plain word index
_EMPTY: frozenset[int] = frozenset()


def _slot(ch: str) -> int:
    if "a" <= ch <= "z":
        return ord(ch) - 97
    if "0" <= ch <= "9":
        return 26 + ord(ch) - 48
    return 36 if ch == " " else 37 + ord(ch) % 3


def _letters(text: str) -> np.ndarray:
    """How often each letter occurs, up to 127 (other characters share three slots).

    Sharing slots and stopping at 127 can only bring two names' counts closer, so the filter stays a lower bound.
    """
    counts = np.zeros(40, dtype=np.int16)
    for ch in text:
        counts[_slot(ch)] += 1
    return np.minimum(counts, 127).astype(np.int8)


def _short_subsets(words: frozenset[str], budget: float) -> list[frozenset[str]] | None:
    """The empty set and each set of words that, joined with spaces, is at most budget characters long.

    None when there are more than _MOST_SUBSETS of them (a name of many one-letter words): the caller then falls
    back to a wider search, so that no candidate is missed.
    """
    found = [frozenset()]
    short = sorted(word for word in words if len(word) <= budget)
    for size in range(1, len(short) + 1):
        for combo in combinations(short, size):
            if len(" ".join(combo)) <= budget:
                found.append(frozenset(combo))
                if len(found) > _MOST_SUBSETS:
                    return None
    return found


class BatchNameIndex:
    """Normalised names (existing employers first, then the file's rows in order) and the indexes over them."""

    def __init__(self, rows: Iterable[tuple[Hashable, str]]):
        self.keys: list[Hashable] = []
        self.names: list[str] = []
        for key, name in rows:
            self.keys.append(key)
            self.names.append(name or "")
        self.sorted_words = [" ".join(sorted(name.split())) for name in self.names]
        word_sets = [frozenset(name.split()) for name in self.names]
        lengths = np.array([len(" ".join(words)) for words in word_sets], dtype=np.int32)
        self.postings: dict[str, set[int]] = defaultdict(set)
        self.reduced: dict[frozenset[str], list[int]] = defaultdict(list)
        self.always: list[int] = []  # names with too many short words to index: every query looks at them
        for j, words in enumerate(word_sets):
            for word in words:
                self.postings[word].add(j)
            subsets = _short_subsets(words, lengths[j] * _SHORT)
            if subsets is None:
                self.always.append(j)
                continue
            for dropped in subsets:
                if words - dropped:
                    self.reduced[words - dropped].append(j)
        self.by_length = np.argsort(lengths, kind="stable")
        self.sorted_lengths = lengths[self.by_length]
        letters = [_letters(" ".join(sorted(word_sets[j]))) for j in self.by_length]
        self.letters = np.stack(letters) if letters else np.zeros((0, 40), dtype=np.int8)

    def __len__(self) -> int:
        return len(self.names)

    def similar_many(self, queries: list[str], limits: list[int]) -> list[list[tuple[Hashable, float, str]]]:
        """For each query, (key, score, reason) of similar names among the first limits[i] indexed, best first."""
        results: list[list[tuple[Hashable, float, str]]] = []
        for start in range(0, len(queries), BLOCK):
            block = queries[start:start + BLOCK]
            scores = None
            if self.names:
                scores = process.cdist([" ".join(sorted(q.split())) for q in block], self.sorted_words,
                                       scorer=fuzz.ratio, score_cutoff=SIMILAR_NAME - 1, workers=-1)
            for offset, query in enumerate(block):
                limit = limits[start + offset]
                if not query or scores is None:
                    results.append([])
                    continue
                close = np.flatnonzero(scores[offset, :limit])
                results.append(self._rank(query, close, limit))
        return results

    def _rank(self, query: str, close: np.ndarray, limit: int) -> list[tuple[Hashable, float, str]]:
        """NameIndex.similar itself, run on the only names that can be similar (kept in index order for ties)."""
        candidates = sorted(set(close.tolist()) | self._contained_candidates(query, limit))
        if not candidates:
            return []
        local = NameIndex((j, self.names[j]) for j in candidates)
        return [(self.keys[j], score, why) for j, score, why in local.similar(query)]

    def _contained_candidates(self, query: str, limit: int) -> set[int]:
        """Every indexed name (below limit) whose token_set_ratio with query can reach CONTAINED_NAME."""
        words = frozenset(query.split())
        length = len(" ".join(words))
        found: set[int] = set(self.always)
        # (a) names holding all of the query's words but a few short ones
        subsets = _short_subsets(words, length * _SHORT)
        for dropped in subsets if subsets is not None else ():
            kept = sorted((self.postings.get(word, _EMPTY) for word in words - dropped), key=len)
            if kept:
                found |= set(kept[0]).intersection(*kept[1:])
        if subsets is None:
            for word in words:
                found |= self.postings.get(word, _EMPTY)
        # (b) names whose words are all in the query but a few short ones
        if len(words) <= _MOST_WORDS:
            for size in range(1, len(words) + 1):
                for combo in combinations(sorted(words), size):
                    found.update(self.reduced.get(frozenset(combo), ()))
        else:
            for word in words:
                found |= self.postings.get(word, _EMPTY)
        # (c) names of nearly the same length and letters
        low = np.searchsorted(self.sorted_lengths, length * (1 - _CLOSE) / (1 + _CLOSE) - 1e-6, "left")
        high = np.searchsorted(self.sorted_lengths, length * (1 + _CLOSE) / (1 - _CLOSE) + 1e-6, "right")
        if low < high:
            apart = np.abs(self.letters[low:high] - _letters(" ".join(sorted(words)))).sum(axis=1)
            near = apart <= _CLOSE * (length + self.sorted_lengths[low:high]) + 1e-6
            found.update(self.by_length[low:high][near].tolist())
        return {j for j in found if j < limit}
