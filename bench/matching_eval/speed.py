"""Speed and memory on synthetic data: fit on 100,000 openings, rank one profile, rank 1,000 profiles.

Synthetic openings reuse the evaluation material (titles, descriptions, requirements) with place names, made
up brand words and reference numbers, so the vocabulary and the number of distinct titles grow as in real
feeds. The floor is one sparse matrix x vector product over the same TF-IDF matrix, in its own dtype.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.matching_eval.occupations import FILLER, OCCUPATIONS, SHARED_EMPLOYERS
from bench.matching_eval.profiles import HERE, P

TOWNS = ("Leeds Bradford Wakefield Halifax Huddersfield Harrogate York Otley Ilkley Keighley Pudsey Morley Batley "
         "Dewsbury Castleford Pontefract Selby Tadcaster Wetherby Garforth Rothwell Horsforth Shipley Bingley "
         "Skipton Barnsley Sheffield Doncaster Hull Scarborough").split()


def _brand_words(rng: random.Random, count: int) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(5, 9))) for _ in range(count)]


def synthetic_openings(n: int, seed: int = 7) -> list[dict]:
    """``n`` openings in the contract's format."""
    rng = random.Random(seed)
    brands = _brand_words(rng, 40_000)
    codes = list(OCCUPATIONS)
    out = []
    for i in range(n):
        o = OCCUPATIONS[rng.choice(codes)]
        title = rng.choice(o["titles"])
        roll = rng.random()
        if roll < 0.3:
            title += f" - {rng.choice(TOWNS)}"
        elif roll < 0.4:
            title += " (Part Time)"
        elif roll < 0.45:
            title += f" ref {rng.randint(1000, 9999)}"
        words = " ".join(rng.sample(brands, 6))
        description = " ".join([rng.choice(o["descriptions"]), *rng.sample(FILLER, 3), f"Based near {words}."])
        low = rng.choice([8, 16, 20, 30, 37.5])
        out.append({
            "id": f"s-{i:06d}", "title": title,
            "employer": rng.choice(SHARED_EMPLOYERS) if rng.random() < 0.3 else f"{rng.choice(brands).title()} Ltd",
            "industry": rng.choice(o["industries"]), "description": description,
            "requirements": rng.sample(o["requirements"], min(2, len(o["requirements"]))),
            "hours_per_week": {"min": low, "max": low + 8} if rng.random() < 0.7 else None,
            "shifts": rng.sample(["day", "evening", "night", "weekend"], rng.randint(0, 2)),
            "hourly_wage": {"min": round(rng.uniform(10.5, 15), 2), "max": None} if rng.random() < 0.6 else None,
            "location": {"lat": HERE["lat"] + rng.uniform(-1, 1), "lon": HERE["lon"] + rng.uniform(-1, 1)},
            "remote": rng.choice([None, False, True]), "source": rng.choice(["advertised", "developed"]),
        })
    return out


def synthetic_profiles(n: int, seed: int = 11) -> list[dict]:
    """``n`` profiles: the evaluation profiles with their places moved about."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        profile = dict(P[i % len(P)][0], id=f"sp-{i:05d}")
        if profile.get("location"):
            profile["location"] = {"lat": HERE["lat"] + rng.uniform(-1, 1), "lon": HERE["lon"] + rng.uniform(-1, 1)}
        out.append(profile)
    return out


FIT_CHILD = """
import json, resource, sys, time, tracemalloc
from matching import Matcher
openings = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
mode = sys.argv[2]
if mode == "trace":
    tracemalloc.start()
start = time.perf_counter()
matcher = Matcher().fit(openings)
seconds = time.perf_counter() - start
traced = tracemalloc.get_traced_memory()[1] if mode == "trace" else 0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "traced_peak_mb": traced / 2**20, "rss_before_mb": before / 1024,
                  "rss_peak_mb": after / 1024}))
"""


def measure_fit(path: Path) -> dict:
    """Fit in fresh processes: once timed, once under tracemalloc for the memory fit itself allocates."""
    timed = subprocess.run([sys.executable, "-c", FIT_CHILD, str(path), "time"], capture_output=True, text=True,
                           check=True)
    traced = subprocess.run([sys.executable, "-c", FIT_CHILD, str(path), "trace"], capture_output=True, text=True,
                            check=True)
    a, b = json.loads(timed.stdout), json.loads(traced.stdout)
    return {"fit_seconds": a["seconds"], "fit_allocated_peak_mb": b["traced_peak_mb"],
            "process_rss_before_fit_mb": a["rss_before_mb"], "process_rss_peak_mb": a["rss_peak_mb"]}


def _percentiles(seconds: list[float]) -> tuple[float, float]:
    ms = sorted(s * 1000 for s in seconds)
    return statistics.median(ms), ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]


def measure_rank(matcher, profiles: list[dict], repeats: int = 300) -> dict:
    """p50/p95 of one ``rank`` call, and of the floor (one sparse matrix x vector product)."""
    for p in profiles[:20]:
        matcher.rank(p)  # warm caches
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        matcher.rank(profiles[i % len(profiles)])
        times.append(time.perf_counter() - start)
    matrix = matcher.index_.matrix
    rng = np.random.default_rng(0)
    query = np.zeros(matrix.shape[1], dtype=matrix.dtype)
    query[rng.choice(matrix.shape[1], size=20, replace=False)] = 0.2
    floor = []
    for _ in range(repeats):
        start = time.perf_counter()
        matrix @ query
        floor.append(time.perf_counter() - start)
    p50, p95 = _percentiles(times)
    f50, f95 = _percentiles(floor)
    return {"rank_p50_ms": p50, "rank_p95_ms": p95, "floor_p50_ms": f50, "floor_p95_ms": f95,
            "ratio_p50_to_floor": p50 / f50}


def run(n_openings: int = 100_000, n_profiles: int = 1_000) -> dict:
    """All speed figures."""
    from matching import Matcher

    openings = synthetic_openings(n_openings)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "openings.jsonl"
        path.write_text("".join(json.dumps(o) + "\n" for o in openings), encoding="utf-8")
        figures = measure_fit(path)
    matcher = Matcher().fit(openings)
    figures["openings"], figures["distinct_titles"] = n_openings, matcher.index_.titles.size
    figures["terms"], figures["matrix_nonzeros"] = matcher.index_.matrix.shape[1], matcher.index_.matrix.nnz
    profiles = synthetic_profiles(n_profiles)
    figures.update(measure_rank(matcher, profiles))
    start = time.perf_counter()
    matcher.rank_many(profiles)
    figures["rank_all_profiles"], figures["rank_all_seconds"] = n_profiles, time.perf_counter() - start
    return figures
