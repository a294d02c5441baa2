"""Reasons and checks for one suggestion, written for the participant to read.

Reasons name what matched (which goal, skill, strength, past job, industry, preference). Checks say what the
opening does not state, or what to confirm with the employer, so the specialist knows what to ask.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

import numpy as np

from matching.index import OpeningIndex
from matching.query import Query, item_terms
from matching.records import Opening, Profile
from matching.roles import FAMILIES, ROLES, TAG_WORDS, read_industry, read_title, role_relation, role_sector
from matching.scoring import (
    BY_FAMILY,
    BY_MENTION,
    BY_ROLE,
    BY_SECTOR,
    BY_TAG,
    BY_TITLE_WORDS,
    Components,
)

SECTOR_WORDS = {
    "hospitality": "hospitality", "retail": "shop", "logistics": "warehouse and delivery",
    "manufacturing": "factory", "facilities": "cleaning and facilities", "care": "care", "office": "office",
    "security": "security", "animals": "animal", "horticulture": "outdoor and land-based",
    "construction": "building", "education": "school and childcare", "transport": "transport",
    "leisure": "leisure and culture", "it": "IT", "professional": "professional",
}
EMPTY_PROFILE = "Open to anyone: you have not set any preferences yet"
MAX_ITEM_REASONS = 3


def quote(text: str | None, limit: int = 60) -> str:
    """User text made safe for a one-line reason: control characters dropped, long text shortened."""
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in (text or ""))
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 3].rstrip() + "..."
    return f"'{text}'"


def amount(value: float, money: bool = False) -> str:
    """A number as people write it: 16 (hours), 11.50 (pay)."""
    if money:
        return f"{value:.2f}"
    return f"{value:g}" if value == math.floor(value) else f"{value:.1f}"


def span(low: float | None, high: float | None, money: bool = False) -> str:
    """"16 to 20", "from 16", "up to 20"."""
    if low is not None and high is not None:
        return amount(low, money) if low == high else f"{amount(low, money)} to {amount(high, money)}"
    return f"from {amount(low, money)}" if low is not None else f"up to {amount(high or 0.0, money)}"


@dataclass
class Context:
    """What the reasons of one profile need besides the opening."""

    query: Query
    index: OpeningIndex
    parts: Components
    distance: np.ndarray
    profile_empty: bool


def _goal_reason(ctx: Context, row: int, opening: Opening) -> str | None:
    goal_match = ctx.parts.goal
    if goal_match is None or goal_match.score[row] <= 0:
        return None
    g = int(goal_match.goal[row])
    how = int(goal_match.how[row])
    goal, title = quote(ctx.query.profile.job_goals[g]), quote(opening.title or "this job")
    reading = ctx.query.goals[g]
    if how == BY_ROLE:
        return f"Matches your goal {goal} (title {title})"
    if how == BY_FAMILY:
        pairs = [(role_relation(a, b), b) for a in reading.roles for b in read_title(opening.title or "").roles]
        relation, role = max(pairs, default=(0.0, ""))
        if role and relation >= 0.6:
            return f"Close to your goal {goal}: {title} is also {FAMILIES[ROLES[role].family].words}"
        if role and relation >= 0.4:
            return f"Close to your goal {goal}: {title} is similar work ({FAMILIES[ROLES[role].family].words})"
        if role:
            return f"Related to your goal {goal}: {title} is also {SECTOR_WORDS[role_sector(role)]} work"
    if how == BY_TAG:
        words = " and ".join(TAG_WORDS[t] for t in reading.tags)
        return f"Fits your goal {goal}: {title} is {words}"
    if how == BY_SECTOR:
        return f"Fits your goal {goal}: {title} is in that line of work"
    if how == BY_TITLE_WORDS:
        return f"Shares words with your goal {goal} (title {title})"
    if how == BY_MENTION:
        return f"The job description mentions your goal {goal}"
    return None


def _item_reasons(ctx: Context, row: int, opening: Opening) -> list[str]:
    matrix = ctx.index.matrix
    present = set(matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]].tolist())
    profile = ctx.query.profile
    out: list[str] = []
    title_roles = read_title(opening.title or "").roles
    for item, reading in zip(profile.experience, ctx.query.past, strict=True):
        same_job = any(role_relation(a, b) >= 0.6 for a in reading.roles for b in title_roles)
        if same_job or item_terms(ctx.index, item) & present:
            out.append(f"Builds on your experience as {quote(item)}")
    for kind, items in (("skill", profile.skills), ("strength", profile.strengths)):
        for item in items:
            if item_terms(ctx.index, item) & present:
                out.append(f"Uses your {kind} {quote(item)}")
    return out[:MAX_ITEM_REASONS]


def _industry_reason(ctx: Context, row: int, opening: Opening) -> str | None:
    if ctx.parts.industry is None or ctx.parts.industry[row] <= 0:
        return None
    title_sectors = {role_sector(r) for r in read_title(opening.title or "").roles}
    sectors = set(read_industry(opening.industry or "")) | title_sectors
    for chosen in ctx.query.profile.industries:
        same_name = " ".join(chosen.lower().split()) == " ".join((opening.industry or "").lower().split())
        if same_name or set(read_industry(chosen)) & sectors:
            return f"In an industry you chose: {quote(chosen)}"
    return f"In an industry you chose: {quote(ctx.query.profile.industries[0])}"


def _practical_reasons(ctx: Context, row: int, opening: Opening) -> list[str]:
    profile, out = ctx.query.profile, []
    hours, wanted = opening.hours_per_week, profile.hours_per_week
    if hours.min is not None and hours.max is not None and wanted.stated:
        low = wanted.min if wanted.min is not None else 0.0
        high = wanted.max if wanted.max is not None else math.inf
        if low <= hours.min and hours.max <= high:
            out.append(f"{span(hours.min, hours.max)} hours a week, within what you asked")
    pay = opening.hourly_wage
    if profile.min_hourly_wage is not None and pay.stated:
        low_pay = pay.min if pay.min is not None else pay.max
        if low_pay is not None and low_pay >= profile.min_hourly_wage:
            out.append(f"Pays {span(pay.min, pay.max, True)} an hour, at or above your minimum")
    if profile.shifts_excluded and opening.shifts:
        names = ", ".join(opening.shifts)
        if len(opening.shifts) == 1:
            out.append(f"{opening.shifts[0].capitalize()} shifts only, as you asked")
        else:
            out.append(f"Shifts: {names}; none that you ruled out")
    if opening.remote:
        out.append("Remote work, as you prefer" if profile.remote in ("only", "ok") else "Remote work")
    elif not math.isnan(ctx.distance[row]):
        out.append(f"{ctx.distance[row]:.1f} km away")
    return out


def reasons_for(ctx: Context, row: int, opening: Opening) -> list[str]:
    """Every reason for one suggested opening, most important first; never empty."""
    out = [r for r in (_goal_reason(ctx, row, opening),) if r]
    out += _item_reasons(ctx, row, opening)
    out += [r for r in (_industry_reason(ctx, row, opening),) if r]
    out += _practical_reasons(ctx, row, opening)
    if opening.source == "developed":
        out.append("Found by your employment specialist through job development")
    if ctx.profile_empty:
        out.insert(0, EMPTY_PROFILE)
        stated = [name for name, known in (("hours", opening.hours_per_week.stated),
                                           ("pay", opening.hourly_wage.stated), ("shifts", bool(opening.shifts)),
                                           ("place of work", opening.location is not None or bool(opening.remote)))
                  if known]
        if stated:
            out.append(f"Says what it offers: {', '.join(stated)}")
    if not out:
        out.append("Fits the limits you set, but not your goals or skills closely")
    return out


def checks_for(ctx: Context, row: int, opening: Opening) -> list[str]:
    """What the opening does not state, or what to confirm with the employer."""
    profile, out = ctx.query.profile, []
    out += _hours_checks(profile, opening)
    out += _pay_checks(profile, opening)
    if not opening.shifts:
        ruled_out = f" (you do not work {', '.join(profile.shifts_excluded)} shifts)" if profile.shifts_excluded else ""
        out.append(f"Shifts not stated: ask the employer{ruled_out}")
    if opening.location is None and not opening.remote:
        out.append("Place of work not stated: ask where the job is")
    elif profile.location is None and profile.max_travel_km is not None and not opening.remote:
        out.append("Distance not checked: your starting point is not set")
    if opening.remote is None and profile.remote in ("only", "no"):
        out.append("Not stated whether the work can be done from home: ask the employer")
    hits = ctx.parts.avoid_hits
    if hits is not None:
        for a, item in enumerate(ctx.query.avoid_labels):
            if hits[row, a]:
                out.append(f"May involve {quote(item)}, which you would rather avoid: ask the employer")
    return out


def _hours_checks(profile: Profile, opening: Opening) -> list[str]:
    hours, wanted = opening.hours_per_week, profile.hours_per_week
    if not hours.stated:
        limit = f" (your maximum is {amount(wanted.max)} a week)" if wanted.max is not None else ""
        return [f"Hours not stated: ask the employer{limit}"]
    out = []
    if wanted.max is not None and hours.max is not None and hours.max > wanted.max:
        out.append(f"Up to {amount(hours.max)} hours a week: check it can stay within your {amount(wanted.max)}")
    elif wanted.max is not None and hours.max is None:
        out.append(f"Most hours not stated: check it can stay within your {amount(wanted.max)} a week")
    top = hours.max if hours.max is not None else None
    if wanted.min is not None and top is not None and top < wanted.min:
        out.append(f"Fewer hours than you want ({span(hours.min, hours.max)} a week)")
    return out


def _pay_checks(profile: Profile, opening: Opening) -> list[str]:
    pay, minimum = opening.hourly_wage, profile.min_hourly_wage
    if not pay.stated:
        limit = f" (your minimum is {amount(minimum, True)} an hour)" if minimum is not None else ""
        return [f"Pay not stated: ask the employer{limit}"]
    low = pay.min if pay.min is not None else None
    if minimum is not None and (low is None or low < minimum):
        return [f"Pay may start below your minimum of {amount(minimum, True)}: check the rate you would get"]
    return []

