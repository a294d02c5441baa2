"""Choosing the top suggestions: by score, ties by opening id, at most two per employer unless fewer remain."""

from __future__ import annotations

import numpy as np

SCORE_STEPS = 10_000  # scores are compared and shown at 4 decimals


def sort_keys(score: np.ndarray, id_rank: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """One integer per opening ordering by rounded score, then by id; -1 for openings not eligible."""
    n = max(len(id_rank), 1)
    steps = np.rint(score.astype(np.float64) * SCORE_STEPS).astype(np.int64)
    keys = steps * n + (n - 1 - id_rank)
    return np.where(eligible, keys, -1)


def _best(keys: np.ndarray, count: int) -> np.ndarray:
    """Row numbers of the ``count`` largest keys, largest first."""
    if count >= keys.size:
        rows = np.arange(keys.size)
    else:
        rows = np.argpartition(-keys, count - 1)[:count]
    return rows[np.argsort(-keys[rows], kind="stable")]


def select_top(keys: np.ndarray, employer_id: np.ndarray, top: int, cap: int = 2) -> np.ndarray:
    """Rows of the suggestions in order: best keys first, at most ``cap`` per employer unless fewer remain.

    When the other employers run out, the deferred openings fill the remaining places, best first.
    """
    eligible = int((keys >= 0).sum())
    want = min(top, eligible)
    if want <= 0:
        return np.zeros(0, dtype=np.int64)
    pool = min(eligible, max(4 * want, want + 40))
    while True:
        chosen, deferred, per_employer = [], [], {}
        for row in _best(keys, pool):
            employer = int(employer_id[row])
            if per_employer.get(employer, 0) < cap:
                per_employer[employer] = per_employer.get(employer, 0) + 1
                chosen.append(row)
                if len(chosen) == want:
                    break
            else:
                deferred.append(row)
        if len(chosen) == want or pool >= eligible:
            break
        pool = min(eligible, pool * 4)
    chosen.extend(deferred[: want - len(chosen)])
    rows = np.array(chosen, dtype=np.int64)
    return rows[np.argsort(-keys[rows], kind="stable")]
