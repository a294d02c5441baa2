"""What ranking returns: suggestions with reasons and checks, and what was left out by hard limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Suggestion:
    """One suggested opening.

    Attributes
    ----------
    opening_id : str
    score : float
        In [0, 1], rounded to 4 decimals.
    reasons : tuple of str
        Plain-language reasons, naming what matched; at least one.
    checks : tuple of str
        What the opening does not state (or what to confirm), for the specialist to ask the employer.
    """

    opening_id: str
    score: float
    reasons: tuple[str, ...]
    checks: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape."""
        return {"opening_id": self.opening_id, "score": self.score, "reasons": list(self.reasons),
                "checks": list(self.checks)}


@dataclass(frozen=True)
class ExcludedOpening:
    """An opening left out because it breaks one or more of the participant's own hard limits."""

    opening_id: str
    broken_limits: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape."""
        return {"opening_id": self.opening_id, "broken_limits": list(self.broken_limits)}


@dataclass(frozen=True)
class Ranking:
    """The ranking for one participant.

    Attributes
    ----------
    participant_id : str
    suggestions : tuple of Suggestion
        Highest score first, ties by ``opening_id``.
    excluded : int
        How many openings break one of the participant's hard limits.
    excluded_openings : tuple of ExcludedOpening
        Those openings with the limits they break (filled only when asked for), by ``opening_id``.
    """

    participant_id: str
    suggestions: tuple[Suggestion, ...]
    excluded: int
    excluded_openings: tuple[ExcludedOpening, ...] = field(default=())

    def to_dict(self, show_excluded: bool = False) -> dict[str, Any]:
        """The contract's JSON shape; ``excluded_openings`` only with ``show_excluded``."""
        out: dict[str, Any] = {
            "participant_id": self.participant_id,
            "suggestions": [s.to_dict() for s in self.suggestions],
            "excluded": self.excluded,
        }
        if show_excluded:
            out["excluded_openings"] = [e.to_dict() for e in self.excluded_openings]
        return out


@dataclass(frozen=True)
class Candidate:
    """One participant who might suit an opening ("who might this suit")."""

    participant_id: str
    score: float
    reasons: tuple[str, ...]
    checks: tuple[str, ...]


@dataclass(frozen=True)
class CaseloadRanking:
    """Participants of a caseload ranked for one opening; those whose hard limits it breaks are counted."""

    opening_id: str
    candidates: tuple[Candidate, ...]
    excluded: int
    excluded_participants: tuple[tuple[str, tuple[str, ...]], ...] = ()
