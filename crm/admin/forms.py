"""Forms for staff accounts and teams."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from crm.auth.passwords import password_problem
from crm.forms import FiniteDecimalField, WholeNumberField, choices, strip
from crm.models.user import ROLE_LABELS


class UserForm(FlaskForm):
    """Create or edit a staff account."""

    name = StringField(
        "Full name", filters=[strip],
        validators=[DataRequired("Enter the person's name."), Length(max=120, message="Use at most 120 characters.")],
    )
    email = EmailField(
        "Email address", filters=[strip],
        validators=[DataRequired("Enter an email address."), Length(max=254, message="That is too long."),
                    Email("Enter an email address like name@example.org.", check_deliverability=False)],
        description="They sign in with this address.",
    )
    role = SelectField(
        "Role", choices=choices(ROLE_LABELS),
        description="Specialists see their own caseload; team leads see their team; administrators manage accounts.",
    )
    team_id = SelectField("Team", coerce=int, description="Specialists and team leads must belong to a team.")
    password = PasswordField(
        "Password", validators=[Optional(), Length(max=1000, message="That is too long.")],
        description="At least 12 characters. Give it to them in person; they can change it under My account.",
        render_kw={"autocomplete": "new-password"},
    )

    def __init__(self, *args, password_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.password_required = password_required

    def validate(self, extra_validators=None):
        """Also require a team for specialists and team leads, and a strong password, in the same round."""
        ok = super().validate(extra_validators)
        if self.role.data in ("specialist", "team_lead") and not self.team_id.data:
            self.team_id.errors.append("Choose the team this person works in.")
            ok = False
        if self.password.data or self.password_required:
            problem = password_problem(self.password.data or "", email=self.email.data or "", name=self.name.data or "")
            if problem:
                self.password.errors = [*self.password.errors, problem]
                ok = False
        return ok


class TeamForm(FlaskForm):
    """Create or rename a team."""

    name = StringField(
        "Team name", filters=[strip],
        validators=[DataRequired("Enter a name for the team."), Length(max=120, message="Use at most 120 characters.")],
    )
    active = BooleanField("Team is active", default=True)


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class SettingsForm(FlaskForm):
    """Deployment settings an administrator may change."""

    minimum_hourly_wage = FiniteDecimalField(
        "Minimum hourly wage", places=2,
        validators=[InputRequired("Enter the minimum hourly wage."),
                    NumberRange(0.01, 1000, "Between 0.01 and 1,000.")],
        description="The legal minimum for your area. Openings paying at least this (and open to anyone) are "
                    "competitive.")
    currency_symbol = StringField("Currency symbol", filters=[strip],
                                  validators=[InputRequired("Enter a currency symbol."), Length(max=5)])
    face_to_face_target_per_week = WholeNumberField(
        "Face-to-face employer contacts per specialist per week", validators=[
            InputRequired("Enter a number."), NumberRange(1, 100, "Between 1 and 100.")],
        description="The IPS fidelity scale asks for 6 or more.")
    first_contact_target_days = WholeNumberField(
        "Days from referral to the first face-to-face employer contact", validators=[
            InputRequired("Enter a number."), NumberRange(1, 365, "Between 1 and 365.")],
        description="The IPS fidelity scale asks for 30 days or fewer.")
    caseload_target = WholeNumberField(
        "Active caseload per specialist", validators=[InputRequired("Enter a number."),
                                                      NumberRange(1, 200, "Between 1 and 200.")],
        description="The IPS fidelity scale asks for 20 or fewer.")
    employer_concentration_flag_percent = WholeNumberField(
        "Flag when one employer has more than this share of job starts (%)",
        validators=[InputRequired("Enter a number."), NumberRange(1, 100, "Between 1 and 100.")])
    week_starts_on = SelectField("Weeks start on", coerce=int, choices=choices(enumerate(WEEKDAYS)))
    timezone = StringField("Time zone", filters=[strip],
                           validators=[InputRequired("Enter a time zone."), Length(max=60)],
                           description="For example Europe/London or America/New_York.")

    erase_closed_after_months = WholeNumberField(
        "Erase closed participants after (months)", validators=[
            InputRequired("Enter a number of months, or 0."), NumberRange(0, 600, "Between 0 and 600.")],
        description="Closed participants are listed under Due for erasure this many months after their record was "
                    "closed. Nobody is erased automatically. 0 lists nobody.")

    def validate_timezone(self, field):
        """Only time zones the system knows."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(field.data)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValidationError("Not a time zone this system knows, e.g. Europe/London.") from error
