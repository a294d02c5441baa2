"""Write the evaluation openings (seeded, so always the same) and the profiles to ``data/``.

Each opening is drawn from one true occupation of ``occupations.py``: a title variant (sometimes in capitals
or lower case), one of its descriptions with a few general sentences, requirements, an industry (or none),
an employer, and hours, shifts, pay, place, remote and source, each sometimes left unstated. The occupation
and what the job involves are written to ``truth.jsonl``, which the matcher never reads.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from bench.matching_eval.occupations import FILLER, OCCUPATIONS, SHARED_EMPLOYERS
from bench.matching_eval.profiles import HERE, P

DATA = Path(__file__).resolve().parent / "data"
SEED = 20261123
POPULAR = {"warehouse": 22, "retail": 20, "care": 20, "cleaner": 18, "barista": 16, "kitchen_porter": 14,
           "call_centre": 14, "animal_care": 16, "security_guard": 12, "gardener": 14, "admin": 14}
REMOTE_OK = {"call_centre", "data_entry", "admin", "it_support", "software"}
SHIFT_SETS = [["day"], ["day", "weekend"], ["evening"], ["evening", "weekend"], ["night"], ["day", "evening"],
              ["night", "weekend"], ["weekend"]]


def _maybe(rng: random.Random, chance: float, value):
    return value if rng.random() < chance else None


def make_opening(rng: random.Random, number: int, code: str) -> tuple[dict, dict]:
    """One opening of a true occupation, and its truth record."""
    o = OCCUPATIONS[code]
    title = rng.choice(o["titles"])
    if rng.random() < 0.08:
        title = title.upper() if rng.random() < 0.5 else title.lower()
    description = " ".join([rng.choice(o["descriptions"]), *rng.sample(FILLER, rng.randint(1, 3))])
    low = rng.choice([8, 12, 16, 20, 25, 30, 35, 37.5])
    hours = rng.choice([{"min": low, "max": min(low + rng.choice([0, 4, 8, 10]), 48)}, {"min": None, "max": low},
                        {"min": low, "max": None}]) if rng.random() < 0.7 else None
    pay_low = round(rng.uniform(10.5, 14.5), 2)
    pay = rng.choice([{"min": pay_low, "max": round(pay_low + rng.choice([0.5, 1, 2]), 2)},
                      {"min": pay_low, "max": None}, {"min": None, "max": pay_low}]) if rng.random() < 0.65 else None
    shifts = rng.choice(SHIFT_SETS) if rng.random() < 0.7 else []
    if "Night" in title or "night" in description.lower().split():
        shifts = sorted(set(shifts) | {"night"}, key=["day", "evening", "night", "weekend"].index)
    remote = None
    if code in REMOTE_OK:
        remote = rng.random() < 0.4 if rng.random() < 0.8 else None
    elif rng.random() < 0.4:
        remote = False
    location = None
    if rng.random() < 0.85:
        location = {"lat": round(HERE["lat"] + rng.uniform(-0.2, 0.2), 4),
                    "lon": round(HERE["lon"] + rng.uniform(-0.3, 0.3), 4)}
    opening = {
        "id": f"o-{number:04d}",
        "title": title,
        "employer": rng.choice(SHARED_EMPLOYERS) if rng.random() < 0.4 else rng.choice(o["employers"]),
        "industry": rng.choice(o["industries"]),
        "description": description,
        "requirements": rng.sample(o["requirements"], rng.randint(0, min(3, len(o["requirements"])))),
        "hours_per_week": hours,
        "shifts": shifts,
        "hourly_wage": pay,
        "location": location,
        "remote": remote,
        "source": "developed" if rng.random() < 0.25 else "advertised",
    }
    involves = set(o["involves"]) | ({"night"} if "night" in shifts else set())
    return opening, {"opening_id": opening["id"], "occupation": code, "involves": sorted(involves)}


def generate() -> tuple[list[dict], list[dict]]:
    """All openings and their truth records, in id order."""
    rng = random.Random(SEED)
    codes = [code for code in OCCUPATIONS for _ in range(POPULAR.get(code, 11))]
    rng.shuffle(codes)
    pairs = [make_opening(rng, i + 1, code) for i, code in enumerate(codes)]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def write() -> None:
    """Write openings.jsonl, truth.jsonl, profiles.jsonl and labels.jsonl under data/."""
    DATA.mkdir(exist_ok=True)
    openings, truth = generate()
    files = {
        "openings.jsonl": openings,
        "truth.jsonl": truth,
        "profiles.jsonl": [p for p, _ in P],
        "labels.jsonl": [{"participant_id": p["id"], **labels} for p, labels in P],
    }
    for name, rows in files.items():
        text = "".join(json.dumps(row, sort_keys=False) + "\n" for row in rows)
        (DATA / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write()
