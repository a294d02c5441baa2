"""``python -m matching rank|rank-all``: the command-line contract (see ``matching-contract.md``).

Output is one JSON object per participant, on one line, ASCII-escaped so that any input text prints safely.
Bad input exits 2 with one line on stderr naming the file, the line or record id, the field and the problem.
An empty openings or profiles file is bad input too: it is almost always the wrong file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

from matching.records import MatchingInputError, Opening, Profile, short_repr, validate_opening, validate_profile

BAD_INPUT = 2


class InputError(Exception):
    """Bad input, already worded as the one line to print."""


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and exit 2, like every other bad input."""

    def error(self, message: str) -> NoReturn:
        self.exit(BAD_INPUT, f"{self.prog}: error: {' '.join(message.split())}\n")


def positive_int(text: str) -> int:
    """``--top``: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--top must be a positive whole number, got {short_repr(text)}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"--top must be a positive whole number, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The ``rank`` and ``rank-all`` commands."""
    parser = _Parser(prog="python -m matching", description="Rank job openings for participants.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    rank = commands.add_parser("rank", help="rank openings for one participant")
    rank.add_argument("--profile", required=True, help="one JSON profile")
    rank_all = commands.add_parser("rank-all", help="rank openings for each participant of a JSON-lines file")
    rank_all.add_argument("--profiles", required=True, help="JSON lines, one profile per line")
    for command in (rank, rank_all):
        command.add_argument("--openings", required=True, help="JSON lines, one opening per line")
        command.add_argument("--top", type=positive_int, default=10, help="how many suggestions (default 10)")
        command.add_argument("--show-excluded", action="store_true",
                             help="also list the openings that break the participant's hard limits")
    return parser


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _read_text(path: str) -> str:
    try:
        return Path(path).read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise InputError(f"{_one_line(path)}: cannot read the file: {_one_line(error.strerror or error)}") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{_one_line(path)}: not UTF-8 text (byte {error.start})") from None


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number JSON allows")


def _parse(text: str, where: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise InputError(f"{where}: not valid JSON: {error.msg} (column {error.colno})") from None
    except ValueError as error:
        raise InputError(f"{where}: not valid JSON: {_one_line(error)}") from None
    except RecursionError:
        raise InputError(f"{where}: not valid JSON: nested too deeply") from None


def read_profile(path: str) -> Profile:
    """The single profile of ``rank``."""
    text = _read_text(path)
    name = _one_line(path)
    if not text.strip():
        raise InputError(f"{name}: the file is empty (expected one JSON profile)")
    try:
        raw = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise InputError(f"{name} line {error.lineno}: not valid JSON: {error.msg} (column {error.colno})") from None
    except (ValueError, RecursionError):
        raw = _parse(text, name)
    try:
        return validate_profile(raw)
    except MatchingInputError as error:
        raise InputError(f"{name}: {error.describe()}") from None


def read_lines(path: str, kind: str) -> Iterator[tuple[int, Any]]:
    """(line number, decoded JSON) for each non-blank line of a JSON-lines file."""
    text = _read_text(path)
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            found = True
            yield number, _parse(line, f"{_one_line(path)} line {number}")
    if not found:
        raise InputError(f"{_one_line(path)}: the file is empty (expected one {kind} per line)")


def read_openings(path: str) -> list[Opening]:
    """Every opening of a JSON-lines file, validated, ids unique."""
    openings, seen = [], {}
    for number, raw in read_lines(path, "opening"):
        try:
            opening = validate_opening(raw)
        except MatchingInputError as error:
            raise InputError(f"{_one_line(path)} line {number}: {error.describe()}") from None
        if opening.id in seen:
            raise InputError(f"{_one_line(path)} line {number}: id {short_repr(opening.id)}: field 'id': "
                             f"the same id is already on line {seen[opening.id]}")
        seen[opening.id] = number
        openings.append(opening)
    return openings


def read_profiles(path: str) -> list[Profile]:
    """Every profile of a JSON-lines file, validated, in file order."""
    profiles = []
    for number, raw in read_lines(path, "profile"):
        try:
            profiles.append(validate_profile(raw))
        except MatchingInputError as error:
            raise InputError(f"{_one_line(path)} line {number}: {error.describe()}") from None
    return profiles


def run(args: argparse.Namespace) -> None:
    """Read and check every input first, then fit once and print one line per participant."""
    profiles = [read_profile(args.profile)] if args.command == "rank" else read_profiles(args.profiles)
    openings = read_openings(args.openings)
    from matching.matcher import Matcher  # heavy imports only once the input is known to be good

    matcher = Matcher().fit(openings)
    for profile in profiles:
        ranking = matcher.rank(profile, top=args.top, show_excluded=args.show_excluded)
        sys.stdout.write(json.dumps(ranking.to_dict(args.show_excluded), ensure_ascii=True) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m matching``; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        run(args)
    except InputError as error:
        sys.stderr.write(f"python -m matching: error: {error}\n")
        return BAD_INPUT
    except BrokenPipeError:
        return 1
    return 0
