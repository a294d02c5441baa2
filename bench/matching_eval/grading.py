"""The grading rules of RULES.md, applied by code: relevance 0-3 for every (profile, opening) pair.

Written apart from ``matching`` and sharing none of its code: the grade depends on the opening's true
occupation and what the job involves (``truth.jsonl``), the participant's hand-written labels, and the hard
limits as the contract states them.
"""

from __future__ import annotations

import math


def _distance_km(a: dict, b: dict) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def breaks_limit(profile: dict, opening: dict) -> bool:
    """Rule 1: the opening states something that breaks one of the participant's hard limits."""
    if set(profile.get("shifts_excluded") or []) & set(opening.get("shifts") or []):
        return True
    most_hours = (profile.get("hours_per_week") or {}).get("max")
    fewest_offered = (opening.get("hours_per_week") or {}).get("min")
    if most_hours is not None and fewest_offered is not None and fewest_offered > most_hours:
        return True
    wage = profile.get("min_hourly_wage")
    pay = opening.get("hourly_wage") or {}
    best_pay = pay.get("max") if pay.get("max") is not None else pay.get("min")
    if wage is not None and best_pay is not None and best_pay < wage:
        return True
    if opening.get("remote") is not True and profile.get("max_travel_km") is not None:
        here, there = profile.get("location"), opening.get("location")
        if here and there and _distance_km(here, there) > profile["max_travel_km"] + 1e-6:
            return True
    if profile.get("remote") == "only" and opening.get("remote") is False:
        return True
    return profile.get("remote") == "no" and opening.get("remote") is True


def grade(profile: dict, labels: dict, opening: dict, truth: dict) -> int:
    """Rules 1-3: limits first, then the true occupation, then one grade off for something to avoid."""
    if breaks_limit(profile, opening):
        return 0
    occupation = truth["occupation"]
    base = 3 if occupation in labels["want"] else 2 if occupation in labels["close"] else (
        1 if occupation in labels["related"] else 0)
    if base and set(labels.get("avoid_tags", ())) & set(truth["involves"]):
        base -= 1
    return base
