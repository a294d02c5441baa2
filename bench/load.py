"""`python -m bench.load` (`make bench-load`): a loopback load test of gunicorn on the large SQLite data set.

gunicorn (``--workers 4``) serves a copy of the cached benchmark database (the cache itself is never written)
on 127.0.0.1; locust, headless and in a process of its own, starts 20 signed-in users (18 specialists and 2
team leads, each with its own demo account) within two seconds. They go round the main pages and the quick
log (see ``bench/load_plan.py`` for the weights) with a small pause (0–2 s, ``--think``) between tasks, each
opening only its own objects. Signing in and the ten seconds after the last sign-in warm up (each worker
builds its suggestion index); the next minute is measured. The report gives, per page and in total,
requests, failures, p50/p95/p99 and requests per second, and the processor time gunicorn, the load
generator and the rest of the machine used: they all share its cores. Exit status 1 on any failed request
or a total p95 over the target.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.data import OUT, sqlite_database
from bench.load_cpu import start_sampler
from bench.load_plan import EXTRA_LABELS, LEAD_WEIGHTS, PAGE_LABELS, SPECIALIST_WEIGHTS, build_plan
from bench.load_report import LoadFigures, cpu_lines, machine, percentile, summarise, table, write_section

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
WORK = OUT / "load"
SIGN_IN_TIMEOUT_S = 300  # the measured window opens after the last sign-in, or after this long at the latest


@dataclass(frozen=True)
class LoadConfig:
    """The shape of the load: the issue's figures are the defaults."""

    users: int = 20
    leads: int = 2
    spawn_rate: float = 10.0
    seconds: int = 60
    warmup: int = 10
    workers: int = 4
    think: float = 2.0
    target_p95_ms: float = 300.0

    def __post_init__(self):
        if self.users < 1 or not 0 <= self.leads <= self.users:
            raise ValueError("need at least one user, and between 0 and that many team leads")
        if min(self.spawn_rate, self.seconds, self.workers) <= 0 or self.warmup < 0 or self.think < 0:
            raise ValueError("spawn rate, seconds and workers must be above 0; warm-up and think time not below")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    d = LoadConfig()
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("large", "tenth"), default="large", help="data set (default large)")
    parser.add_argument("--rebuild", action="store_true", help="seed the cached database again first")
    parser.add_argument("--users", type=int, default=d.users, help=f"concurrent users (default {d.users})")
    parser.add_argument("--leads", type=int, default=d.leads, help=f"of which team leads (default {d.leads})")
    parser.add_argument("--spawn-rate", type=float, default=d.spawn_rate, help="users started per second")
    parser.add_argument("--seconds", type=int, default=d.seconds, help=f"measured time (default {d.seconds})")
    parser.add_argument("--warmup", type=int, default=d.warmup,
                        help=f"unmeasured seconds after the last sign-in, before measuring (default {d.warmup})")
    parser.add_argument("--workers", type=int, default=d.workers, help=f"gunicorn workers ({d.workers})")
    parser.add_argument("--think", type=float, default=d.think,
                        help=f"pause between a user's tasks, uniform from 0 to this many seconds (default {d.think:g}; "
                             "0: none, the server saturated)")
    parser.add_argument("--target-p95", type=float, default=d.target_p95_ms, help="ms, all requests together")
    parser.add_argument("--no-record", action="store_true", help="do not write the table into bench/RESULTS.md")
    return parser.parse_args(argv)


def config_from(args: argparse.Namespace) -> LoadConfig:
    """The LoadConfig of parsed arguments (raises ValueError on impossible values)."""
    return LoadConfig(users=args.users, leads=args.leads, spawn_rate=args.spawn_rate, seconds=args.seconds,
                      warmup=args.warmup, workers=args.workers, think=args.think, target_p95_ms=args.target_p95)


def copy_database(source: Path, target: Path) -> None:
    """Copy the SQLite file with its backup API (the source is opened read-only and never changed)."""
    for old in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        old.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, \
            contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def write_plan(url: str, config: LoadConfig, path: Path) -> dict:
    """The locust process's plan: users and their objects, weights, labels, think time, zone, password."""
    from crm.config import DEFAULTS
    from crm.demo import DEMO_PASSWORD

    plan = {"users": build_plan(url, config.users, config.leads), "password": DEMO_PASSWORD,
            "weights": {"specialist": SPECIALIST_WEIGHTS, "team_lead": LEAD_WEIGHTS},
            "labels": {**PAGE_LABELS, **EXTRA_LABELS}, "think_s": [0.0, config.think],
            "timezone": DEFAULTS["DEFAULT_TIMEZONE"], "warmup_s": config.warmup, "seconds": config.seconds,
            "sign_in_timeout_s": SIGN_IN_TIMEOUT_S}
    path.write_text(json.dumps(plan), encoding="utf-8")
    return plan


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(url: str, workers: int, log: Path, settings: dict[str, str] | None = None):
    """gunicorn serving the app on url's database at 127.0.0.1; yields (process, base URL) once it answers.

    settings: more environment variables for the app (CRM_<NAME>).
    """
    port = _free_port()
    # Plain HTTP on the loopback: the session cookie cannot be HTTPS-only (locust's cookie jar keeps to that).
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32),
           "CRM_INSTANCE_PATH": str(OUT / "instance"), "CRM_SESSION_COOKIE_SECURE": "false", **(settings or {})}
    # --timeout 120: each worker builds its suggestion index (about 4 s of one core at 50,000 openings) on its
    # first suggestions page; four at once on a busy 2-core machine took over gunicorn's default 30 s, which
    # killed the workers, whose successors started over. The measured window comes after that warm-up.
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
               "--timeout", "120", "--no-control-socket", "--error-logfile", str(log), "wsgi:app"]
    log.unlink(missing_ok=True)
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our own interpreter and arguments
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(server, f"{base}/health", log)
        yield server, base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_up(server: subprocess.Popen, health: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit {server.returncode}); see {log}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(health, timeout=2) as answer:  # noqa: S310 - our own http://127.0.0.1
                if answer.status == 200:
                    return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {health} within {timeout:.0f} s; see {log}")


def run_locust(base: str, server_pid: int, config: LoadConfig, plan: Path, samples: Path) -> dict:
    """Run locust headless against base; return its samples and the processor use while it ran."""
    samples.unlink(missing_ok=True)
    classes = ["Specialist"] + (["TeamLead"] if config.leads else [])
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", base,
               "--users", str(config.users), "--spawn-rate", str(config.spawn_rate),
               # The locustfile's clock stops the run; the time limit only guards against a hang.
               "--run-time", f"{SIGN_IN_TIMEOUT_S + config.warmup + config.seconds + 60}s", "--stop-timeout", "30",
               "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0", *classes]
    env = {**os.environ, "BENCH_LOAD_PLAN": str(plan), "BENCH_LOAD_SAMPLES": str(samples)}
    with (WORK / "locust.log").open("w") as log:
        generator = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,  # noqa: S603 - as above
                                     stderr=subprocess.STDOUT)
        sampler = start_sampler(server_pid, generator.pid)
        code = generator.wait()
        if sampler:
            sampler.done.set()
    if code != 0 or not samples.exists():
        raise RuntimeError(f"locust failed (exit {code}); see {WORK / 'locust.log'}")
    return {**json.loads(samples.read_text()), "sampler": sampler}


def measure_load(config: LoadConfig, scale: str = "large", rebuild: bool = False) -> LoadFigures:
    """Copy the database, plan the users, serve it with gunicorn, run locust; the figures of the window."""
    WORK.mkdir(parents=True, exist_ok=True)
    source = Path(sqlite_database(scale, rebuild, print).removeprefix("sqlite:///"))
    copy = WORK / f"{scale}-copy.db"
    print(f"Copying {source.name} to {copy} (the cached file stays as it is) ...")
    copy_database(source, copy)
    try:
        url = f"sqlite:///{copy}"
        write_plan(url, config, WORK / "plan.json")
        print(f"gunicorn --workers {config.workers} on 127.0.0.1; locust: {config.users} users "
              f"({config.leads} team leads), sign-in, {config.warmup} s warm-up, {config.seconds} s measured ...")
        with gunicorn(url, config.workers, WORK / "gunicorn.log") as (server, base):
            run = run_locust(base, server.pid, config, WORK / "plan.json", WORK / "samples.json")
    finally:
        for path in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
            path.unlink(missing_ok=True)
    window = run["window"]
    if "end" not in window:
        raise RuntimeError(f"the run stopped before its measured window closed; see {WORK / 'locust.log'}")
    figures = summarise(run["samples"], window["start"], window["end"])
    if run["sampler"]:
        figures.cpu = run["sampler"].between(window["start"], window["end"])
    return figures


def report(figures: LoadFigures, config: LoadConfig, scale: str, machine_text: str) -> tuple[str, bool]:
    """The Markdown section of a run and whether it passed (no failure, total p95 within the target)."""
    p95 = percentile(figures.total.times_ms, 0.95)
    passed = figures.failures == 0 and p95 <= config.target_p95_ms
    think = f"a pause of 0–{config.think:g} s between tasks" if config.think else "no pause between tasks"
    verdict = (f"{figures.failures} failed requests (0 required); p95 of all requests {p95:.0f} ms "
               f"(target {config.target_p95_ms:g} ms); {figures.total.requests / figures.seconds:.1f} "
               f"requests per second: {'pass' if passed else 'FAIL'}")
    about = (f"gunicorn `--workers {config.workers}` (sync workers) on 127.0.0.1 serving a copy of the {scale} "
             f"SQLite data set; locust {config.users} users ({config.users - config.leads} specialists, "
             f"{config.leads} team leads, each its own account and its own objects), all started within "
             f"{config.users / config.spawn_rate:.0f} s, {think}; sign-in and {config.warmup} s after the last "
             f"sign-in to warm up, then {config.seconds} s measured. Times are as locust saw them (loopback "
             "HTTP included); percentiles by nearest rank.")
    notes = [verdict, *cpu_lines(figures.cpu, figures.seconds, figures.total.requests)]
    if figures.failures:
        errors = sorted({e for page in (figures.total, figures.warmup) for e in page.errors})
        notes.append("Errors: " + "; ".join(errors[:10]))
    lines = [f"## {date.today().isoformat()}: load test, latest run (`make bench-load`)", "", _wrap(about), "",
             machine_text, "", table(figures), ""]
    lines += [line for note in notes for line in (_wrap(note), "")]
    return "\n".join(lines).rstrip("\n"), passed


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=115, break_on_hyphens=False)


def run_load(config: LoadConfig, scale: str = "large", rebuild: bool = False, record: bool = True) -> int:
    """Measure, print the report, record it in RESULTS.md; 0 when it passed, else 1."""
    machine_text = machine()  # before the run: the load average it gives is the machine's own
    figures = measure_load(config, scale, rebuild)
    text, passed = report(figures, config, scale, machine_text)
    print()
    print(text)
    if record:
        write_section(text)
        print("\n(Written into bench/RESULTS.md.)")
    return 0 if passed else 1


def main(argv: list[str] | None = None) -> int:
    """The command line's entry point."""
    args = parse_args(argv)
    try:
        config = config_from(args)
    except ValueError as error:
        print(f"python -m bench.load: {error}", file=sys.stderr)
        return 2
    return run_load(config, args.scale, args.rebuild, record=not args.no_record)


if __name__ == "__main__":
    sys.exit(main())
