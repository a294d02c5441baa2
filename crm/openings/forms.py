"""The opening form: every field of the matching contract, plus the facts that decide "competitive"."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DecimalField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import TextInput

from crm.forms import CheckboxesField, choices, employer_field, strip
from crm.models.opening import OPENING_SOURCES, SHIFTS
from crm.validators import max_length

MAX_HOURLY_PAY = Decimal(1000)
MAX_REQUIREMENTS = 30
MAX_REQUIREMENT_LENGTH = 200
FIRST_YEAR, LAST_YEAR = 2000, 2100
# Bullets people paste in front of each requirement ("• Food hygiene", "- Forklift licence").
BULLETS = ("•", "·", "-", "*", "–")


class NumberField(DecimalField):
    """A number typed in a plain text box (a phone shows the number pad); a leading currency sign is fine.

    A text box rather than ``<input type=number>``: a browser sends nothing at all for "12,50" or "£12" in a
    number box, which would lose what was typed without a word. NaN and infinity are refused.
    """

    widget = TextInput()

    def __init__(self, label=None, validators=None, *, example: str = "12.50", **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)
        self.example = example

    def process_formdata(self, valuelist):
        """Read the typed text as a Decimal, or None when empty."""
        if not valuelist:
            return
        text = valuelist[0].strip().lstrip("£$€").strip()
        self.data = None
        if not text:
            return
        try:
            value = Decimal(text)
        except (InvalidOperation, ValueError):
            raise ValueError(f"Enter a number, like {self.example}.") from None
        if not value.is_finite():
            raise ValueError(f"Enter a number, like {self.example}.")
        self.data = value

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        if self.places is not None:
            return f"{Decimal(str(self.data)):.{self.places}f}"
        text = str(self.data)
        return text[:-2] if text.endswith(".0") else text


class LinesField(TextAreaField):
    """A text area read as a list: one entry per line, blank lines and bullets dropped."""

    def process_formdata(self, valuelist):
        """Split the text into stripped, non-empty, distinct lines (first spelling kept)."""
        if not valuelist:
            return
        lines, seen = [], set()
        for raw in valuelist[0].splitlines():
            line = raw.strip()
            for bullet in BULLETS:
                if line.startswith(bullet + " "):
                    line = line[len(bullet):].strip()
            if line and line.casefold() not in seen:
                seen.add(line.casefold())
                lines.append(line)
        self.data = lines

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(self.data or [])


class PlainDateField(DateField):
    """A date from a date picker (2026-11-23) or typed the British way (23/11/2026), with a plain message."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%d", "%d/%m/%Y"], **kwargs)

    def process_formdata(self, valuelist):
        """Parse the date, saying in plain words what is wrong."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a real date, like 23/11/2026.") from None


def hourly_pay(_form, field) -> None:
    """Pay per hour: not negative, pounds and pence, and not a weekly or yearly sum."""
    value = field.data
    if value is None:
        return
    if value < 0:
        raise ValidationError("Pay cannot be negative.")
    if value > MAX_HOURLY_PAY:
        raise ValidationError(f"Enter the pay per hour (at most {MAX_HOURLY_PAY:,}), not per week or year.")
    if value.normalize().as_tuple().exponent < -2:
        raise ValidationError("Use at most two decimal places, like 12.50.")


def sane_year(_form, field) -> None:
    """A date in this century, to catch a mistyped year."""
    if isinstance(field.data, date) and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError("Check the year.")


def requirement_lines(_form, field) -> None:
    """Not too many requirements, and none too long."""
    lines = field.data or []
    if len(lines) > MAX_REQUIREMENTS:
        raise ValidationError(f"List at most {MAX_REQUIREMENTS} requirements, one per line.")
    too_long = [n for n, line in enumerate(lines, 1) if len(line) > MAX_REQUIREMENT_LENGTH]
    if too_long:
        raise ValidationError(f"Keep each requirement to at most {MAX_REQUIREMENT_LENGTH} characters "
                              f"(requirement {too_long[0]} is longer).")


HOURS = [Optional(), NumberRange(0, 168, "Between 0 and 168 hours a week.")]


class OpeningForm(FlaskForm):
    """Add or edit an opening."""

    title = StringField("Job title", filters=[strip],
                        validators=[DataRequired("Enter the job title."), max_length(200)],
                        description="As the employer calls it, for example “Kitchen porter”.")
    employer_query = employer_field("Choose the employer: start typing its name.")
    employer_id = HiddenField()
    found_by = HiddenField()
    description = TextAreaField("Description", filters=[strip], validators=[Optional(), max_length(5000)],
                                description="What the job involves.", render_kw={"rows": 4})
    requirements = LinesField("Requirements", validators=[requirement_lines],
                              description="One per line, for example “Food hygiene level 2”.", render_kw={"rows": 3})
    industry = StringField("Industry", filters=[strip], validators=[Optional(), max_length(100)],
                           description="For example hospitality, retail, warehousing, care.",
                           render_kw={"list": "industry-list"})
    hours_min = NumberField("Fewest hours a week", HOURS, places=None, example="16")
    hours_max = NumberField("Most hours a week", HOURS, places=None, example="30")
    shifts = CheckboxesField("Shifts", choices=choices(SHIFTS), validators=[Optional()],
                             description="Tick every shift the job involves; leave them all empty if not known.")
    pay_min = NumberField("Lowest hourly pay", [Optional(), hourly_pay],
                          description="Per hour. Leave empty if not known.")
    pay_max = NumberField("Highest hourly pay", [Optional(), hourly_pay],
                          description="Only if the pay is a range.")
    place = StringField("Place of work", filters=[strip], validators=[Optional(), max_length(200)],
                        description="Address or area, for example “High Street, Northtown”.")
    latitude = NumberField("Latitude", [Optional(), NumberRange(-90, 90, "Between -90 and 90.")], places=None,
                           example="51.5072", description="Optional; used to work out travel distances.")
    longitude = NumberField("Longitude", [Optional(), NumberRange(-180, 180, "Between -180 and 180.")],
                            places=None, example="-0.1276")
    remote = BooleanField("The work is done remotely")
    source = SelectField("Source", choices=choices(OPENING_SOURCES), default="advertised",
                         description="Found through job development: you learned of it from the employer, "
                                     "not from an advert.")
    set_aside_for_disabled = BooleanField(
        "Set aside for disabled people",
        description="Only disabled people may apply, for example a supported or sheltered job.")
    time_limited_by_agency = BooleanField(
        "Time-limited by the agency",
        description="It ends after a time set by an agency or scheme, for example a work placement.")
    opened_on = PlainDateField("Opened on", validators=[Optional(), sane_year])
    closes_on = PlainDateField("Closes on", validators=[Optional(), sane_year],
                               description="The closing date for applications, if there is one.")

    def validate(self, extra_validators=None):
        """Ranges the right way round, both coordinates or neither, no closing before opening."""
        ok = super().validate(extra_validators)
        for low, high, message in (
            (self.hours_min, self.hours_max, "The most hours cannot be fewer than the fewest hours."),
            (self.pay_min, self.pay_max, "The highest pay cannot be less than the lowest pay."),
        ):
            if not low.errors and not high.errors and None not in (low.data, high.data) and low.data > high.data:
                high.errors.append(message)
                ok = False
        if (self.latitude.data is None) != (self.longitude.data is None) \
                and not self.latitude.errors and not self.longitude.errors:
            (self.longitude if self.longitude.data is None else self.latitude).errors.append(
                "Give both latitude and longitude, or neither.")
            ok = False
        if self.opened_on.data and self.closes_on.data and not self.closes_on.errors \
                and self.closes_on.data < self.opened_on.data:
            self.closes_on.errors.append("The closing date cannot be before the opening date.")
            ok = False
        return ok
