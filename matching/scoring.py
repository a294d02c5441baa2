"""The scorers: each turns one profile and the fitted index into one number in [0, 1] per opening.

``goal`` (job goals against titles, kinds of work, sectors, then descriptions), ``text`` (strengths, skills and
past jobs against descriptions and requirements, TF-IDF cosine), ``experience`` (past jobs against titles),
``industry``, ``practical`` (hours, pay, distance, shifts, remote) and ``quality`` (what the opening states;
found through job development). :func:`combine` weighs the scorers the profile gives something to, and the
avoid list lowers the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from matching.index import ROLE_NAMES, ROLE_NUMBER, SECTOR_BIT, TAG_BIT, OpeningIndex
from matching.records import Profile
from matching.roles import Reading, read_industry, role_relation

WEIGHTS = {"goal": 0.50, "text": 0.12, "experience": 0.08, "industry": 0.10, "practical": 0.12, "quality": 0.08}
# How goal matches rank against each other (the reasons name the kind of match).
SAME_ROLE, TAG_MATCH, SECTOR_MATCH = 1.0, 0.9, 0.5
NUDGE, WORDS_ALONE, WORDS_DISPUTED, QUALIFIED_FACTOR = 0.15, 0.6, 0.1, 0.6
SENIOR_FACTOR = 0.5
AVOID_FACTOR, AVOID_FLOOR, EMPTY_FACTOR = 0.6, 0.3, 0.5
TEXT_FULL, MENTION_FULL = 0.3, 0.2

# How a goal matched an opening, kept per opening for the reasons.
NO_MATCH, BY_ROLE, BY_FAMILY, BY_TAG, BY_SECTOR, BY_TITLE_WORDS, BY_MENTION = range(7)


@lru_cache(maxsize=256)
def relation_vector(role: str) -> np.ndarray:
    """``role_relation(role, r)`` for every role of the table, as an array in ``ROLE_NAMES`` order."""
    return np.array([role_relation(role, other) for other in ROLE_NAMES], dtype=np.float32)


@dataclass
class GoalMatch:
    """Per opening: the best goal score, which goal gave it, and how it matched."""

    score: np.ndarray
    goal: np.ndarray
    how: np.ndarray


def title_scores(index: OpeningIndex, reading: Reading, sectors: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray,
                                                                                       np.ndarray]:
    """Per distinct title: the level of its fit to one goal, how it fits (``BY_*``), and shared words (0-1).

    The level comes from the job table (same role, family, kind of work, sector). Shared words (a fuzzy
    token-set ratio) are measured where the table cannot decide: for every title when it does not know the
    goal, else for the titles it does not know.
    """
    titles = index.titles
    level = np.zeros(titles.size, dtype=np.float32)
    how = np.zeros(titles.size, dtype=np.int8)
    words = np.zeros(titles.size, dtype=np.float32)
    if reading.roles:
        values = np.max([relation_vector(r) for r in reading.roles], axis=0)
        by_role = titles.max_over_roles(values)
        if not reading.senior:
            by_role = np.where(titles.senior, by_role * SENIOR_FACTOR, by_role)
        exact = titles.max_over_roles(values >= SAME_ROLE)
        level, how = by_role, np.where(by_role > 0, np.where(exact > 0, BY_ROLE, BY_FAMILY), NO_MATCH)
    if reading.tags:
        hits = sum(((titles.tag_mask & TAG_BIT[t]) > 0).astype(np.int8) for t in reading.tags)
        by_tag = np.where(hits == len(reading.tags), TAG_MATCH, np.where(hits > 0, 0.6 * TAG_MATCH, 0.0))
        better = by_tag > level
        level, how = np.where(better, by_tag, level), np.where(better, BY_TAG, how)
    if sectors and not reading.roles:
        bits = sum(SECTOR_BIT[s] for s in sectors)
        by_sector = np.where((titles.sector_mask & bits) > 0, SECTOR_MATCH, 0.0)
        better = by_sector > level
        level, how = np.where(better, by_sector, level), np.where(better, BY_SECTOR, how)
    if reading.tags or sectors:
        # A kind of work or a sector does not ask for a profession: jobs that need one count for less.
        by_kind = np.isin(how, (BY_TAG, BY_SECTOR)) & titles.qualified
        level = np.where(by_kind, level * QUALIFIED_FACTOR, level)
    if reading.text and titles.size:
        targets = np.arange(titles.size) if not reading.known else np.flatnonzero(~titles.known)
        if targets.size:
            choices = [titles.texts[t] for t in targets]
            similarity = process.cdist([reading.text], choices, scorer=fuzz.token_set_ratio, workers=1)[0]
            words[targets] = np.clip((similarity - 50.0) / 50.0, 0.0, 1.0)
    return level.astype(np.float32), how.astype(np.int8), words


def goal_component(index: OpeningIndex, goals: list[Reading], mentions: list[np.ndarray]) -> GoalMatch:
    """The best of all goals per opening; ``mentions[g]`` is goal ``g``'s cosine with each opening's text.

    A goal's score is its level from the job table, nudged up to 15 % by evidence in the words (shared title
    words, the description mentioning the goal), which orders openings within a level. Without a level, the
    words alone count: fully where the table knows the goal or the title but not both, barely where the
    table knows both and says they are different jobs ("security guard" in a security engineer's advert).
    """
    best: GoalMatch | None = None
    for g, reading in enumerate(goals):
        sectors = read_industry(reading.text) if not reading.roles else ()
        level_t, how_t, words_t = title_scores(index, reading, sectors)
        level, how, words = level_t[index.title_id], how_t[index.title_id], words_t[index.title_id]
        if sectors:
            bits = sum(SECTOR_BIT[s] for s in sectors)
            in_sector = ((index.industry_sector_mask & bits) > 0)[index.industry_id] & (level < SECTOR_MATCH)
            level[in_sector], how[in_sector] = SECTOR_MATCH, BY_SECTOR
        rows = np.flatnonzero(mentions[g])
        mention = np.zeros(index.size, dtype=np.float32)
        mention[rows] = np.minimum(mentions[g][rows] / MENTION_FULL, 1.0)
        evidence = np.maximum(words, mention)
        undecided = ~(index.titles.known[index.title_id] & reading.known)
        alone = evidence * np.where(undecided, WORDS_ALONE, WORDS_DISPUTED)
        score = np.where(level > 0, level * (1.0 - NUDGE + NUDGE * evidence), alone).astype(np.float32)
        how = np.where(level > 0, how, np.where(alone <= 0, NO_MATCH,
                                                 np.where(mention >= words, BY_MENTION, BY_TITLE_WORDS)))
        if best is None:
            best = GoalMatch(score, np.zeros(index.size, np.int8), how.astype(np.int8))
            continue
        improve = score > best.score
        best.score[improve], best.goal[improve], best.how[improve] = score[improve], g, how[improve]
    if best is None:
        raise ValueError("goal_component needs at least one goal")
    return best


def experience_component(index: OpeningIndex, past: list[Reading]) -> np.ndarray:
    """Past jobs against titles: the same job 1, the same family 0.6, the same sector 0.25."""
    values = np.zeros(len(ROLE_NAMES), dtype=np.float32)
    for reading in past:
        for role in reading.roles:
            values = np.maximum(values, relation_vector(role))
    if not values.any():
        return np.zeros(index.size, dtype=np.float32)
    return index.titles.max_over_roles(values)[index.title_id]


def industry_component(index: OpeningIndex, industries: tuple[str, ...]) -> np.ndarray:
    """1 where the opening's industry (or the sector of its job) is one the participant chose."""
    bits = 0
    for name in industries:
        for sector in read_industry(name):
            bits |= SECTOR_BIT[sector]
    distinct = np.zeros(len(index.industries) + 1, dtype=bool)
    if index.industries:
        similarity = process.cdist(list(industries), index.industries, scorer=fuzz.token_set_ratio,
                                   processor=str.lower, workers=1)
        distinct[:-1] = (similarity >= 90).any(axis=0)
    distinct |= (index.industry_sector_mask & bits) > 0
    match = distinct[index.industry_id] | ((index.titles.sector_mask[index.title_id] & bits) > 0)
    return match.astype(np.float32)


def practical_component(index: OpeningIndex, profile: Profile, distance: np.ndarray) -> np.ndarray | None:
    """Hours, pay, distance and shifts against what the participant stated; unknown counts as 0.5."""
    parts = []
    hours, facts = profile.hours_per_week, index.facts
    if hours.stated:
        low = hours.min if hours.min is not None else 0.0
        high = hours.max if hours.max is not None else np.inf
        fits = np.where((facts.hours_top < low) | (facts.hours_floor > high), 0.3, 1.0)
        parts.append(np.where(facts.hours_known, fits, 0.5))
    if profile.min_hourly_wage is not None:
        pay = np.where(facts.pay_floor >= profile.min_hourly_wage, 1.0, 0.7)
        parts.append(np.where(facts.pay_known, pay, 0.5))
    if profile.location is not None:
        reach = profile.max_travel_km if profile.max_travel_km else 15.0
        with np.errstate(over="ignore"):  # a reach of a few atoms' width: every distance is too far
            near = np.clip(1.0 - distance / (reach * 1.5), 0.0, 1.0)
        near[index.remote == 1] = 1.0
        parts.append(np.where(np.isnan(near), 0.5, near))
    if profile.shifts_excluded:
        parts.append(np.where(index.shift_mask > 0, 1.0, 0.5))
    if profile.remote in ("only", "no"):
        parts.append(np.where(index.remote < 0, 0.5, 1.0))
    if not parts:
        return None
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return (total / len(parts)).astype(np.float32)


def quality_component(index: OpeningIndex) -> np.ndarray:
    """General signals, for everyone: found through job development; hours, pay, shifts and place stated."""
    stated = (
        (~np.isnan(index.hours).all(axis=1)).astype(np.float32)
        + (~np.isnan(index.wage).all(axis=1))
        + (index.shift_mask > 0)
        + ((~np.isnan(index.xyz[:, 0])) | (index.remote == 1))
    )
    return (0.4 * index.developed + 0.15 * stated).astype(np.float32)


def avoid_component(index: OpeningIndex, avoid: list[Reading], hits_in_text: list[np.ndarray]) -> np.ndarray:
    """Per opening and avoid item: does the opening seem to involve it (by its title or its words)?"""
    found = np.zeros((index.size, len(avoid)), dtype=bool)
    for a, reading in enumerate(avoid):
        hit = hits_in_text[a] > 0
        if reading.roles:
            same = np.zeros(len(ROLE_NAMES), dtype=np.float32)
            same[[ROLE_NUMBER[r] for r in reading.roles]] = 1.0
            hit |= index.titles.max_over_roles(same)[index.title_id] > 0
        if reading.tags:
            bits = sum(TAG_BIT[t] for t in reading.tags)
            hit |= (index.titles.tag_mask[index.title_id] & bits) > 0
        found[:, a] = hit
    return found


@dataclass
class Components:
    """Scorer outputs for one profile; ``None`` where the profile gives that scorer nothing to use."""

    goal: GoalMatch | None = None
    text: np.ndarray | None = None
    experience: np.ndarray | None = None
    industry: np.ndarray | None = None
    practical: np.ndarray | None = None
    quality: np.ndarray | None = None
    avoid_hits: np.ndarray | None = None


def combine(parts: Components) -> np.ndarray:
    """Weighted mean of the scorers in use, lowered for each avoid item the opening involves."""
    total, weight = None, 0.0
    for name, w in WEIGHTS.items():
        value = getattr(parts, name)
        if value is None:
            continue
        value = value.score if isinstance(value, GoalMatch) else value
        total = value * w if total is None else total + value * w
        weight += w
    if total is None:
        raise ValueError("no scorer in use: quality must always be given")
    score = total / weight
    if weight == WEIGHTS["quality"]:
        score = score * EMPTY_FACTOR  # general signals alone say little about a person we know nothing of
    if parts.avoid_hits is not None:
        count = parts.avoid_hits.sum(axis=1, dtype=np.float32)
        score = score * np.maximum(AVOID_FACTOR**count, AVOID_FLOOR)
    return np.clip(score, 0.0, 1.0).astype(np.float32)
