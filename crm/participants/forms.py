"""Forms for a participant and their career profile. There is no field for clinical information."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from crm.forms import CheckboxesField, FiniteDecimalField, LinesField, choices, strip
from crm.models.opening import SHIFTS
from crm.models.participant import DISCLOSURE_CHOICES, PARTICIPANT_STATUSES, REMOTE_CHOICES
from crm.validators import max_length

ONE_PER_LINE = "One per line, in the person's own words."
PROFILE_FIELDS = ("job_goals", "industries", "strengths", "skills", "experience", "avoid", "hours_min", "hours_max",
                  "shifts_excluded", "min_hourly_wage", "travel_from", "latitude", "longitude", "max_travel_km",
                  "remote", "disclosure", "benefits_notes")


class ParticipantForm(FlaskForm):
    """A person on the caseload: name, referral date, status."""

    name = StringField("Name", filters=[strip], validators=[DataRequired("Enter the person's name."), max_length(120)],
                       description="The name the person likes to be called by.")
    referral_date = DateField("Referral date", validators=[DataRequired("Enter the referral date, like 23/11/2026.")])
    status = SelectField("Status", choices=choices(PARTICIPANT_STATUSES), default="job_search")

    def validate_referral_date(self, field):
        """Not in the future, not absurdly old."""
        if field.data and field.data > date.today():
            raise ValidationError("The referral date cannot be in the future.")
        if field.data and field.data.year < 1990:
            raise ValidationError("Check the year.")


class CareerProfileForm(FlaskForm):
    """What the person wants and offers, and their own limits (matching-contract.md)."""

    job_goals = LinesField("Jobs or kinds of work they want", description="For example: barista, "
                           "something with animals, outdoor work. " + ONE_PER_LINE)
    industries = LinesField("Industries they would like", description=ONE_PER_LINE)
    strengths = LinesField("Strengths", description="What they are good at or known for. " + ONE_PER_LINE)
    skills = LinesField("Skills, licences and certificates", description=ONE_PER_LINE)
    experience = LinesField("Past jobs", description="Job titles. " + ONE_PER_LINE)
    avoid = LinesField("Things they do not want in a job", description="For example: heavy lifting, phone work. "
                       "Such jobs are still suggested, lower down. " + ONE_PER_LINE)
    hours_min = FloatField("Fewest hours a week", validators=[Optional(), NumberRange(0, 168, "Between 0 and 168.")])
    hours_max = FloatField("Most hours a week", validators=[Optional(), NumberRange(0, 168, "Between 0 and 168.")],
                           description="A hard limit: jobs with more hours are left out (often set with benefits "
                                       "planning).")
    shifts_excluded = CheckboxesField("Shifts they will not work", choices=choices(SHIFTS),
                                      description="A hard limit: jobs with these shifts are left out.")
    min_hourly_wage = FiniteDecimalField("Lowest hourly pay they accept", places=2, validators=[
        Optional(), NumberRange(0, 1000, "Between 0 and 1,000.")], description="A hard limit.")
    travel_from = StringField("Where they travel from", filters=[strip], validators=[Optional(), max_length(200)],
                              description="A town or area, for your reference.")
    latitude = FloatField("Latitude", validators=[Optional(), NumberRange(-90, 90, "Between -90 and 90.")])
    longitude = FloatField("Longitude", validators=[Optional(), NumberRange(-180, 180, "Between -180 and 180.")],
                           description="Optional; with the travel limit, lets suggestions leave out jobs too far.")
    max_travel_km = FloatField("Furthest they will travel (km)", validators=[
        Optional(), NumberRange(0.1, 1000, "Between 0.1 and 1,000 km.")], description="Straight-line distance.")
    remote = SelectField("Working from home", choices=choices({"": "Not stated", **REMOTE_CHOICES}), default="")
    disclosure = RadioField("May the specialist tell employers about the person's condition?",
                            choices=choices(DISCLOSURE_CHOICES), default="undecided")
    benefits_notes = TextAreaField("Benefits notes", filters=[strip], validators=[Optional(), max_length(2000)],
                                   description="Anything from benefits planning that affects hours or pay. "
                                               "No health details.")

    def validate(self, extra_validators=None):
        """Hours in order, coordinates both or neither, a travel limit only with a place to travel from."""
        ok = super().validate(extra_validators)
        if self.hours_min.data is not None and self.hours_max.data is not None \
                and self.hours_min.data > self.hours_max.data:
            self.hours_max.errors.append("The most hours cannot be fewer than the fewest hours.")
            ok = False
        if (self.latitude.data is None) != (self.longitude.data is None):
            (self.longitude if self.longitude.data is None else self.latitude).errors.append(
                "Give both latitude and longitude, or neither.")
            ok = False
        return ok


class ReassignForm(FlaskForm):
    """Move a participant to another specialist of the team."""

    specialist_id = SelectField("New specialist", coerce=int)


class EraseForm(FlaskForm):
    """Confirm the erasure of a participant's details."""

    confirm = BooleanField("I understand that their name, career profile and notes are removed for good and cannot "
                           "be brought back.",
                           validators=[DataRequired("Tick the box to confirm that you mean to erase them.")])
