"""Property tests: any valid input gives valid, deterministic output that never breaks a stated hard limit."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import Matcher

SHIFTS = ["day", "evening", "night", "weekend"]
WORDS = [
    "barista",
    "KP",
    "pot washer",
    "warehouse",
    "picker/packer",
    "care",
    "HCA",
    "security",
    "animals",
    "outdoor work",
    "kitchen fitter",
    "cleaner",
    "heavy lifting",
    "phone",
    "retail",
    "",
    "Ünïcödé",
    "🐕",
]
text = st.one_of(st.sampled_from(WORDS), st.text(max_size=20))
words = st.lists(text, max_size=3)
amount = st.one_of(st.none(), st.floats(min_value=0, max_value=60, allow_nan=False))
place = st.one_of(st.none(), st.fixed_dictionaries({"lat": st.floats(53.0, 54.0), "lon": st.floats(-2.0, -1.0)}))


@st.composite
def ranges(draw, high=80.0):
    low = draw(st.one_of(st.none(), st.floats(0, high)))
    top = draw(st.one_of(st.none(), st.floats(low or 0, high)))
    return draw(st.one_of(st.none(), st.just({"min": low, "max": top})))


profiles = st.fixed_dictionaries(
    {"id": st.text(min_size=1, max_size=5).filter(str.strip)},
    optional={
        "job_goals": words,
        "industries": words,
        "strengths": words,
        "skills": words,
        "experience": words,
        "avoid": words,
        "hours_per_week": ranges(),
        "shifts_excluded": st.lists(st.sampled_from(SHIFTS)),
        "min_hourly_wage": amount,
        "location": place,
        "max_travel_km": amount,
        "remote": st.sampled_from([None, "only", "ok", "no"]),
    },
)
opening_fields = st.fixed_dictionaries(
    {},
    optional={
        "title": text,
        "employer": st.sampled_from(["A", "B", "C", None]),
        "industry": text,
        "description": text,
        "requirements": words,
        "hours_per_week": ranges(),
        "shifts": st.lists(st.sampled_from(SHIFTS)),
        "hourly_wage": ranges(30.0),
        "location": place,
        "remote": st.sampled_from([None, True, False]),
        "source": st.sampled_from([None, "advertised", "developed"]),
    },
)
openings = st.lists(opening_fields, min_size=0, max_size=12).map(
    lambda rows: [{"id": f"o-{i}", **row} for i, row in enumerate(rows)]
)


def haversine(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def breaks(p, o):
    """The contract's hard limits, written out again independently of the library."""
    if set(p.get("shifts_excluded") or []) & set(o.get("shifts") or []):
        return True
    most, fewest = (p.get("hours_per_week") or {}).get("max"), (o.get("hours_per_week") or {}).get("min")
    if most is not None and fewest is not None and fewest > most:
        return True
    pay = o.get("hourly_wage") or {}
    best = pay.get("max") if pay.get("max") is not None else pay.get("min")
    if p.get("min_hourly_wage") is not None and best is not None and best < p["min_hourly_wage"]:
        return True
    if (
        p.get("max_travel_km") is not None
        and p.get("location")
        and o.get("location")
        and o.get("remote") is not True
        and haversine(p["location"], o["location"]) > p["max_travel_km"] + 1e-6
    ):
        return True
    return (p.get("remote") == "only" and o.get("remote") is False) or (
        p.get("remote") == "no" and o.get("remote") is True
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles, openings=openings, top=st.integers(1, 15))
def test_any_valid_input_gives_valid_output(profile, openings, top):
    ranking = Matcher().fit(openings).rank(profile, top=top, show_excluded=True)
    out = ranking.to_dict(show_excluded=True)
    by_id = {o["id"]: o for o in openings}
    suggestions = out["suggestions"]
    assert out["participant_id"] == profile["id"]
    assert len(suggestions) == min(top, len(openings) - out["excluded"])
    assert [s["opening_id"] for s in suggestions] == [
        s["opening_id"] for s in sorted(suggestions, key=lambda s: (-s["score"], s["opening_id"]))
    ]
    for s in suggestions:
        assert 0.0 <= s["score"] <= 1.0 and s["reasons"] and all(isinstance(r, str) and r for r in s["reasons"])
        assert not breaks(profile, by_id[s["opening_id"]])
    for e in out["excluded_openings"]:
        assert e["broken_limits"] and breaks(profile, by_id[e["opening_id"]])


@settings(max_examples=25, deadline=None)
@given(profile=profiles, openings=openings)
def test_same_input_same_output(profile, openings):
    first = Matcher().fit(openings).rank(profile, show_excluded=True).to_dict(True)
    second = Matcher().fit(list(reversed(openings))).rank(profile, show_excluded=True).to_dict(True)
    assert first == second
