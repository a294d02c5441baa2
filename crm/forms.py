"""Pieces every form uses: choices built one way, and input filters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectMultipleField, TextAreaField, widgets
from wtforms.validators import ValidationError


def choices(options: Mapping | Iterable[tuple]) -> list[SelectChoice]:
    """Select options from a {value: label} mapping or (value, label) pairs."""
    pairs = options.items() if isinstance(options, Mapping) else options
    return [SelectChoice(value, label) for value, label in pairs]


MAX_ID = 2**31 - 1  # PostgreSQL's integer; a larger id in a URL is simply not found


def parse_id(raw) -> int | None:
    """A database id from text (a query string, a hidden field), or None when it cannot be one.

    str.isdigit() alone is not enough: "²" is a digit that int() refuses, and a huge number overflows
    PostgreSQL's integer.
    """
    text = str(raw or "")
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def strip(value):
    """Filter: remove surrounding white space from text input."""
    return value.strip() if isinstance(value, str) else value


class ConfirmForm(FlaskForm):
    """An empty form that carries the CSRF token of a one-button action (archive, deactivate, close…)."""


class CheckboxesField(SelectMultipleField):
    """Several choices shown as checkboxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class LinesField(TextAreaField):
    """A list of short texts typed one per line; blank lines dropped, each line and the count limited."""

    def __init__(self, label=None, validators=None, max_items: int = 30, max_length: int = 200, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.max_items, self.max_line = max_items, max_length

    def process_formdata(self, valuelist):
        """Split the text into stripped, non-empty lines."""
        text = valuelist[0] if valuelist else ""
        self.data = [line.strip() for line in text.splitlines() if line.strip()]

    def _value(self):
        return "\n".join(self.data or [])

    def pre_validate(self, form):
        """At most max_items lines of at most max_line characters each."""
        if len(self.data or []) > self.max_items:
            raise ValidationError(f"Keep to {self.max_items} lines at most.")
        for line in self.data or []:
            if len(line) > self.max_line:
                raise ValidationError(f"Keep each line to {self.max_line} characters (one is {len(line):,}).")
