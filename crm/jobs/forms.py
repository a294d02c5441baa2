"""Forms for job matches, job starts, support contacts and ending a job."""

from __future__ import annotations

from datetime import timedelta

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from crm.formatting import local_today
from crm.forms import CheckboxesField, ContactMomentMixin, choices, employer_field, strip
from crm.models.contact import CONTACT_MODES
from crm.openings.forms import NumberField, PlainDateField, hourly_pay, sane_year
from crm.validators import max_length

# A job start may be recorded when the job is agreed, before the first day; not further ahead than this.
START_AHEAD = timedelta(days=92)


class MatchStepForm(FlaskForm):
    """One step of a job match (a button); a reason only when it ends."""

    status = HiddenField(validators=[DataRequired()])
    reason = StringField("Why it ended (optional)", filters=[strip], validators=[Optional(), max_length(500)])


class HandMatchForm(FlaskForm):
    """Add a job match for an opening the person found themselves (a button per opening)."""

    opening_id = HiddenField(validators=[DataRequired()])


def not_in_future(_form, field) -> None:
    """A date that has already come (today is fine)."""
    if field.data and field.data > local_today():
        raise ValidationError("This cannot be in the future. Record it once it has happened.")


class JobStartForm(FlaskForm):
    """A job start: the job, when it starts, hours and pay, and the facts that decide whether it is competitive."""

    employer_query = employer_field("Choose the employer: start typing its name.")
    employer_id = HiddenField()
    job_title = StringField("Job title", filters=[strip],
                            validators=[DataRequired("Enter the job title."), max_length(200)])
    start_date = PlainDateField("Start date", validators=[InputRequired("Enter the start date, like 23/11/2026."),
                                                          sane_year],
                                description="The first day of paid work.")
    hours_per_week = NumberField("Hours a week", [Optional()], places=None, example="16",
                                 description="Leave empty if the hours vary.")
    hourly_pay = NumberField("Hourly pay", [Optional(), hourly_pay], description="Per hour, before tax.")
    set_aside_for_disabled = BooleanField("Set aside for disabled people",
                                          description="Only disabled people could apply, for example a supported job.")
    time_limited_by_agency = BooleanField("Time-limited by an agency",
                                          description="It ends after a time set by an agency or scheme.")

    def validate_start_date(self, field):
        """Not more than about three months ahead."""
        if field.data and field.data > local_today() + START_AHEAD:
            raise ValidationError("That is more than three months ahead. Record the job start nearer the time.")

    def validate_hours_per_week(self, field):
        """More than 0 and at most 168."""
        if field.data is not None and not 0 < field.data <= 168:
            raise ValidationError("Enter the hours a week: more than 0 and at most 168.")

    def validate_hourly_pay(self, field):
        """A job start is paid work."""
        if field.data is not None and field.data == 0:
            raise ValidationError("A job start is paid work: enter the pay per hour, or leave it empty if not known.")


class SupportContactForm(ContactMomentMixin, FlaskForm):
    """A follow-along support contact: when, how, with whom, and notes."""

    contacted_at = DateTimeLocalField("Date and time", format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
                                      validators=[DataRequired("Enter the date and time, like 23/11/2026 14:05.")])
    mode = RadioField("How", choices=choices(CONTACT_MODES), default="in_person")
    with_whom = CheckboxesField("With", validators=[Optional()])
    notes = TextAreaField("Notes", filters=[strip], validators=[Optional(), max_length(5000)],
                          description="How work is going and what was agreed. No health details.",
                          render_kw={"rows": 4})

    future_message = "A support contact cannot be logged in the future. Check the date and time."

    def validate_with_whom(self, field):
        """At least one of the person and their employer."""
        if not field.data:
            raise ValidationError("Tick who the contact was with: the person, their employer, or both.")


class EndJobForm(FlaskForm):
    """End a job start: when, why, and what the person does next."""

    end_date = PlainDateField("Last day of the job", validators=[InputRequired("Enter the date, like 23/11/2026."),
                                                                 sane_year, not_in_future])
    end_reason = StringField("Why it ended", filters=[strip],
                             validators=[DataRequired("Say briefly why the job ended."), max_length(300)],
                             description="In the person's words where possible, for example “contract ended”. "
                                         "No health details.")
    back_to_job_search = BooleanField("They want to look for another job now",
                                      description="Otherwise they stay in follow-along support on your caseload.")
