"""Suggestions for a participant and the decisions they make about them. Callers commit."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crm import audit
from crm.extensions import db
from crm.models import JobMatch, JobMatchEvent, Opening, Participant, User
from crm.models.match import MATCH_STATUSES
from crm.models.participant import ACTIVE_STATUSES
from crm.suggestions.index import profile_record, suggestion_index

DECISIONS = {"interested": "Interested", "not_for_me": "Not for me", "maybe_later": "Maybe later"}
EXCLUDED_SHOWN = 50
# A match that has gone past a decision (an application, a job) is moved on in the job pipeline, never reset here.
IN_THE_PIPELINE = frozenset(MATCH_STATUSES) - set(DECISIONS) - {"suggested"}


class DecisionRefused(Exception):
    """The decision cannot be recorded; the message says why in plain words."""


@dataclass
class Shown:
    """One suggested opening as shown: the opening, its score, reasons and checks, and any decision so far."""

    opening: Opening
    score: float
    reasons: tuple[str, ...]
    checks: tuple[str, ...]
    match: JobMatch | None = None


@dataclass
class Suggestions:
    """What the suggestions page shows."""

    shown: list[Shown]
    excluded_count: int
    excluded: list[tuple[Opening, tuple[str, ...]]] = field(default_factory=list)
    declined_count: int = 0


def _matches(participant: Participant, opening_ids) -> dict[int, JobMatch]:
    if not opening_ids:
        return {}
    rows = db.session.scalars(select(JobMatch).where(JobMatch.participant_id == participant.id,
                                                     JobMatch.opening_id.in_(opening_ids)))
    return {m.opening_id: m for m in rows}


def _open_openings(ids: list[int]) -> dict[int, Opening]:
    if not ids:
        return {}
    rows = db.session.scalars(select(Opening).where(Opening.id.in_(ids), Opening.status == "open")
                              .options(selectinload(Opening.employer)))
    return {o.id: o for o in rows}


def declined_ids(participant: Participant) -> list[int]:
    """Openings the participant said were not for them."""
    return list(db.session.scalars(select(JobMatch.opening_id).where(
        JobMatch.participant_id == participant.id, JobMatch.status == "not_for_me")))


def suggestions_for(participant: Participant, *, show_all: bool = False, include_declined: bool = False,
                    top: int = 10) -> Suggestions:
    """The top suggestions for a participant; with show_all, also openings their own limits leave out."""
    declined = declined_ids(participant)
    ranking = suggestion_index.matcher().rank(
        profile_record(participant), top=top, show_excluded=show_all, excluded_limit=EXCLUDED_SHOWN,
        exclude_ids=() if include_declined else [str(i) for i in declined])
    suggested = [int(s.opening_id) for s in ranking.suggestions]
    left_out = [(int(e.opening_id), e.broken_limits) for e in ranking.excluded_openings]
    openings = _open_openings(suggested + [i for i, _ in left_out])
    matches = _matches(participant, list(openings))
    shown = [Shown(openings[int(s.opening_id)], s.score, s.reasons, s.checks, matches.get(int(s.opening_id)))
             for s in ranking.suggestions if int(s.opening_id) in openings]
    excluded = [(openings[i], limits) for i, limits in left_out if i in openings]
    return Suggestions(shown, ranking.excluded, excluded, 0 if include_declined else len(declined))


def decide(participant: Participant, opening: Opening, decision: str, user: User, *, reason: str | None = None,
           score: float | None = None, reasons: tuple[str, ...] = ()) -> JobMatch:
    """Record the participant's decision on a suggested opening, with who recorded it and when."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    match = db.session.scalar(select(JobMatch).where(JobMatch.participant_id == participant.id,
                                                     JobMatch.opening_id == opening.id))
    if match is not None and match.status in IN_THE_PIPELINE:
        raise DecisionRefused(f"{participant.name} is already at “{MATCH_STATUSES[match.status]}” for "
                              f"“{opening.title}”: change it on their job pipeline page instead.")
    created = match is None
    if created:
        match = JobMatch(participant_id=participant.id, opening_id=opening.id, score=score, reasons=list(reasons))
        db.session.add(match)
    match.status = decision
    db.session.flush()
    db.session.add(JobMatchEvent(job_match_id=match.id, status=decision, reason=reason or None,
                                 recorded_by_id=user.id))
    audit.record("create" if created else "update", "job_match", match.id, fields=["status"] +
                 (["reason"] if reason else []), detail=f"participant {participant.id}: {decision}")
    audit.record("update", "participant", participant.id, fields=["job_matches"],
                 detail=f"job match {match.id}: {decision}")
    return match


def who_might_suit(opening: Opening, specialist: User):
    """The specialist's active caseload ranked for one opening (those whose limits it breaks counted apart)."""
    people = db.session.scalars(
        select(Participant).where(Participant.specialist_id == specialist.id, Participant.erased_at.is_(None),
                                  Participant.status.in_(ACTIVE_STATUSES))
        .options(selectinload(Participant.profile))).all()
    by_id = {str(p.id): p for p in people}
    matcher = suggestion_index.matcher()
    if str(opening.id) not in matcher.row_of_:
        return None, by_id
    return matcher.rank_caseload(str(opening.id), [profile_record(p) for p in people]), by_id
