"""NDCG@10, precision at 5 and mean reciprocal rank over graded relevance (see RULES.md)."""

from __future__ import annotations

import math

RELEVANT = 2  # a grade of 2 or 3 counts as relevant for P@5 and MRR


def dcg(grades: list[int]) -> float:
    """Discounted cumulative gain with gain 2**grade - 1."""
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ndcg_at(ranked: list[int], all_grades: list[int], k: int = 10) -> float:
    """DCG of the top k over the DCG of the best possible top k."""
    ideal = dcg(sorted(all_grades, reverse=True)[:k])
    return dcg(ranked[:k]) / ideal if ideal > 0 else 0.0


def precision_at(ranked: list[int], k: int = 5) -> float:
    """Share of the top k that are relevant (a short list counts its missing places as not relevant)."""
    return sum(g >= RELEVANT for g in ranked[:k]) / k


def reciprocal_rank(ranked: list[int], k: int = 10) -> float:
    """1 / position of the first relevant suggestion in the top k, else 0."""
    for i, g in enumerate(ranked[:k]):
        if g >= RELEVANT:
            return 1.0 / (i + 1)
    return 0.0
