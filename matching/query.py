"""Turning one profile into a query: readings of its goals, past jobs and avoid list, and TF-IDF terms.

A profile's text holds few terms, so ``matrix @ q`` is computed from the postings of those terms only (a
column-major copy of the TF-IDF matrix made at fit time), rather than by a pass over the whole matrix: the
cost follows how many openings mention the profile's words, not how many openings there are. The query is
kept in the matrix's dtype (float32), so nothing is upcast.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from matching.index import OpeningIndex
from matching.jobtable import AVOID_LINES, parse_table
from matching.records import Profile
from matching.roles import GOAL_NEGATIONS, Reading, read_goal, read_title
from matching.text import analyze, raw_words, term_of

# Words too common in adverts and strengths to be worth naming as "what matched".
GENERIC_TERMS = frozenset("good great excellent skill experience able ability strong well level willing".split())


def _avoid_table() -> list[tuple[set[tuple[str, ...]], list[str]]]:
    table = []
    for phrases, words in parse_table(AVOID_LINES, 2):
        keys = {tuple(raw_words(p)) for p in phrases.split(",")}
        table.append((keys, words.split()))
    return table


AVOID_TABLE = _avoid_table()


def avoid_terms_of(item: str) -> list[str]:
    """Index terms that suggest an opening involves something on the avoid list."""
    words = tuple(raw_words(item))
    terms: list[str] = []
    for keys, hints in AVOID_TABLE:
        if any(words == k or (len(k) > 0 and _contains(words, k)) for k in keys):
            terms.extend(t for t in (term_of(h) for h in hints) if t)
    return terms or analyze(item)


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


@dataclass
class Query:
    """What ranking needs from one profile: readings, and weighted index terms for each text."""

    profile: Profile
    goals: list[Reading]
    past: list[Reading]
    avoid: list[Reading]
    avoid_labels: list[str]
    text_terms: tuple[np.ndarray, np.ndarray]
    goal_terms: list[tuple[np.ndarray, np.ndarray]]
    avoid_terms: list[tuple[np.ndarray, np.ndarray]]

    @property
    def has_text(self) -> bool:
        """True when the profile states strengths, skills or past jobs."""
        p = self.profile
        return bool(p.strengths or p.skills or p.experience)


def _column_terms(index: OpeningIndex, terms: list[str]) -> list[int]:
    return [index.vocabulary[t] for t in terms if t in index.vocabulary]


_NO_TERMS = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))


def _weighted(index: OpeningIndex, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """TF-IDF terms and weights of each text, in the index's vocabulary and dtype."""
    # The index's own weighting: sublinear tf times idf, L2-normalised.
    vocabulary, idf = index.vocabulary, index.idf
    out = []
    for text in texts:
        counts = Counter(vocabulary[t] for t in analyze(text) if t in vocabulary)
        if not counts:
            out.append(_NO_TERMS)
            continue
        columns = np.array(sorted(counts), dtype=np.int64)
        weights = (1.0 + np.log([counts[c] for c in columns])) * idf[columns]
        weights /= np.sqrt(np.dot(weights, weights))
        out.append((columns, weights.astype(index.matrix.dtype)))
    return out


def build_query(index: OpeningIndex, profile: Profile) -> Query:
    """Read the profile once and find its terms in the index's vocabulary."""
    goals = [read_goal(g) for g in profile.job_goals]
    past = [read_title(e) for e in profile.experience]
    # The avoid list, and what goals rule out ("anything but cleaning" avoids cleaning).
    avoid_labels = [*profile.avoid, *(g.ruled_out for g in goals if g.ruled_out)]
    avoid = [read_goal(a) for a in avoid_labels]
    text = " \n ".join((*profile.strengths, *profile.skills, *profile.experience))
    # A goal is searched for in its normalised words too, so "KP" is also found as "kitchen porter".
    goal_texts = [raw if GOAL_NEGATIONS & set(g.text.split()) else f"{g.text} {raw}"
                  for g, raw in zip(goals, profile.job_goals, strict=True)]
    weighted = _weighted(index, [text, *goal_texts])
    avoid_terms = []
    for item in avoid_labels:
        columns = np.array(sorted(set(_column_terms(index, avoid_terms_of(item)))), dtype=np.int64)
        avoid_terms.append((columns, np.ones(columns.size, dtype=np.float32)))
    return Query(profile, goals, past, avoid, avoid_labels, weighted[0], weighted[1:], avoid_terms)


def column_sums(index: OpeningIndex, terms: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """``matrix @ q`` for a sparse query ``q``, read from the term postings (only the rows that hold them)."""
    out = np.zeros(index.size, dtype=np.float32)
    postings = index.postings
    for column, weight in zip(*terms, strict=True):
        start, end = postings.indptr[column], postings.indptr[column + 1]
        out[postings.indices[start:end]] += weight * postings.data[start:end]
    return out


def item_terms(index: OpeningIndex, item: str) -> set[int]:
    """Index columns of one strength, skill or past job, without generic words."""
    terms = [t for t in analyze(item) if t not in GENERIC_TERMS]
    return set(_column_terms(index, terms))
