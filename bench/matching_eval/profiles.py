"""Hand-written participant profiles of the evaluation set, each with its hand-written relevance labels.

``want`` (grade 3), ``close`` (grade 2) and ``related`` (grade 1) name true occupations of
``occupations.py``; ``avoid_tags`` name what the participant's avoid list refers to, in the occupations'
``involves`` words. The labels were written by reading each profile as a person would, before looking at
any ranking, and follow RULES.md.
"""

from __future__ import annotations

HERE = {"lat": 53.800, "lon": -1.549}


def at(dlat: float, dlon: float) -> dict:
    """A place near the centre of the evaluation area."""
    return {"lat": round(HERE["lat"] + dlat, 4), "lon": round(HERE["lon"] + dlon, 4)}


P: list[tuple[dict, dict]] = [
    (
        {
            "id": "p-01",
            "job_goals": ["barista"],
            "strengths": ["friendly", "good with customers"],
            "shifts_excluded": ["night"],
            "location": at(0.01, 0.02),
            "max_travel_km": 20,
        },
        {
            "want": ["barista"],
            "close": ["waiter", "catering", "fast_food"],
            "related": ["bar_staff", "bakery", "retail", "cashier", "kitchen_assistant"],
        },
    ),
    (
        {"id": "p-02", "job_goals": ["KP"], "experience": ["pot washer"], "strengths": ["hard working"]},
        {
            "want": ["kitchen_porter"],
            "close": ["kitchen_assistant", "catering"],
            "related": ["chef", "housekeeping", "cleaner", "fast_food"],
        },
    ),
    (
        {
            "id": "p-03",
            "job_goals": ["something with animals"],
            "avoid": ["phone work"],
            "strengths": ["patient", "calm"],
            "location": at(-0.02, 0.0),
            "max_travel_km": 25,
        },
        {"want": ["animal_care"], "close": ["farm"], "related": ["vet", "gardener"], "avoid_tags": ["phone"]},
    ),
    (
        {"id": "p-04", "job_goals": ["outdoor work"], "strengths": ["physically fit", "enjoy being outside"]},
        {
            "want": ["gardener", "street", "farm"],
            "close": ["labourer", "postal", "car_care", "animal_care"],
            "related": ["delivery"],
        },
    ),
    (
        {
            "id": "p-05",
            "job_goals": ["warehose work"],
            "skills": ["forklift licence"],
            "hours_per_week": {"min": 30, "max": 40},
        },
        {
            "want": ["warehouse", "forklift"],
            "close": ["production", "stock", "delivery"],
            "related": ["postal", "porter"],
        },
    ),
    (
        {
            "id": "p-06",
            "job_goals": ["shop work"],
            "industries": ["retail"],
            "avoid": ["heavy lifting"],
            "strengths": ["good with customers", "good with numbers"],
        },
        {
            "want": ["retail", "cashier"],
            "close": ["stock"],
            "related": ["barista", "fast_food", "library", "museum"],
            "avoid_tags": ["lifting"],
        },
    ),
    (
        {
            "id": "p-07",
            "job_goals": ["HCA"],
            "strengths": ["caring", "patient"],
            "experience": ["carer for my mum"],
            "shifts_excluded": ["night"],
        },
        {"want": ["care"], "close": ["peer_support"], "related": ["nurse", "teaching_assistant", "childcare"]},
    ),
    (
        {
            "id": "p-08",
            "job_goals": ["security guard"],
            "skills": ["SIA licence"],
            "strengths": ["calm under pressure"],
        },
        {"want": ["security_guard"], "close": ["porter"], "related": ["car_care", "caretaker"]},
    ),
    (
        {
            "id": "p-09",
            "job_goals": ["admin", "data entry"],
            "skills": ["typing", "Microsoft Word and Excel"],
            "avoid": ["phone calls"],
            "remote": "ok",
        },
        {
            "want": ["admin", "data_entry"],
            "close": ["receptionist"],
            "related": ["call_centre", "library", "it_support"],
            "avoid_tags": ["phone"],
        },
    ),
    (
        {"id": "p-10", "job_goals": ["recepcionist"], "strengths": ["polite", "organised"], "min_hourly_wage": 11.0},
        {"want": ["receptionist"], "close": ["admin"], "related": ["call_centre", "museum", "leisure"]},
    ),
    (
        {
            "id": "p-11",
            "job_goals": ["customer service on the phone"],
            "skills": ["computer skills"],
            "strengths": ["good listener"],
        },
        {"want": ["call_centre"], "close": ["receptionist"], "related": ["admin", "data_entry"]},
    ),
    (
        {
            "id": "p-12",
            "job_goals": ["cleaner"],
            "shifts_excluded": ["night", "weekend"],
            "experience": ["office cleaning"],
            "location": at(0.03, -0.05),
            "max_travel_km": 10,
        },
        {
            "want": ["cleaner"],
            "close": ["housekeeping", "caretaker"],
            "related": ["kitchen_porter", "street", "porter"],
        },
    ),
    (
        {"id": "p-13", "job_goals": ["gardening", "working with plants"], "strengths": ["patient"]},
        {"want": ["gardener"], "close": ["farm"], "related": ["street", "animal_care"]},
    ),
    (
        {
            "id": "p-14",
            "job_goals": ["cook"],
            "experience": ["line cook", "kitchen assistant"],
            "skills": ["food hygiene level 2"],
        },
        {
            "want": ["chef"],
            "close": ["kitchen_assistant", "bakery"],
            "related": ["kitchen_porter", "catering", "fast_food"],
        },
    ),
    (
        {
            "id": "p-15",
            "job_goals": ["delivery driver"],
            "skills": ["full driving licence"],
            "shifts_excluded": ["night"],
        },
        {"want": ["delivery"], "close": ["driver", "postal"], "related": ["forklift", "warehouse"]},
    ),
    (
        {
            "id": "p-16",
            "job_goals": ["teaching assistant", "working with kids"],
            "strengths": ["patient", "creative"],
        },
        {"want": ["teaching_assistant", "childcare"], "close": [], "related": ["leisure", "library", "catering"]},
    ),
    (
        {"id": "p-17", "job_goals": ["bar work"], "experience": ["glass collector"], "strengths": ["outgoing"]},
        {"want": ["bar_staff"], "close": ["waiter"], "related": ["barista", "fast_food", "leisure"]},
    ),
    (
        {
            "id": "p-18",
            "job_goals": ["IT support"],
            "skills": ["building PCs", "Windows"],
            "strengths": ["problem solving"],
        },
        {"want": ["it_support"], "close": ["data_entry"], "related": ["admin", "software", "call_centre"]},
    ),
    (
        {"id": "p-19", "job_goals": ["peer support worker"], "strengths": ["good listener", "lived experience"]},
        {"want": ["peer_support"], "close": ["care"], "related": ["nurse"]},
    ),
    (
        {"id": "p-20", "job_goals": ["library assistant"], "strengths": ["love reading", "quiet", "organised"]},
        {"want": ["library"], "close": ["museum"], "related": ["admin", "retail"]},
    ),
    (
        {"id": "p-21", "job_goals": ["fixing bikes"], "skills": ["bike maintenance"], "strengths": ["practical"]},
        {"want": ["mechanic"], "close": [], "related": ["car_care", "caretaker"]},
    ),
    ({"id": "p-22"}, {"want": [], "close": [], "related": []}),
    (
        {"id": "p-23", "experience": ["kitchen porter", "cleaner"], "strengths": ["reliable", "hard working"]},
        {
            "want": ["kitchen_porter", "cleaner"],
            "close": ["kitchen_assistant", "housekeeping", "catering"],
            "related": ["caretaker", "porter", "warehouse"],
        },
    ),
    (
        {
            "id": "p-24",
            "skills": ["counterbalance forklift licence", "reach truck"],
            "experience": ["warehouse operative"],
        },
        {"want": ["forklift", "warehouse"], "close": ["production", "stock"], "related": ["delivery"]},
    ),
    (
        {"id": "p-25", "job_goals": ["something with food"], "skills": ["food hygiene"]},
        {
            "want": ["kitchen_assistant", "catering", "bakery", "fast_food", "chef"],
            "close": ["barista", "kitchen_porter", "waiter"],
            "related": ["production"],
        },
    ),
    (
        {"id": "p-26", "job_goals": ["helping people"], "strengths": ["kind", "good listener"]},
        {
            "want": ["care", "peer_support"],
            "close": ["teaching_assistant"],
            "related": ["nurse", "childcare", "library"],
        },
    ),
    (
        {"id": "p-27", "job_goals": ["museum or gallery work"], "strengths": ["interested in history"]},
        {"want": ["museum"], "close": ["library"], "related": ["leisure"]},
    ),
    (
        {"id": "p-28", "job_goals": ["factory work"], "shifts_excluded": ["night"], "hours_per_week": {"max": 37.5}},
        {"want": ["production"], "close": ["warehouse"], "related": ["stock", "bakery"]},
    ),
    (
        {"id": "p-29", "job_goals": ["hotel work"], "industries": ["hospitality"]},
        {
            "want": ["housekeeping"],
            "close": ["receptionist", "porter", "waiter", "kitchen_porter", "bar_staff"],
            "related": ["catering", "chef"],
        },
    ),
    (
        {"id": "p-30", "job_goals": ["dog walker"], "location": at(0.05, 0.05), "max_travel_km": 15},
        {"want": ["animal_care"], "close": [], "related": ["farm", "vet"]},
    ),
    (
        {
            "id": "p-31",
            "job_goals": ["barista"],
            "hours_per_week": {"min": 8, "max": 16},
            "min_hourly_wage": 11.44,
            "location": at(0.0, 0.0),
            "max_travel_km": 8,
            "remote": "no",
        },
        {
            "want": ["barista"],
            "close": ["waiter", "catering", "fast_food"],
            "related": ["bar_staff", "bakery", "retail", "cashier", "kitchen_assistant"],
        },
    ),
    (
        {"id": "p-32", "job_goals": ["customer service from home"], "remote": "only", "skills": ["typing"]},
        {"want": ["call_centre"], "close": ["data_entry", "admin"], "related": ["it_support"]},
    ),
    (
        {"id": "p-33", "job_goals": ["kitchen assistant"], "avoid": ["heavy lifting"], "strengths": ["team player"]},
        {
            "want": ["kitchen_assistant"],
            "close": ["kitchen_porter", "catering"],
            "related": ["chef", "fast_food", "bakery"],
            "avoid_tags": ["lifting"],
        },
    ),
    (
        {"id": "p-34", "job_goals": ["labouring on building sites"], "skills": ["CSCS card"]},
        {"want": ["labourer"], "close": [], "related": ["trade", "street", "gardener", "warehouse"]},
    ),
    (
        {"id": "p-35", "job_goals": ["picker packer"], "shifts_excluded": ["weekend"], "min_hourly_wage": 11.5},
        {"want": ["warehouse"], "close": ["production", "stock"], "related": ["forklift", "postal"]},
    ),
    (
        {"id": "p-36", "job_goals": ["postie"], "strengths": ["early riser", "fit"]},
        {"want": ["postal"], "close": ["delivery"], "related": ["street", "warehouse"]},
    ),
    (
        {
            "id": "p-37",
            "job_goals": ["retail", "cashier"],
            "avoid": ["night shifts", "alcohol"],
            "hours_per_week": {"min": 16, "max": 24},
            "location": at(-0.03, 0.04),
            "max_travel_km": 12,
        },
        {
            "want": ["retail", "cashier"],
            "close": ["stock"],
            "related": ["barista", "fast_food", "library", "museum"],
            "avoid_tags": ["night", "alcohol"],
        },
    ),
    (
        {
            "id": "p-38",
            "job_goals": ["care work", "support worker"],
            "skills": ["driving licence"],
            "avoid": ["nights"],
            "min_hourly_wage": 11.0,
        },
        {
            "want": ["care"],
            "close": ["peer_support"],
            "related": ["nurse", "teaching_assistant", "childcare"],
            "avoid_tags": ["night"],
        },
    ),
]
