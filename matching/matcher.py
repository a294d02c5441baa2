"""The :class:`Matcher` estimator: ``fit`` learns an index of openings, ``rank`` ranks them for one person."""

from __future__ import annotations

import heapq
import sys
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

import numpy as np

from matching.index import OpeningIndex, build_index, build_text_matrix, opening_text
from matching.limits import broken_limits, distances_km, limit_names
from matching.query import build_query, column_sums
from matching.reasons import Context, checks_for, reasons_for
from matching.records import MatchingInputError, Opening, Profile, validate_opening, validate_profile
from matching.results import Candidate, CaseloadRanking, ExcludedOpening, Ranking, Suggestion
from matching.scoring import (
    TEXT_FULL,
    Components,
    avoid_component,
    combine,
    experience_component,
    goal_component,
    industry_component,
    practical_component,
    quality_component,
)
from matching.select import SCORE_STEPS, select_top, sort_keys


def _is_empty(profile: Profile) -> bool:
    p = profile
    return not (p.job_goals or p.industries or p.strengths or p.skills or p.experience or p.avoid
                or p.hours_per_week.stated or p.shifts_excluded or p.min_hourly_wage is not None
                or p.location is not None or p.max_travel_km is not None or p.remote is not None)


def score_profile(index: OpeningIndex, quality: np.ndarray, profile: Profile) -> tuple[np.ndarray, Context,
                                                                                        np.ndarray]:
    """Scores of every opening in ``index`` for one profile, the context for reasons, and broken limits."""
    query = build_query(index, profile)
    distance = distances_km(index, profile)
    parts = Components(quality=quality)
    if query.goals:
        mentions = [column_sums(index, terms) for terms in query.goal_terms]
        parts.goal = goal_component(index, query.goals, mentions)
    if query.has_text:
        parts.text = np.minimum(column_sums(index, query.text_terms) / TEXT_FULL, 1.0)
    if any(r.roles for r in query.past):
        parts.experience = experience_component(index, query.past)
    if profile.industries:
        parts.industry = industry_component(index, profile.industries)
    parts.practical = practical_component(index, profile, distance)
    if query.avoid:
        hits = [column_sums(index, terms) for terms in query.avoid_terms]
        parts.avoid_hits = avoid_component(index, query.avoid, hits)
    context = Context(query, index, parts, distance, _is_empty(profile))
    return combine(parts), context, broken_limits(index, profile, distance)


class Matcher:
    """Rank job openings for one participant, by their own goals, strengths and limits.

    Parameters
    ----------
    employer_cap : int, default 2
        At most this many suggestions from one employer, unless fewer other openings remain.

    Attributes
    ----------
    openings_ : tuple of Opening
        The fitted openings, validated, without their description and requirements: those are only read into
        the index, and dropping them keeps a fitted matcher of 50,000 openings about 40 MB smaller.
    index_ : OpeningIndex
        Arrays over the openings: titles read against the job table, TF-IDF rows, hours, pay, places.
    quality_ : ndarray of shape (n_openings,)
        General quality signals (developed through job development; hours, pay, shifts, place stated).

    Examples
    --------
    >>> matcher = Matcher().fit([{"id": "o-1", "title": "Coffee Shop Barista"}])
    >>> ranking = matcher.rank({"id": "p-1", "job_goals": ["barista"]})
    >>> ranking.suggestions[0].reasons[0]
    "Matches your goal 'barista' (title 'Coffee Shop Barista')"
    """

    def __init__(self, employer_cap: int = 2):
        self.employer_cap = employer_cap

    def fit(self, openings: Iterable[Mapping[str, Any] | Opening]) -> Matcher:
        """Validate the openings and build the index.

        Parameters
        ----------
        openings : iterable of mapping or Opening
            Openings as in the contract. Mappings are validated; :class:`Opening` instances are taken as
            already valid (make them with :func:`validate_opening`).

        Returns
        -------
        self

        Raises
        ------
        MatchingInputError
            For the first opening that does not follow the contract, or a repeated ``id``.
        """
        records: list[Opening] = []
        seen: set[str] = set()

        def texts():
            # One opening at a time: its text is analysed, then only what ranking needs of it is kept.
            for given in openings:
                record = given if isinstance(given, Opening) else validate_opening(given)
                if record.id in seen:
                    raise MatchingInputError("id", "the same opening id appears more than once", record.id)
                seen.add(record.id)
                records.append(_kept(record))
                yield opening_text(record)

        text_matrix = build_text_matrix(texts())  # fills records as it reads the openings
        self.index_ = build_index(records, text_matrix)
        self.openings_ = tuple(records)
        self.quality_ = quality_component(self.index_)
        self.row_of_ = {o.id: i for i, o in enumerate(records)}
        return self

    def rank(self, profile: Mapping[str, Any] | Profile, top: int = 10, show_excluded: bool = False,
             exclude_ids: Iterable[str] = (), excluded_limit: int | None = None) -> Ranking:
        """Rank the fitted openings for one participant.

        Parameters
        ----------
        profile : mapping or Profile
            The participant's profile as in the contract.
        top : int, default 10
            How many suggestions to return.
        show_excluded : bool, default False
            Also list every opening that breaks one of the participant's hard limits, with the limits.
        exclude_ids : iterable of str
            Openings to leave out altogether (for example, ones the participant already turned down); they
            are not counted as excluded.
        excluded_limit : int or None
            With ``show_excluded``, list only the first this many excluded openings (by ``opening_id``);
            ``excluded`` still counts them all. Listing tens of thousands costs more than the ranking.

        Returns
        -------
        Ranking
        """
        record = validate_profile(profile)
        if isinstance(top, bool) or not isinstance(top, int) or top < 1:
            raise ValueError(f"top must be a positive integer, got {top!r}")
        index = self._fitted_index()
        score, context, broken = score_profile(index, self.quality_, record)
        dropped = np.zeros(index.size, dtype=bool)
        rows = [self.row_of_[i] for i in exclude_ids if i in self.row_of_]
        dropped[rows] = True
        keys = sort_keys(score, index.id_rank, (broken == 0) & ~dropped)
        chosen = select_top(keys, index.employer_id, top, self.employer_cap)
        suggestions = tuple(self._suggestion(context, int(r), score) for r in chosen)
        out_rows = np.flatnonzero((broken != 0) & ~dropped)
        excluded_openings: tuple[ExcludedOpening, ...] = ()
        if show_excluded:
            rows = out_rows.tolist()
            ordered = (sorted(rows, key=index.ids.__getitem__) if excluded_limit is None
                       else heapq.nsmallest(excluded_limit, rows, key=index.ids.__getitem__))
            excluded_openings = tuple(
                ExcludedOpening(index.ids[r], tuple(limit_names(int(broken[r])))) for r in ordered
            )
        return Ranking(record.id, suggestions, int(out_rows.size), excluded_openings)

    def rank_many(self, profiles: Iterable[Mapping[str, Any] | Profile], top: int = 10,
                  show_excluded: bool = False) -> list[Ranking]:
        """:meth:`rank` for several participants over the same fitted openings, in the given order."""
        return [self.rank(p, top=top, show_excluded=show_excluded) for p in profiles]

    def rank_caseload(self, opening_id: str, profiles: Iterable[Mapping[str, Any] | Profile],
                      top: int | None = None) -> CaseloadRanking:
        """Who might this opening suit? Rank participants (a caseload) for one fitted opening.

        Parameters
        ----------
        opening_id : str
            An opening given to :meth:`fit`.
        profiles : iterable of mapping or Profile
            The participants to consider (a caseload of up to about 50).
        top : int or None
            How many to return (all by default).

        Returns
        -------
        CaseloadRanking
            Participants by score, highest first, ties by participant id; those whose own hard limits the
            opening breaks are counted and listed apart, never ranked.
        """
        self._fitted_index()
        row = self.row_of_.get(opening_id)
        if row is None:
            raise KeyError(f"opening {opening_id!r} was not fitted")
        index = self.index_.subset(np.array([row]))
        quality = self.quality_[[row]]
        scored, left_out = [], []
        for profile in profiles:
            record = validate_profile(profile)
            score, context, broken = score_profile(index, quality, record)
            if broken[0]:
                left_out.append((record.id, tuple(limit_names(int(broken[0])))))
                continue
            value = round(int(np.rint(score[0] * SCORE_STEPS)) / SCORE_STEPS, 4)
            opening = self.openings_[row]
            scored.append(Candidate(record.id, value, tuple(reasons_for(context, 0, opening)),
                                    tuple(checks_for(context, 0, opening))))
        scored.sort(key=lambda c: (-c.score, c.participant_id))
        return CaseloadRanking(opening_id, tuple(scored[:top] if top else scored), len(left_out),
                               tuple(sorted(left_out)))

    def _fitted_index(self) -> OpeningIndex:
        if not hasattr(self, "index_"):
            raise RuntimeError("this Matcher is not fitted yet: call fit(openings) first")
        return self.index_

    def _suggestion(self, context: Context, row: int, score: np.ndarray) -> Suggestion:
        opening = self.openings_[row]
        value = round(int(np.rint(float(score[row]) * SCORE_STEPS)) / SCORE_STEPS, 4)
        return Suggestion(opening.id, value, tuple(reasons_for(context, row, opening)),
                          tuple(checks_for(context, row, opening)))


def _kept(opening: Opening) -> Opening:
    """What a fitted matcher keeps of an opening: all but its free text, with repeated names stored once."""
    return replace(opening, description=None, requirements=(), title=_shared(opening.title),
                   employer=_shared(opening.employer), industry=_shared(opening.industry))


def _shared(text: str | None) -> str | None:
    return None if text is None else sys.intern(text)
