"""Quality on the evaluation set: the matcher and two simple baselines, in the same run, same limits."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, utils
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from bench.matching_eval.grading import breaks_limit, grade
from bench.matching_eval.metrics import RELEVANT, ndcg_at, precision_at, reciprocal_rank
from matching import Matcher

DATA = Path(__file__).resolve().parent / "data"
TOP = 10


def load(name: str) -> list[dict]:
    """Rows of one JSON-lines file of data/."""
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _top_by_score(scores: np.ndarray, openings: list[dict], profile: dict) -> list[str]:
    """Best ``TOP`` openings by score then id, among those not breaking a stated hard limit."""
    allowed = [i for i, o in enumerate(openings) if not breaks_limit(profile, o)]
    allowed.sort(key=lambda i: (-round(float(scores[i]), 6), openings[i]["id"]))
    return [openings[i]["id"] for i in allowed[:TOP]]


def title_fuzzy_baseline(openings: list[dict]) -> Callable[[dict], list[str]]:
    """Baseline 1: best rapidfuzz token-set ratio between any goal (or past job) and the title."""
    titles = [utils.default_process(o.get("title") or "") for o in openings]

    def rank(profile: dict) -> list[str]:
        queries = [
            utils.default_process(q) for q in (profile.get("job_goals") or []) + (profile.get("experience") or [])
        ]
        scores = np.array([max((fuzz.token_set_ratio(q, t) for q in queries), default=0.0) for t in titles])
        return _top_by_score(scores, openings, profile)

    return rank


def _opening_text(o: dict) -> str:
    return " ".join(
        [o.get("title") or "", o.get("industry") or "", o.get("description") or "", *(o.get("requirements") or [])]
    )


def _profile_text(p: dict) -> str:
    fields = ("job_goals", "industries", "strengths", "skills", "experience")
    return " ".join(" ".join(p.get(f) or []) for f in fields)


def tfidf_baseline(openings: list[dict]) -> Callable[[dict], list[str]]:
    """Baseline 2: TF-IDF cosine between all of the profile's text and all of the opening's text."""
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    matrix = vectorizer.fit_transform([_opening_text(o) for o in openings])

    def rank(profile: dict) -> list[str]:
        query = vectorizer.transform([_profile_text(profile)])
        return _top_by_score(linear_kernel(matrix, query).ravel(), openings, profile)

    return rank


def matcher_ranker(openings: list[dict]) -> Callable[[dict], list[str]]:
    """The matcher under test, fitted once."""
    matcher = Matcher().fit(openings)
    return lambda profile: [s.opening_id for s in matcher.rank(profile, top=TOP).suggestions]


def evaluate() -> dict[str, dict[str, float]]:
    """NDCG@10, P@5, MRR and hard-limit breaks for the matcher and both baselines."""
    openings, truth = load("openings.jsonl"), {t["opening_id"]: t for t in load("truth.jsonl")}
    labels = {row["participant_id"]: row for row in load("labels.jsonl")}
    profiles = load("profiles.jsonl")
    by_id = {o["id"]: o for o in openings}
    rankers = {
        "matching": matcher_ranker(openings),
        "baseline: title fuzzy": title_fuzzy_baseline(openings),
        "baseline: TF-IDF cosine": tfidf_baseline(openings),
    }
    results: dict[str, dict[str, float]] = {}
    for name, rank in rankers.items():
        ndcg, p5, rr, breaks, counted = [], [], [], 0, 0
        for profile in profiles:
            grades = {o["id"]: grade(profile, labels[profile["id"]], o, truth[o["id"]]) for o in openings}
            if max(grades.values()) < RELEVANT:
                continue  # nothing relevant to find (the empty profile): not counted
            ranked_ids = rank(profile)
            breaks += sum(breaks_limit(profile, by_id[i]) for i in ranked_ids)
            ranked = [grades[i] for i in ranked_ids]
            ndcg.append(ndcg_at(ranked, list(grades.values()), TOP))
            p5.append(precision_at(ranked, 5))
            rr.append(reciprocal_rank(ranked, TOP))
            counted += 1
        results[name] = {
            "NDCG@10": float(np.mean(ndcg)),
            "P@5": float(np.mean(p5)),
            "MRR": float(np.mean(rr)),
            "hard-limit breaks": breaks,
            "profiles": counted,
        }
    return results


def per_profile(name: str = "matching") -> list[tuple[str, float]]:
    """NDCG@10 per profile for one ranker (for looking into weak spots)."""
    openings, truth = load("openings.jsonl"), {t["opening_id"]: t for t in load("truth.jsonl")}
    labels = {row["participant_id"]: row for row in load("labels.jsonl")}
    rank = matcher_ranker(openings) if name == "matching" else tfidf_baseline(openings)
    out = []
    for profile in load("profiles.jsonl"):
        grades = {o["id"]: grade(profile, labels[profile["id"]], o, truth[o["id"]]) for o in openings}
        if max(grades.values()) >= RELEVANT:
            out.append((profile["id"], ndcg_at([grades[i] for i in rank(profile)], list(grades.values()), TOP)))
    return out
