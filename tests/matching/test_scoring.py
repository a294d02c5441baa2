"""Scoring on small hand-made data: goals, jargon, look-alikes, kinds of work, text, avoid list, reasons."""

import pytest

from matching import Matcher
from matching.roles import read_goal, read_title
from matching.text import analyze
from tests.matching.helpers import opening, profile


def ranked_titles(p: dict, openings: list[dict], top: int = 10) -> list[str]:
    by_id = {o["id"]: o for o in openings}
    return [by_id[s.opening_id]["title"] for s in Matcher().fit(openings).rank(p, top=top).suggestions]


@pytest.mark.parametrize(
    ("text", "role"),
    [("KP", "kitchen_porter"), ("pot washer", "kitchen_porter"), ("Kitchin Porter", "kitchen_porter"),
     ("FOH Team Member", "waiting"), ("Picker/Packer", "warehouse"), ("warehouse operative", "warehouse"),
     ("HCA - nights", "care_worker"), ("Barrista", "barista"), ("FLT Driver", "forklift"),
     ("Recepcionist", "receptionist"), ("Bar Staff", "bar_staff"), ("Kitchen Fitter", "trade"),
     ("Security Engineer", "it_professional"), ("Security Guard", "security"), ("Barrister", "legal"),
     ("Caretaker", "caretaker"), ("Dog Food Factory Operative", "production")],
)
def test_titles_resolve_to_their_role(text, role):
    assert read_title(text).roles[0] == role


def test_what_a_goal_rules_out_is_not_a_goal():
    assert read_goal("anything but cleaning").roles == ()
    assert read_goal("no warehouse, maybe retail").roles == ("retail_assistant",)
    openings = [opening(title="Cleaner", description="Cleaning offices", source="developed"),
                opening(title="Sales Assistant", source="developed")]
    ranking = Matcher().fit(openings).rank(profile(job_goals=["anything but cleaning"]))
    assert [s.opening_id for s in ranking.suggestions] == [openings[1]["id"], openings[0]["id"]]
    assert any("'cleaning', which you would rather avoid" in c for c in ranking.suggestions[1].checks)


def test_kinds_of_work_are_read_from_goals():
    assert read_goal("something with animals").tags == ("animals",)
    assert read_goal("outdoor work").tags == ("outdoor",)


@pytest.mark.parametrize(
    ("goal", "wanted", "look_alike"),
    [("barista", "Coffee Shop Barista", "Bar Staff"), ("kitchen assistant", "Kitchen Hand", "Kitchen Fitter"),
     ("security guard", "Security Officer", "Security Engineer"), ("KP", "Pot Washer", "Hospital Porter"),
     ("picker packer", "Warehouse Operative", "Packaging Designer")],
)
def test_the_goal_beats_its_look_alike(goal, wanted, look_alike):
    openings = [opening(title=look_alike, description=f"{goal} {look_alike}"), opening(title=wanted)]
    assert ranked_titles(profile(job_goals=[goal]), openings)[0] == wanted


def test_family_goal_finds_every_job_of_that_kind():
    titles = ["Kennel Assistant", "Dog Walker", "Stable Hand", "Sales Assistant", "Software Developer"]
    openings = [opening(title=t) for t in titles]
    assert set(ranked_titles(profile(job_goals=["something with animals"]), openings)[:3]) == set(titles[:3])


def test_unknown_goal_falls_back_on_title_words_and_descriptions():
    openings = [opening(title="Luthier Apprentice"), opening(title="Cashier"),
                opening(title="Team Member", description="Help our luthier repair guitars")]
    assert ranked_titles(profile(job_goals=["luthier"]), openings)[:2] == ["Luthier Apprentice", "Team Member"]


def test_strengths_and_skills_match_requirements():
    openings = [opening(title="Operative", requirements=["forklift licence"]),
                opening(title="Operative", requirements=["driving licence"])]
    m = Matcher().fit(openings)
    top = m.rank(profile(skills=["FLT licence"])).suggestions[0]
    assert top.opening_id == openings[0]["id"]
    assert "Uses your skill 'FLT licence'" in top.reasons


def test_past_jobs_count_towards_the_same_kind_of_job():
    openings = [opening(title="Cleaner"), opening(title="Cashier")]
    assert ranked_titles(profile(experience=["office cleaning operative"]), openings)[0] == "Cleaner"


def test_industry_preference():
    openings = [opening(title="Assistant", industry="Retail"), opening(title="Assistant", industry="Hotels")]
    assert ranked_titles(profile(industries=["hospitality"]), openings) == ["Assistant", "Assistant"]
    top = Matcher().fit(openings).rank(profile(industries=["hospitality"])).suggestions[0]
    assert top.opening_id == openings[1]["id"]


def test_avoid_list_lowers_the_score_and_says_why():
    lifting = opening(title="Warehouse Operative", description="Heavy lifting every day")
    light = opening(title="Warehouse Operative", description="Light parcels; no heavy lifting")
    ranking = Matcher().fit([lifting, light]).rank(profile(job_goals=["warehouse"], avoid=["heavy lifting"]))
    first, second = ranking.suggestions
    assert first.opening_id == light["id"] and first.score > second.score
    assert any("heavy lifting" in c for c in second.checks)


def test_negated_words_are_not_mentions():
    assert "lift" not in analyze("No heavy lifting involved")


def test_practical_fit_prefers_the_hours_pay_and_place_asked_for():
    here = {"lat": 53.8, "lon": -1.55}
    good = opening(title="Cleaner", hours_per_week={"min": 10, "max": 16}, hourly_wage={"min": 12, "max": 12},
                   location=here)
    vague = opening(title="Cleaner")
    p = profile(job_goals=["cleaner"], hours_per_week={"min": 10, "max": 20}, min_hourly_wage=11,
                location=here, max_travel_km=10)
    ranking = Matcher().fit([vague, good]).rank(p)
    assert ranking.suggestions[0].opening_id == good["id"]
    reasons = " | ".join(ranking.suggestions[0].reasons)
    assert "hours a week, within what you asked" in reasons
    assert "at or above your minimum" in reasons and "km away" in reasons


def test_at_most_two_per_employer_unless_fewer_remain():
    same = [opening(title="Barista", employer="Bean Co") for _ in range(5)]
    others = [opening(title="Barista", employer=f"Cafe {i}") for i in range(10)]
    ranking = Matcher().fit(same + others).rank(profile(job_goals=["barista"]))
    ids = {o["id"] for o in same}
    assert sum(s.opening_id in ids for s in ranking.suggestions) == 2
    only = Matcher().fit(same).rank(profile(job_goals=["barista"]), top=4)
    assert len(only.suggestions) == 4  # fewer other openings remain: the cap gives way


def test_empty_profile_gets_a_ranking_with_honest_reasons():
    openings = [opening(title="Cleaner", source="developed", hours_per_week={"min": 10, "max": 20}),
                opening(title="Cook")]
    ranking = Matcher().fit(openings).rank({"id": "p-empty"})
    assert [s.opening_id for s in ranking.suggestions] == [o["id"] for o in openings]
    assert ranking.suggestions[0].reasons[0].startswith("Open to anyone")


def test_reasons_name_the_goal_and_title():
    ranking = Matcher().fit([opening(title="Coffee Shop Barista")]).rank(profile(job_goals=["barista"]))
    assert ranking.suggestions[0].reasons[0] == "Matches your goal 'barista' (title 'Coffee Shop Barista')"


def test_ties_break_by_opening_id_and_scores_are_rounded():
    openings = [opening(id=i, title="Cleaner") for i in ("o-b", "o-c", "o-a")]
    ranking = Matcher(employer_cap=5).fit(openings).rank(profile(job_goals=["cleaner"]))
    assert [s.opening_id for s in ranking.suggestions] == ["o-a", "o-b", "o-c"]
    assert all(round(s.score, 4) == s.score and 0 <= s.score <= 1 for s in ranking.suggestions)


def test_exclude_ids_leaves_openings_out_without_counting_them():
    openings = [opening(title="Cleaner"), opening(title="Cleaner", shifts=["night"])]
    ranking = Matcher().fit(openings).rank(profile(shifts_excluded=["night"]), exclude_ids=[openings[0]["id"]])
    assert ranking.suggestions == () and ranking.excluded == 1


def test_who_might_this_opening_suit():
    job = opening(title="Kennel Assistant", shifts=["weekend"])
    m = Matcher().fit([job, opening(title="Cashier")])
    caseload = [profile(id="a", job_goals=["dog walker"]), profile(id="b", job_goals=["admin"]),
                profile(id="c", job_goals=["animals"], shifts_excluded=["weekend"])]
    result = m.rank_caseload(job["id"], caseload)
    assert [c.participant_id for c in result.candidates] == ["a", "b"]
    assert result.excluded == 1 and result.excluded_participants == (("c", ("weekend shifts",)),)


def test_no_openings_and_no_vocabulary():
    assert Matcher().fit([]).rank(profile(job_goals=["barista"])).suggestions == ()
    ranking = Matcher().fit([opening(title="the"), opening()]).rank(profile(job_goals=["the"], skills=["a"]))
    assert len(ranking.suggestions) == 2
