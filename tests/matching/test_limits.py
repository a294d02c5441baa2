"""Hard limits: each one excludes only what the opening states; unknown is never a conflict."""

import pytest

from matching import Matcher
from tests.matching.helpers import opening, profile

LEEDS = {"lat": 53.800, "lon": -1.549}
BRADFORD = {"lat": 53.795, "lon": -1.759}  # about 14 km west


def excluded(p: dict, *openings: dict) -> dict[str, list[str]]:
    ranking = Matcher().fit(openings).rank(p, top=50, show_excluded=True)
    assert ranking.excluded == len(ranking.excluded_openings)
    shown = {s.opening_id for s in ranking.suggestions}
    out = {e.opening_id: list(e.broken_limits) for e in ranking.excluded_openings}
    assert not shown & set(out)
    assert shown | set(out) == {o["id"] for o in openings}
    return out


def test_excluded_shift():
    night, day, unknown = opening(shifts=["night"]), opening(shifts=["day"]), opening()
    out = excluded(profile(shifts_excluded=["night"]), night, day, unknown)
    assert out == {night["id"]: ["night shifts"]}


def test_a_job_with_an_excluded_shift_among_others_is_excluded():
    mixed = opening(shifts=["day", "weekend"])
    assert excluded(profile(shifts_excluded=["weekend"]), mixed) == {mixed["id"]: ["weekend shifts"]}


@pytest.mark.parametrize(
    ("hours", "breaks"),
    [({"min": 20, "max": 30}, True), ({"min": 16, "max": 30}, False), ({"min": None, "max": 40}, False),
     ({"min": 17, "max": None}, True), (None, False)],
)
def test_hours_over_the_maximum(hours, breaks):
    o = opening(hours_per_week=hours)
    out = excluded(profile(hours_per_week={"min": None, "max": 16}), o)
    assert (out == {o["id"]: ["hours over your maximum"]}) is breaks


@pytest.mark.parametrize(
    ("pay", "breaks"),
    [({"min": 10.0, "max": 10.5}, True), ({"min": 10.0, "max": 11.0}, False), ({"min": 10.0, "max": None}, True),
     ({"min": None, "max": 10.99}, True), ({"min": 11.0, "max": None}, False), (None, False)],
)
def test_pay_range_that_never_reaches_the_minimum(pay, breaks):
    o = opening(hourly_wage=pay)
    out = excluded(profile(min_hourly_wage=11.0), o)
    assert (o["id"] in out) is breaks


def test_distance_needs_both_places_and_ignores_remote_work():
    far, near, nowhere = opening(location=BRADFORD), opening(location=LEEDS), opening()
    far_remote = opening(location=BRADFORD, remote=True)
    out = excluded(profile(location=LEEDS, max_travel_km=10), far, near, nowhere, far_remote)
    assert out == {far["id"]: ["further than you want to travel"]}
    assert excluded(profile(max_travel_km=10), far) == {}  # the participant's place is unknown
    assert excluded(profile(location=LEEDS), far) == {}  # no travel limit stated


def test_remote_rules():
    on_site, remote, unknown = opening(remote=False), opening(remote=True), opening()
    assert excluded(profile(remote="only"), on_site, remote, unknown) == {on_site["id"]: ["not remote work"]}
    assert excluded(profile(remote="no"), on_site, remote, unknown) == {remote["id"]: ["remote work only"]}
    assert excluded(profile(remote="ok"), on_site, remote, unknown) == {}


def test_several_broken_limits_are_all_named():
    o = opening(shifts=["night"], hours_per_week={"min": 40, "max": 40}, hourly_wage={"min": 9, "max": 9})
    out = excluded(profile(shifts_excluded=["night"], hours_per_week={"max": 20}, min_hourly_wage=11), o)
    assert out[o["id"]] == ["night shifts", "hours over your maximum", "pay under your minimum"]


def test_without_show_excluded_only_the_count_is_given():
    ranking = Matcher().fit([opening(shifts=["night"])]).rank(profile(shifts_excluded=["night"]))
    assert ranking.excluded == 1 and ranking.excluded_openings == ()
    assert "excluded_openings" not in ranking.to_dict()


def test_unknown_values_become_checks():
    ranking = Matcher().fit([opening(title="Cleaner")]).rank(
        profile(hours_per_week={"max": 16}, min_hourly_wage=11, shifts_excluded=["night"], remote="only"))
    checks = " | ".join(ranking.suggestions[0].checks)
    for words in ("Hours not stated", "Pay not stated", "Shifts not stated", "Place of work not stated",
                  "from home"):
        assert words in checks


def test_excluded_limit_lists_the_first_by_id_and_counts_all():
    from matching import Matcher

    openings = [{"id": f"o-{n:02d}", "title": "Night porter", "shifts": ["night"]} for n in range(12)]
    matcher = Matcher().fit(openings + [{"id": "o-99", "title": "Day porter", "shifts": ["day"]}])
    ranking = matcher.rank({"id": "p", "shifts_excluded": ["night"]}, show_excluded=True, excluded_limit=3)
    assert ranking.excluded == 12
    assert [e.opening_id for e in ranking.excluded_openings] == ["o-00", "o-01", "o-02"]
    full = matcher.rank({"id": "p", "shifts_excluded": ["night"]}, show_excluded=True)
    assert len(full.excluded_openings) == 12
