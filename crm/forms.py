"""Pieces every form uses: choices built one way, and input filters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from wtforms import SelectChoice


def choices(options: Mapping | Iterable[tuple]) -> list[SelectChoice]:
    """Select options from a {value: label} mapping or (value, label) pairs."""
    pairs = options.items() if isinstance(options, Mapping) else options
    return [SelectChoice(value, label) for value, label in pairs]


def strip(value):
    """Filter: remove surrounding white space from text input."""
    return value.strip() if isinstance(value, str) else value
