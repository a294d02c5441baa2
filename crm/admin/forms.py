"""Forms for staff accounts and teams."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from crm.forms import choices, strip
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

    def validate(self, extra_validators=None):
        """Also require a team for specialists and team leads."""
        ok = super().validate(extra_validators)
        if self.role.data in ("specialist", "team_lead") and not self.team_id.data:
            self.team_id.errors.append("Choose the team this person works in.")
            ok = False
        return ok


class TeamForm(FlaskForm):
    """Create or rename a team."""

    name = StringField(
        "Team name", filters=[strip],
        validators=[DataRequired("Enter a name for the team."), Length(max=120, message="Use at most 120 characters.")],
    )
    active = BooleanField("Team is active", default=True)
