"""The quick log form, and marking next steps done."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Optional, ValidationError

from crm.forms import CheckboxesField, ContactMomentMixin, choices, employer_field, strip
from crm.models.contact import CONTACT_MODES, CONTACT_PURPOSES
from crm.validators import max_length


class LogContactForm(ContactMomentMixin, FlaskForm):
    """Log one employer contact (the quick log), or edit one."""

    employer_query = employer_field("Choose the employer, or type the name of a new one.")
    employer_id = HiddenField()
    new_employer = BooleanField("This is a new employer: add it to the list")
    create_anyway = BooleanField("Yes, it is a different business: add it anyway")
    contact_person_id = SelectField("Who you spoke to", coerce=int, validate_choice=False)
    new_person_name = StringField("Or the name of someone new", filters=[strip],
                                  validators=[Optional(), max_length(120)])
    contacted_at = DateTimeLocalField("Date and time", format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
                                      validators=[DataRequired("Enter the date and time, like 23/11/2026 14:05.")])
    mode = RadioField("How", choices=choices(CONTACT_MODES), default="in_person",
                      description="In person counts as face-to-face for the weekly target.")
    purpose = SelectField("Purpose", choices=choices(CONTACT_PURPOSES), default="introduce")
    participant_ids = CheckboxesField("On behalf of", coerce=int, validators=[Optional()],
                                      description="Job seekers on your caseload this contact was for, if any. "
                                                  "“Do not disclose”: they have not agreed that employers may be "
                                                  "told about their condition.")
    participant_present = BooleanField("The job seeker was there too")
    notes = TextAreaField("Notes", filters=[strip], validators=[Optional(), max_length(5000)],
                          description="What you learned about the business. No health details.",
                          render_kw={"rows": 3})
    outcome = TextAreaField("Outcome", filters=[strip], validators=[Optional(), max_length(2000)],
                            render_kw={"rows": 2})
    next_step = StringField("Next step", filters=[strip], validators=[Optional(), max_length(500)])
    next_step_due = DateField("Next step due by", validators=[Optional()])

    def validate_next_step_due(self, field):
        """A due date needs a next step and cannot be before the contact."""
        if field.data and not self.next_step.data:
            raise ValidationError("Say what the next step is, or clear the date.")
        moment = self.aware_contacted_at()
        if field.data and moment and field.data < moment.date():
            raise ValidationError("The next step cannot be due before the contact itself.")

    def validate_participant_present(self, field):
        """Someone can only be present when the contact was on their behalf."""
        if field.data and not self.participant_ids.data:
            raise ValidationError("Tick who the contact was for, or untick this box.")

    def validate_purpose(self, field):
        """A contact on behalf of someone names them."""
        if field.data == "on_behalf" and not self.participant_ids.data:
            raise ValidationError("Tick who the contact was for under “On behalf of”.")
