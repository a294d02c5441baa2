"""Pieces every form uses: choices built one way, and input filters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    IntegerField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, ValidationError

from crm.validators import max_length

FUTURE_SLACK = timedelta(minutes=5)  # phones' clocks differ a little from the server's


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


def parse_day(raw) -> date | None:
    """A date from text written YYYY-MM-DD (a query string's filter), or None when it cannot be one.

    Years outside 1900–2999 are refused too: the day after 9999-12-31, or its moment in UTC, is beyond the
    dates Python can hold.
    """
    try:
        day = datetime.strptime(str(raw or ""), "%Y-%m-%d").date()
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2999 else None


def strip(value):
    """Filter: remove surrounding white space from text input."""
    return value.strip() if isinstance(value, str) else value


class ConfirmForm(FlaskForm):
    """An empty form that carries the CSRF token of a one-button action (archive, deactivate, close…)."""


class CheckboxesField(SelectMultipleField):
    """Several choices shown as checkboxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class FiniteDecimalField(DecimalField):
    """A DecimalField that refuses NaN and infinity like any other text that is not a number.

    Decimal reads "NaN", "sNaN" and "Infinity"; WTForms' NumberRange then fails on "sNaN" with a ValueError
    (a server error) instead of a message.
    """

    def process_formdata(self, valuelist):
        """Read the number; NaN and infinity are not valid values."""
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))


class WholeNumberField(IntegerField):
    """An IntegerField that refuses numbers too long to be meant, like any other text that is not a number.

    Python reads a whole number of any length; WTForms' NumberRange then fails on one of 309 digits or more
    (``math.isnan`` cannot convert it: a server error) instead of giving its message.
    """

    MAX_DIGITS = 15

    def process_formdata(self, valuelist):
        """Read the number; more than MAX_DIGITS digits is not a valid value."""
        if valuelist and len(str(valuelist[0]).strip().lstrip("+-")) > self.MAX_DIGITS:
            self.data = None
            raise ValueError(self.gettext("Not a valid integer value."))
        super().process_formdata(valuelist)


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


def employer_field(required_message: str) -> StringField:
    """The employer type-ahead box: results load into #employer-results (see static/js/app.js)."""
    return StringField(
        "Employer", filters=[strip], validators=[DataRequired(required_message), max_length(200)],
        description="Start typing the business name and choose it from the list.",
        render_kw={"autocomplete": "off", "hx-get": "/employers/typeahead", "hx-trigger": "input changed delay:200ms",
                   "hx-target": "#employer-results", "hx-sync": "this:replace", "role": "combobox",
                   "aria-controls": "employer-results", "aria-autocomplete": "list"},
    )


class ContactMomentMixin:
    """For forms with a ``contacted_at`` date and time typed in local time: read it, and refuse the future."""

    future_message = "A contact cannot be logged in the future. Check the date and time."

    def aware_contacted_at(self) -> datetime | None:
        """The date and time entered, read in the deployment's time zone."""
        from crm.formatting import local_zone

        return self.contacted_at.data.replace(tzinfo=local_zone()) if self.contacted_at.data else None

    def validate_contacted_at(self, field):
        """Not in the future (a few minutes' clock difference allowed), not absurdly old."""
        from crm.formatting import local_zone

        moment = self.aware_contacted_at()
        if moment and moment > datetime.now(local_zone()) + FUTURE_SLACK:
            raise ValidationError(self.future_message)
        if moment and moment.year < 2000:
            raise ValidationError("Check the year.")
