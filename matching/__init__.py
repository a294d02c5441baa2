"""Rank job openings for one participant by their own preferences, strengths and limits, with reasons.

A plain library (standard library, numpy, scipy, rapidfuzz only — its TF-IDF weighting is tested against
scikit-learn's; never the web app) with a command line, ``python -m matching``. The public contract is
``matching-contract.md``.

>>> from matching import Matcher
>>> matcher = Matcher().fit(openings)                      # doctest: +SKIP
>>> ranking = matcher.rank(profile, top=10)                # doctest: +SKIP
>>> [(s.opening_id, s.score, s.reasons) for s in ranking.suggestions]  # doctest: +SKIP
"""

from typing import TYPE_CHECKING, Any

from matching.records import (
    Location,
    MatchingInputError,
    Opening,
    Profile,
    Range,
    validate_opening,
    validate_profile,
)
from matching.results import Candidate, CaseloadRanking, ExcludedOpening, Ranking, Suggestion

if TYPE_CHECKING:
    from matching.matcher import Matcher


def __getattr__(name: str) -> Any:
    # Matcher pulls in scipy (a fraction of a second); loading it on first use keeps the command
    # line quick to refuse bad input, and reading records cheap.
    if name == "Matcher":
        from matching.matcher import Matcher

        return Matcher
    raise AttributeError(f"module 'matching' has no attribute {name!r}")

__all__ = [
    "Candidate",
    "CaseloadRanking",
    "ExcludedOpening",
    "Location",
    "Matcher",
    "MatchingInputError",
    "Opening",
    "Profile",
    "Range",
    "Ranking",
    "Suggestion",
    "validate_opening",
    "validate_profile",
]
