"""The participant's own hard limits, checked over all openings at once.

An opening breaks a limit only when it states the value that breaks it; what it does not state is never a
match and never a conflict, and becomes a check (see ``matching.reasons``). The rules:

- shifts: the opening lists a shift the participant will not work;
- hours: the fewest hours the opening offers (``hours_per_week.min``) are over the participant's maximum;
  an opening that states only a maximum could still offer fewer hours, so it breaks nothing;
- pay: the most the opening says it pays (``hourly_wage.max``, or ``min`` when no maximum is given) is under
  the participant's minimum, i.e. the stated pay range never reaches it;
- distance: both places are known, the work is not remote, and the straight-line distance is over
  ``max_travel_km``;
- remote: ``"only"`` and the opening says it is not remote; ``"no"`` and the opening says it is remote.
"""

from __future__ import annotations

import numpy as np

from matching.index import EARTH_RADIUS_KM, SHIFT_BIT, OpeningIndex, unit_vectors
from matching.records import SHIFTS, Profile

HOURS, PAY, DISTANCE, ON_SITE, REMOTE = (1 << (len(SHIFTS) + i) for i in range(5))
LIMIT_NAMES = {
    **{SHIFT_BIT[s]: f"{s} shifts" for s in SHIFTS},
    HOURS: "hours over your maximum",
    PAY: "pay under your minimum",
    DISTANCE: "further than you want to travel",
    ON_SITE: "not remote work",
    REMOTE: "remote work only",
}


def distances_km(index: OpeningIndex, profile: Profile) -> np.ndarray:
    """Straight-line distance from the participant to each opening in km (NaN where unknown)."""
    if profile.location is None:
        return np.full(index.size, np.nan)
    here = unit_vectors(np.array([profile.location.lat]), np.array([profile.location.lon]))[0]
    # The chord between the two points on the unit sphere: exact for short distances, unlike arccos.
    chord = np.sqrt(np.einsum("ij,ij->i", index.xyz - here, index.xyz - here))
    return 2.0 * np.arcsin(np.minimum(chord / 2.0, 1.0)) * EARTH_RADIUS_KM


def broken_limits(index: OpeningIndex, profile: Profile, distance: np.ndarray) -> np.ndarray:
    """A bit mask per opening of the hard limits it breaks (0: none)."""
    broken = np.zeros(index.size, dtype=np.int64)
    excluded = 0
    for shift in profile.shifts_excluded:
        excluded |= SHIFT_BIT[shift]
    if excluded:
        broken |= index.shift_mask & excluded
    if profile.hours_per_week.max is not None:
        with np.errstate(invalid="ignore"):
            broken |= np.where(index.hours[:, 0] > profile.hours_per_week.max, HOURS, 0)
    if profile.min_hourly_wage is not None:
        top_pay = np.where(np.isnan(index.wage[:, 1]), index.wage[:, 0], index.wage[:, 1])
        with np.errstate(invalid="ignore"):
            broken |= np.where(top_pay < profile.min_hourly_wage, PAY, 0)
    if profile.max_travel_km is not None:
        with np.errstate(invalid="ignore"):
            too_far = (distance > profile.max_travel_km) & (index.remote != 1)
        broken |= np.where(too_far, DISTANCE, 0)
    if profile.remote == "only":
        broken |= np.where(index.remote == 0, ON_SITE, 0)
    elif profile.remote == "no":
        broken |= np.where(index.remote == 1, REMOTE, 0)
    return broken


def limit_names(mask: int) -> list[str]:
    """Plain names of the limits in one mask, in a fixed order."""
    return [name for bit, name in LIMIT_NAMES.items() if mask & bit]
