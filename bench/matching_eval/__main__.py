"""``python -m bench.matching_eval [--quality-only] [--openings N] [--profiles N]``: quality, then speed."""

from __future__ import annotations

import argparse
import os

from bench.matching_eval import quality, speed

TARGETS = {
    "NDCG@10": 0.85,
    "margin over the better baseline": 0.15,
    "fit_seconds": 15.0,
    "fit_allocated_peak_mb": 300.0,
    "rank_p50_ms": 20.0,
    "rank_p95_ms": 50.0,
    "rank_all_seconds": 30.0,
}


def report_quality() -> None:
    """Print NDCG@10, P@5, MRR and hard-limit breaks for the matcher and both baselines."""
    results = quality.evaluate()
    print("Quality on bench/matching_eval/data (graded by RULES.md)")
    print(f"  {'ranker':<26}{'NDCG@10':>9}{'P@5':>8}{'MRR':>8}{'limit breaks':>14}{'profiles':>10}")
    for name, r in results.items():
        print(
            f"  {name:<26}{r['NDCG@10']:>9.3f}{r['P@5']:>8.3f}{r['MRR']:>8.3f}{r['hard-limit breaks']:>14}"
            f"{r['profiles']:>10}"
        )
    mine = results["matching"]["NDCG@10"]
    better = max(v["NDCG@10"] for k, v in results.items() if k != "matching")
    print(
        f"  NDCG@10 {mine:.3f} (target >= {TARGETS['NDCG@10']}), {mine - better:+.3f} over the better baseline "
        f"(target >= +{TARGETS['margin over the better baseline']})"
    )


def report_speed(n_openings: int, n_profiles: int) -> None:
    """Print fit time and memory, rank latency against the floor, and rank-all time."""
    figures = speed.run(n_openings, n_profiles)
    print(
        f"Speed on {figures['openings']:,} synthetic openings ({figures['distinct_titles']:,} distinct titles, "
        f"{figures['terms']:,} terms, {figures['matrix_nonzeros']:,} non-zeros); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(
        f"  fit: {figures['fit_seconds']:.2f} s (target <= 15); memory allocated by fit at its peak "
        f"{figures['fit_allocated_peak_mb']:.0f} MB (tracemalloc, target <= 300); whole process peak RSS "
        f"{figures['process_rss_peak_mb']:.0f} MB, of which {figures['process_rss_before_fit_mb']:.0f} MB before "
        "fit (interpreter, libraries, the openings as JSON objects)"
    )
    print(
        f"  rank one profile: p50 {figures['rank_p50_ms']:.1f} ms (target <= 20), p95 {figures['rank_p95_ms']:.1f} ms "
        f"(target <= 50); floor (one sparse matrix x vector) p50 {figures['floor_p50_ms']:.2f} ms, "
        f"p95 {figures['floor_p95_ms']:.2f} ms; ratio p50/floor {figures['ratio_p50_to_floor']:.1f}"
    )
    print(
        f"  rank-all: {figures['rank_all_profiles']:,} profiles in {figures['rank_all_seconds']:.1f} s (target <= 30)"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.matching_eval")
    parser.add_argument("--quality-only", action="store_true", help="skip the speed benchmark")
    parser.add_argument("--openings", type=int, default=100_000, help="synthetic openings for speed")
    parser.add_argument("--profiles", type=int, default=1_000, help="profiles for rank-all")
    args = parser.parse_args(argv)
    report_quality()
    if not args.quality_only:
        report_speed(args.openings, args.profiles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
