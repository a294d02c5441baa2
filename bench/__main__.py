"""`python -m bench` (`make bench`): measure the pages on the large demo data set, SQLite then PostgreSQL."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date

from bench.data import OUT, make_app, postgres_database, seed_info, sqlite_database
from bench.functions import duplicate_check, exports_at_scale, suggestions_at_scale
from bench.measure import growth_report, measure, report
from bench.pages import FLOOR, PAGES

DUPLICATE_CHECK_TARGET_MS = 50
INDEX_REFRESH_TARGET_S = 5
CONTACT_EXPORT_TARGET_S = 10


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
    parser.add_argument("--growth", action="store_true",
                        help="measure the pages at a tenth of the size too and print how each page's time grows")
    parser.add_argument("--memory", action="store_true",
                        help="resident memory of one gunicorn worker after every page, 50,000-opening index (SQLite)")
    parser.add_argument("--exports", action="store_true",
                        help="stream the CSV exports whole (the contact log's newest 100,000 rows; 10 s target)")
    parser.add_argument("--all", action="store_true",
                        help="everything `make bench` measures: --growth --memory --exports --load")
    parser.add_argument("--load", action="store_true",
                        help="then the load test on SQLite with its defaults (`python -m bench.load`; needs the "
                             "bench extra: `pip install -e '.[bench]'`)")
    args = parser.parse_args(argv)
    if args.all:
        args.growth = args.memory = args.exports = args.load = True
    return args


def _databases(args, scale: str) -> list[tuple[str, str, str]]:
    """(title, key, url) of each database to measure at scale, prepared first."""
    titles = ([] if args.no_sqlite else ["SQLite"]) + (["PostgreSQL"] if args.pg_url else [])
    return [(title, f"{title.lower()}-{scale}", _database(title, scale, args)) for title in titles]


def _database(title: str, scale: str, args) -> str:
    """The URL of the SQLite or PostgreSQL benchmark database at scale, seeded first when missing."""
    if title == "SQLite":
        return sqlite_database(scale, args.rebuild, print)
    return postgres_database(args.pg_url, scale, args.rebuild, print)


def _pages(app, title: str, key: str, scale: str, pages, args) -> tuple[list, bool]:
    """Measure and print the pages on one database; (results, whether any failed)."""
    seeded = seed_info(key)
    if seeded.get("seeded_on") and (date.today() - date.fromisoformat(seeded["seeded_on"])).days > 7:
        print(f"Note: the {title} data was seeded on {seeded['seeded_on']}; --rebuild makes it current.")
    results = measure(app, pages, args.requests, args.warmup)
    heading = f"{title}, {scale} data set"
    if seeded:
        heading += f" (seeded {seeded['seeded_on']} in {seeded['seconds']:.0f} s)"
    print()
    print(report(heading, results))
    (OUT / f"results-{key}.json").write_text(json.dumps(
        {r.page.name: {"role": r.page.role, "times_ms": r.times_ms, "error": r.error} for r in results}))
    return results, any(r.passed is False for r in results)


def _functions(app) -> bool:
    """The duplicate check and the suggestion index at scale; True if either misses its target."""
    p50, p95, employers = duplicate_check(app)
    verdict = "pass" if p95 <= DUPLICATE_CHECK_TARGET_MS else "FAIL"
    print(f"\nDuplicate check of one new name against {employers:,} employers: p50 {p50:.1f} ms, "
          f"p95 {p95:.1f} ms (target {DUPLICATE_CHECK_TARGET_MS} ms): {verdict}")
    failed = verdict == "FAIL"
    scale = suggestions_at_scale(app)
    verdict = "pass" if scale["build_s"] <= INDEX_REFRESH_TARGET_S else "FAIL"
    print(f"Suggestion index over {scale['openings']:,} openings (all treated as open): built (the refresh, "
          f"loading included) in {scale['build_s']:.1f} s (target {INDEX_REFRESH_TARGET_S} s, in a background "
          f"thread): {verdict}; ranking one participant p50 {scale['rank_p50_ms']:.1f} ms, "
          f"p95 {scale['rank_p95_ms']:.1f} ms")
    return failed or verdict == "FAIL"


def _exports(app, title: str) -> bool:
    """Stream each CSV export whole; True if the contact log's 100,000 rows miss their target."""
    print(f"\n#### CSV exports streamed whole ({title}, admin, best and worst of 3)\n")
    print("| export | rows | best s | worst s | peak Python memory MB | target |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    failed = False
    for export in exports_at_scale(app):
        target = ""
        if export["export"] == "contact log":
            ok = export["worst_s"] <= CONTACT_EXPORT_TARGET_S
            target = f"{CONTACT_EXPORT_TARGET_S} s: {'pass' if ok else 'FAIL'}"
            failed |= not ok
        print(f"| {export['export']} | {export['rows']:,} | {export['best_s']:.1f} | {export['worst_s']:.1f} | "
              f"{export['peak_mb']:.1f} | {target} |")
    return failed


def main(argv: list[str] | None = None) -> int:
    """Prepare the databases, measure, print one table per database; exit 1 if anything misses its target."""
    args = parse_args(argv)
    pages = [p for p in PAGES if p is FLOOR or not args.page or any(s in p.name for s in args.page)]
    failed = False
    for title, key, url in _databases(args, args.scale):
        app = make_app(url)
        results, missed = _pages(app, title, key, args.scale, pages, args)
        failed |= missed
        failed |= _functions(app)
        if args.exports:
            failed |= _exports(app, title)
        if args.growth and args.scale != "large":
            print("\n(--growth compares the tenth data set with the large one: it needs --scale large.)")
        elif args.growth:
            small_url = _database(title, "tenth", args)
            smaller, _ = _pages(make_app(small_url), title, f"{title.lower()}-tenth", "tenth", pages, args)
            print()
            print(growth_report(f"Growth on {title}: a tenth of the data, then all of it", smaller, results))
    if args.memory and not args.no_sqlite:
        from bench import memory

        print(f"\n### Memory of one gunicorn worker (SQLite, {args.scale} data set)\n")
        figures = memory.measure_worker_memory(OUT / f"{args.scale}.db")
        print(memory.report(figures))
        failed |= not memory.passed(figures)
    if not args.no_matching:
        from bench.matching_eval.__main__ import main as matching_main

        print("\n### The matching library\n")
        matching_main([])
    if args.load and not args.no_sqlite:
        from bench.load import LoadConfig, run_load

        print("\n### Load test (SQLite)\n")
        failed |= run_load(LoadConfig(), args.scale) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
