"""Validation of profiles and openings: what is accepted, and the field and message of what is not."""

import pytest

from matching import MatchingInputError, Opening, Profile, validate_opening, validate_profile


def test_minimal_records_are_valid_and_unstated_fields_are_empty():
    p = validate_profile({"id": "p-1"})
    assert isinstance(p, Profile) and p.job_goals == () and p.hours_per_week.max is None and p.remote is None
    o = validate_opening({"id": "o-1"})
    assert isinstance(o, Opening) and o.shifts == () and o.remote is None and o.location is None


def test_nulls_mean_not_stated_and_extra_fields_are_ignored():
    p = validate_profile({"id": "p", "job_goals": None, "hours_per_week": {"min": None, "max": 20},
                          "favourite_colour": "blue", "location": None})
    assert p.job_goals == () and p.hours_per_week.max == 20 and p.location is None


def test_shift_names_are_read_case_blind_and_deduplicated():
    p = validate_profile({"id": "p", "shifts_excluded": ["Night", "night", " weekend "]})
    assert p.shifts_excluded == ("night", "weekend")


def test_records_round_trip_through_validation():
    o = validate_opening({"id": "o", "title": "Cook", "hours_per_week": {"min": 10, "max": 20},
                          "location": {"lat": 51.5, "lon": -0.1}, "remote": False, "source": "developed"})
    assert validate_opening(o) == o


@pytest.mark.parametrize(
    ("raw", "field", "words"),
    [
        ({}, "id", "missing"),
        ({"id": 7}, "id", "non-empty string"),
        ({"id": "  "}, "id", "non-empty string"),
        ({"id": "p", "job_goals": "barista"}, "job_goals", "list of strings"),
        ({"id": "p", "skills": ["ok", 3]}, "skills[1]", "must be a string"),
        ({"id": "p", "hours_per_week": {"min": -1}}, "hours_per_week.min", "negative"),
        ({"id": "p", "hours_per_week": {"min": 30, "max": 20}}, "hours_per_week", "greater than max"),
        ({"id": "p", "hours_per_week": {"max": 200}}, "hours_per_week.max", "at most 168"),
        ({"id": "p", "hours_per_week": 20}, "hours_per_week", "object"),
        ({"id": "p", "shifts_excluded": ["nights"]}, "shifts_excluded[0]", "unknown value"),
        ({"id": "p", "min_hourly_wage": "11"}, "min_hourly_wage", "must be a number"),
        ({"id": "p", "min_hourly_wage": True}, "min_hourly_wage", "must be a number"),
        ({"id": "p", "min_hourly_wage": float("nan")}, "min_hourly_wage", "finite"),
        ({"id": "p", "min_hourly_wage": 10**400}, "min_hourly_wage", "too large"),
        ({"id": "p", "location": {"lat": 200, "lon": 0}}, "location.lat", "at most 90"),
        ({"id": "p", "location": {"lat": 0, "lon": -181}}, "location.lon", "below -180"),
        ({"id": "p", "location": {"lat": 50}}, "location", "both"),
        ({"id": "p", "max_travel_km": -3}, "max_travel_km", "negative"),
        ({"id": "p", "remote": "sometimes"}, "remote", "unknown value"),
    ],
)
def test_bad_profiles_name_the_field(raw, field, words):
    with pytest.raises(MatchingInputError) as caught:
        validate_profile(raw)
    assert caught.value.field == field
    assert words in caught.value.message
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"id": "o", "title": 5}, "title"),
        ({"id": "o", "remote": "yes"}, "remote"),
        ({"id": "o", "source": "agency"}, "source"),
        ({"id": "o", "shifts": ["day", "graveyard"]}, "shifts[1]"),
        ({"id": "o", "hourly_wage": {"min": 12, "max": 11}}, "hourly_wage"),
        ({"id": "o", "requirements": "forklift"}, "requirements"),
    ],
)
def test_bad_openings_name_the_field(raw, field):
    with pytest.raises(MatchingInputError) as caught:
        validate_opening(raw)
    assert caught.value.field == field
    assert caught.value.record_id == "o"


def test_not_an_object():
    with pytest.raises(MatchingInputError, match="expected a JSON object"):
        validate_opening(["o-1"])
