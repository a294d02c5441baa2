"""The command line through a subprocess: output shape, determinism, and one clear line for bad input."""

import json
from pathlib import Path

import pytest

from tests.matching.helpers import PROJECT_ROOT, run_cli, write_jsonl

BLNS = PROJECT_ROOT.parent / "shared" / "data" / "blns.json"
GOOD_OPENINGS = [
    {
        "id": "o-1",
        "title": "Coffee Shop Barista",
        "employer": "Bean",
        "shifts": ["day"],
        "hours_per_week": {"min": 10, "max": 16},
    },
    {"id": "o-2", "title": "Bar Staff", "employer": "Pub", "shifts": ["night"]},
    {"id": "o-3", "title": "Kitchen Porter", "employer": "Grill", "extra": "ignored"},
]
GOOD_PROFILE = {"id": "p-17", "job_goals": ["barista"], "shifts_excluded": ["night"]}


@pytest.fixture
def files(tmp_path: Path):
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(GOOD_PROFILE), encoding="utf-8")
    openings = write_jsonl(tmp_path / "openings.jsonl", GOOD_OPENINGS)
    profiles = write_jsonl(tmp_path / "profiles.jsonl", [GOOD_PROFILE, {"id": "p-2"}])
    return tmp_path, profile, openings, profiles


def test_rank_prints_the_contract_shape(files):
    _, profile, openings, _ = files
    result = run_cli("rank", "--profile", str(profile), "--openings", str(openings), "--show-excluded")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert list(out) == ["participant_id", "suggestions", "excluded", "excluded_openings"]
    assert out["participant_id"] == "p-17"
    first = out["suggestions"][0]
    assert list(first) == ["opening_id", "score", "reasons", "checks"]
    assert first["opening_id"] == "o-1"
    assert first["reasons"][0] == "Matches your goal 'barista' (title 'Coffee Shop Barista')"
    assert out["excluded"] == 1 and out["excluded_openings"] == [
        {"opening_id": "o-2", "broken_limits": ["night shifts"]}
    ]
    plain = json.loads(run_cli("rank", "--profile", str(profile), "--openings", str(openings)).stdout)
    assert "excluded_openings" not in plain and plain["excluded"] == 1


def test_rank_all_prints_one_line_per_profile_in_order_and_is_deterministic(files):
    _, _, openings, profiles = files
    args = ("rank-all", "--profiles", str(profiles), "--openings", str(openings), "--top", "2")
    first, second = run_cli(*args), run_cli(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    lines = first.stdout.splitlines()
    assert [json.loads(line)["participant_id"] for line in lines] == ["p-17", "p-2"]
    assert all(len(json.loads(line)["suggestions"]) <= 2 for line in lines)


BAD_OPENING_LINES = [
    ("{not json", "line 1", "not valid JSON"),
    ('{"title": "Cook"}', "line 1", "field 'id': missing"),
    ('{"id": 5}', "line 1", "field 'id'"),
    ('{"id": "o-9", "hours_per_week": {"min": -5}}', "id 'o-9'", "hours_per_week.min"),
    ('{"id": "o-9", "shifts": ["graveyard"]}', "id 'o-9'", "shifts[0]"),
    ('{"id": "o-9", "location": {"lat": 200, "lon": 0}}', "id 'o-9'", "location.lat"),
    ('{"id": "o-9", "hours_per_week": {"min": 30, "max": 10}}', "id 'o-9'", "greater than max"),
    ('{"id": "o-9", "hourly_wage": {"min": NaN}}', "line 1", "not valid JSON"),
    ('{"id": "o-9", "remote": "yes"}', "id 'o-9'", "field 'remote'"),
    ('{"id": "o-9", "requirements": [1]}', "id 'o-9'", "requirements[0]"),
    ('["o-9"]', "line 1", "expected a JSON object"),
    ('"just a string"', "line 1", "expected a JSON object"),
    ("[" * 100000, "line 1", "not valid JSON"),
]


@pytest.mark.parametrize(("line", "where", "what"), BAD_OPENING_LINES)
def test_bad_opening_exits_2_with_one_line(tmp_path, files, line, where, what):
    _, profile, _, _ = files
    openings = write_jsonl(tmp_path / "bad.jsonl", [line])
    result = run_cli("rank", "--profile", str(profile), "--openings", str(openings))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert "bad.jsonl" in result.stderr and where in result.stderr and what in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_line_number_is_counted_in_the_file(tmp_path, files):
    _, profile, _, _ = files
    openings = write_jsonl(tmp_path / "bad.jsonl", [GOOD_OPENINGS[0], "", '{"id": "o-9", "shifts": "night"}'])
    result = run_cli("rank", "--profile", str(profile), "--openings", str(openings))
    assert result.returncode == 2 and "bad.jsonl line 3: id 'o-9': field 'shifts'" in result.stderr


def test_duplicate_opening_id(tmp_path, files):
    _, profile, _, _ = files
    openings = write_jsonl(tmp_path / "dup.jsonl", [GOOD_OPENINGS[0], GOOD_OPENINGS[0]])
    result = run_cli("rank", "--profile", str(profile), "--openings", str(openings))
    assert result.returncode == 2 and "line 2" in result.stderr and "already on line 1" in result.stderr


@pytest.mark.parametrize(
    ("content", "what"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ('{"id": "p", "max_travel_km": -1}', "max_travel_km"),
        ('{"job_goals": ["cook"]}', "field 'id'"),
        ('{"id": "p"}\n{"id": "q"}', "not valid JSON"),
        ('{"id": "p", "shifts_excluded": ["nights"]}', "shifts_excluded[0]"),
        ('{"id": "p", "location": {"lat": 91, "lon": 0}}', "location.lat"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_bad_profile_file(tmp_path, files, content, what):
    _, _, openings, _ = files
    path = tmp_path / "me.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = run_cli("rank", "--profile", str(path), "--openings", str(openings))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "me.json" in result.stderr and what in result.stderr


def test_bad_profile_in_rank_all_prints_nothing(tmp_path, files):
    _, _, openings, _ = files
    profiles = write_jsonl(tmp_path / "many.jsonl", [{"id": "ok"}, {"id": "p-2", "hours_per_week": {"max": -1}}])
    result = run_cli("rank-all", "--profiles", str(profiles), "--openings", str(openings))
    assert result.returncode == 2 and result.stdout == ""
    assert "many.jsonl line 2: id 'p-2': field 'hours_per_week.max'" in result.stderr


@pytest.mark.parametrize("name", ["missing.jsonl", "empty.jsonl", "."])
def test_missing_empty_or_unreadable_openings_file(tmp_path, files, name):
    _, profile, _, _ = files
    (tmp_path / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    result = run_cli("rank", "--profile", str(profile), "--openings", str(tmp_path / name))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args", [["--top", "0"], ["--top", "-3"], ["--top", "ten"], ["--top", "2.5"], ["--bogus"], []]
)
def test_argument_errors_exit_2_with_one_line(files, args):
    _, profile, openings, _ = files
    base = ["rank", "--profile", str(profile)] + (["--openings", str(openings)] if args else [])
    result = run_cli(*base, *args)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and result.stdout == ""


def test_naughty_strings_as_goals_and_titles(tmp_path):
    if not BLNS.exists():
        pytest.skip(f"{BLNS} not found (the shared test data is outside this repository)")
    strings = json.loads(BLNS.read_text(encoding="utf-8"))
    openings = write_jsonl(
        tmp_path / "o.jsonl",
        [
            {"id": f"o-{i}", "title": s, "employer": s, "description": s, "industry": s, "requirements": [s]}
            for i, s in enumerate(strings)
        ],
    )
    profiles = write_jsonl(
        tmp_path / "p.jsonl",
        [
            {"id": f"p-{i}", "job_goals": [s], "strengths": [s], "avoid": [s], "industries": [s]}
            for i, s in enumerate(strings)
        ],
    )
    result = run_cli("rank-all", "--profiles", str(profiles), "--openings", str(openings), "--top", "3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(strings)
    for line in lines:
        out = json.loads(line)
        assert all(s["reasons"] and 0 <= s["score"] <= 1 for s in out["suggestions"])
