"""Pieces every form uses: choices built one way, and input filters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_wtf import FlaskForm
from wtforms import SelectChoice


def choices(options: Mapping | Iterable[tuple]) -> list[SelectChoice]:
    """Select options from a {value: label} mapping or (value, label) pairs."""
    pairs = options.items() if isinstance(options, Mapping) else options
    return [SelectChoice(value, label) for value, label in pairs]


def strip(value):
    """Filter: remove surrounding white space from text input."""
    return value.strip() if isinstance(value, str) else value


class ConfirmForm(FlaskForm):
    """An empty form that carries the CSRF token of a one-button action (archive, deactivate, close…)."""
