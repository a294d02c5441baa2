"""The load test's module imports and its configuration holds together (it is never run here: no timings)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bench import load
from bench.load_plan import EXTRA_LABELS, LEAD_WEIGHTS, PAGE_LABELS, SPECIALIST_WEIGHTS, accounts
from bench.load_report import BEGIN, END, percentile, summarise, table, write_section


def test_defaults_are_the_issues_figures():
    """20 users for 60 s against gunicorn with 4 workers, p95 within 300 ms."""
    config = load.config_from(load.parse_args([]))
    assert (config.users, config.seconds, config.workers, config.target_p95_ms) == (20, 60, 4, 300)
    assert 0 < config.leads < config.users


@pytest.mark.parametrize("argv", [["--leads", "21"], ["--users", "0"], ["--seconds", "0"], ["--think", "-1"]])
def test_impossible_settings_are_refused(argv, capsys):
    """An impossible shape stops before anything starts, with a message."""
    assert load.main(argv) == 2
    assert "python -m bench.load:" in capsys.readouterr().err


def test_every_weighted_task_is_a_page_the_locustfile_requests():
    """Each weight names a labelled page and a task the locust users define (read without importing locust)."""
    tree = ast.parse(Path(load.LOCUSTFILE).read_text(encoding="utf-8"))
    staff = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Staff")
    tasks = {node.name for node in staff.body if isinstance(node, ast.FunctionDef)}
    for weights in (SPECIALIST_WEIGHTS, LEAD_WEIGHTS):
        assert set(weights) <= set(PAGE_LABELS) & tasks
        assert all(weight > 0 for weight in weights.values())
    assert not set(PAGE_LABELS) & set(EXTRA_LABELS)


def test_accounts_are_leads_then_specialists():
    """Every user has its own demo account."""
    users = accounts(20, 2, "demo.example.org")
    assert users[:2] == [("lead1@demo.example.org", "team_lead"), ("lead2@demo.example.org", "team_lead")]
    assert users[-1] == ("specialist18@demo.example.org", "specialist")
    assert len({email for email, _ in users}) == 20


def test_figures_keep_warm_up_out_of_the_window():
    """Requests before the window are warm-up; the window's give the per-page and total figures."""
    samples = [["/login", "specialist", 5.0, 900.0, None]]
    samples += [["/", "specialist", 10.0 + n / 10, float(n + 1), None] for n in range(100)]
    samples += [["/review/", "team_lead", 12.0, 50.0, "HTTP 500 for /review/"]]
    figures = summarise(samples, start=10.0, end=20.0)
    assert figures.total.requests == 101 and figures.warmup.requests == 1
    assert figures.failures == 1
    assert percentile(figures.pages[0].times_ms, 0.95) == 95
    rows = table(figures).splitlines()
    assert "| / | specialist | 100 | 0 | 50 | 95 | 99 | 10.0 |" in rows
    assert rows[-2].startswith("| **total** | **all** | **101** | **1** |")


def test_the_results_section_is_replaced_not_repeated(tmp_path):
    """Each run replaces the previous run's section of RESULTS.md."""
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\nNewest first.\n\n## older\n\ntext\n", encoding="utf-8")
    write_section("## run one", path=results)
    write_section("## run two", path=results)
    content = results.read_text(encoding="utf-8")
    assert content.count(BEGIN) == content.count(END) == 1
    assert "run two" in content and "run one" not in content
    assert f"{END}\n\n## older" in content
