"""`python -m bench` (`make bench`): measure the pages on the large demo data set, SQLite then PostgreSQL."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date

from bench.data import OUT, make_app, postgres_database, seed_info, sqlite_database
from bench.functions import duplicate_check, suggestions_at_scale
from bench.measure import measure, report
from bench.pages import FLOOR, PAGES

DUPLICATE_CHECK_TARGET_MS = 50
INDEX_REFRESH_TARGET_S = 5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=("large", "tenth"), default="large",
                        help="data set to measure on (each is cached separately); default large")
    parser.add_argument("--rebuild", action="store_true", help="seed the cached databases again")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL"),
                        help="a PostgreSQL server (any database on it) to measure too; default $BENCH_PG_URL")
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    parser.add_argument("-n", "--requests", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first (default 5)")
    parser.add_argument("--no-matching", action="store_true",
                        help="skip the matching library's quality and speed figures (bench.matching_eval)")
    parser.add_argument("--page", action="append", default=[],
                        help="measure only pages whose name contains this (repeatable); the floor always")
    return parser.parse_args(argv)


def _databases(args) -> list[tuple[str, str, str]]:
    """(title, key, url) of each database to measure, prepared first."""
    found = []
    if not args.no_sqlite:
        found.append(("SQLite", f"sqlite-{args.scale}", sqlite_database(args.scale, args.rebuild, print)))
    if args.pg_url:
        url = postgres_database(args.pg_url, args.scale, args.rebuild, print)
        found.append(("PostgreSQL", f"postgresql-{args.scale}", url))
    return found


def main(argv: list[str] | None = None) -> int:
    """Prepare the databases, measure, print one table per database; exit 1 if any page fails."""
    args = parse_args(argv)
    pages = [p for p in PAGES if p is FLOOR or not args.page or any(s in p.name for s in args.page)]
    failed = False
    for title, key, url in _databases(args):
        seeded = seed_info(key)
        if seeded.get("seeded_on") and (date.today() - date.fromisoformat(seeded["seeded_on"])).days > 7:
            print(f"Note: the {title} data was seeded on {seeded['seeded_on']}; --rebuild makes it current.")
        app = make_app(url)
        results = measure(app, pages, args.requests, args.warmup)
        heading = f"{title}, {args.scale} data set"
        if seeded:
            heading += f" (seeded {seeded['seeded_on']} in {seeded['seconds']:.0f} s)"
        print()
        print(report(heading, results))
        failed |= any(r.passed is False for r in results)
        p50, p95, employers = duplicate_check(app)
        verdict = "pass" if p95 <= DUPLICATE_CHECK_TARGET_MS else "FAIL"
        print(f"\nDuplicate check of one new name against {employers:,} employers: p50 {p50:.1f} ms, "
              f"p95 {p95:.1f} ms (target {DUPLICATE_CHECK_TARGET_MS} ms): {verdict}")
        failed |= verdict == "FAIL"
        scale = suggestions_at_scale(app)
        verdict = "pass" if scale["build_s"] <= INDEX_REFRESH_TARGET_S else "FAIL"
        print(f"Suggestion index over {scale['openings']:,} openings (all treated as open): built (the refresh, "
              f"loading included) in {scale['build_s']:.1f} s (target {INDEX_REFRESH_TARGET_S} s, in a background "
              f"thread): {verdict}; ranking one participant p50 {scale['rank_p50_ms']:.1f} ms, "
              f"p95 {scale['rank_p95_ms']:.1f} ms")
        failed |= verdict == "FAIL"
        (OUT / f"results-{key}.json").write_text(json.dumps(
            {r.page.name: {"role": r.page.role, "times_ms": r.times_ms, "error": r.error} for r in results}))
    if not args.no_matching:
        from bench.matching_eval.__main__ import main as matching_main

        print("\n### The matching library\n")
        matching_main([])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
