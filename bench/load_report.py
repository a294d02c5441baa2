"""The load test's figures: per page and in total, the Markdown table, and its section of RESULTS.md."""

from __future__ import annotations

import math
import os
import platform
import sqlite3
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
BEGIN = "<!-- load test: written by `python -m bench.load`, replaced on each run -->"
END = "<!-- end of load test -->"


def percentile(times: list[float], share: float) -> float:
    """Nearest-rank percentile of times (share 0.5 is the median), as bench/measure.py computes it."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else math.nan


@dataclass
class PageFigures:
    """The requests of one page by one role within the measured window."""

    label: str
    role: str
    times_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        """Requests answered (well or not)."""
        return len(self.times_ms)


@dataclass
class LoadFigures:
    """What one run measured: pages, the total, the warm-up, and the processor time each side used."""

    pages: list[PageFigures]
    total: PageFigures
    seconds: float
    warmup: PageFigures
    cpu: dict = field(default_factory=dict)

    @property
    def failures(self) -> int:
        """Failed requests in the whole run, the warm-up included."""
        return len(self.total.errors) + len(self.warmup.errors)


def summarise(samples: list[list], start: float, end: float) -> LoadFigures:
    """Sort samples [label, role, start, ms, error] into the warm-up and the measured window (epoch seconds).

    A request belongs to the window when it started inside it (the ones still running at its end were waited
    for, not cut off); everything before is warm-up, sign-in included.
    """
    pages: dict[tuple[str, str], PageFigures] = {}
    total, warmup = PageFigures("total", "all"), PageFigures("warm-up (sign-in, first pages)", "all")
    for label, role, started, ms, error in samples:
        if started < start:
            buckets = [warmup]
        elif started < end:
            buckets = [total, pages.setdefault((label, role), PageFigures(label, role))]
        else:
            continue
        for bucket in buckets:
            bucket.times_ms.append(ms)
            if error:
                bucket.errors.append(error)
    return LoadFigures(sorted(pages.values(), key=lambda p: (p.role != "specialist", p.label)), total,
                       end - start, warmup)


def _row(page: PageFigures, seconds: float | None) -> str:
    if not page.times_ms:
        return f"| {page.label} | {page.role} | 0 | {len(page.errors)} | – | – | – | – |"
    rate = f"{page.requests / seconds:.1f}" if seconds else "–"
    return (f"| {page.label} | {page.role} | {page.requests:,} | {len(page.errors)} | "
            f"{percentile(page.times_ms, 0.5):.0f} | {percentile(page.times_ms, 0.95):.0f} | "
            f"{percentile(page.times_ms, 0.99):.0f} | {rate} |")


def table(figures: LoadFigures) -> str:
    """The Markdown table: one row per page and role, the total in bold, the warm-up after it."""
    lines = ["| page | user | requests | failures | p50 ms | p95 ms | p99 ms | req/s |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    lines += [_row(page, figures.seconds) for page in figures.pages]
    lines.append(_bold(_row(figures.total, figures.seconds)))
    lines.append(_row(figures.warmup, None))
    return "\n".join(lines)


def _bold(row: str) -> str:
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    return "| " + " | ".join(f"**{cell}**" for cell in cells) + " |"


def cpu_lines(cpu: dict, seconds: float, requests: int) -> list[str]:
    """Plain sentences on who used the processors during the measured window, and the server's time per request."""
    if not cpu:
        return ["Processor use: not measured (psutil missing)."]
    share = {name: 100 * used / seconds for name, used in cpu.items() if name != "cores"}
    lines = [f"Processor use in the measured window, in % of one core ({cpu['cores']} cores = "
             f"{100 * cpu['cores']} %): gunicorn (master and workers) {share['server']:.0f} %, the load "
             f"generator (locust, one process) {share['generator']:.0f} %, everything else on the machine "
             f"{share['other']:.0f} %, idle {share['idle']:.0f} %."]
    if requests:
        per_request = 1000 * cpu["server"] / requests
        lines.append(f"gunicorn used {per_request:.1f} ms of processor time per request; at that cost "
                     f"{cpu['cores']} cores left to it alone would serve about "
                     f"{1000 * cpu['cores'] / per_request:.0f} requests per second.")
    return lines


def machine() -> str:
    """The machine and versions, as the other sections of RESULTS.md describe them."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    versions = ", ".join(f"{name} {_version(name)}" for name in ("gunicorn", "locust", "Flask", "SQLAlchemy"))
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    return "\n".join([
        "| | |", "| --- | --- |",
        f"| CPU | {os.cpu_count()} × {cpu} |",
        f"| memory | {_memory_gib():.0f} GiB |",
        f"| OS | {platform.platform(terse=True)} |",
        f"| Python | {platform.python_version()} ({sys.implementation.name}) |",
        f"| SQLite | {sqlite3.sqlite_version} |",
        f"| libraries | {versions} |",
        f"| load average before the run | {load} |",
    ])


def _memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 2**20
    return math.nan


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def write_section(text: str, path: Path = RESULTS) -> None:
    """Put text between the load-test markers of RESULTS.md, replacing the last run; first time, at the top."""
    content = path.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{text.strip()}\n{END}\n"
    if BEGIN in content and END in content:
        head, rest = content.split(BEGIN, 1)
        content = head + block + "\n" + rest.split(END, 1)[1].lstrip("\n")
    else:
        first = content.find("\n## ")
        at = first + 1 if first >= 0 else len(content)
        content = content[:at] + block + "\n" + content[at:]
    path.write_text(content, encoding="utf-8")
