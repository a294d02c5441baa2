"""Forms for signing in, changing one's password, and two-step sign-in."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    """Sign in with email address and password."""

    email = EmailField(
        "Email address",
        validators=[DataRequired("Enter your email address."), Length(max=254, message="That is too long.")],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=1000, message="That is too long.")],
        render_kw={"autocomplete": "current-password"},
    )


class ChangePasswordForm(FlaskForm):
    """Change one's own password (ends every other session)."""

    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password.")],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        "New password",
        validators=[DataRequired("Enter a new password."), Length(max=1000, message="That is too long.")],
        description="At least 12 characters. A few unrelated words together are easy to remember and hard to guess.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        "New password again",
        validators=[DataRequired("Type the new password again."),
                    EqualTo("new_password", message="The two new passwords are not the same.")],
        render_kw={"autocomplete": "new-password"},
    )


def _code_field(label: str = "6-digit code from your app") -> StringField:
    return StringField(
        label,
        validators=[DataRequired("Enter the 6-digit code from your authenticator app."),
                    Length(max=20, message="The code has 6 digits.")],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none",
                   "spellcheck": "false"},
    )


class CodeForm(FlaskForm):
    """The code from the authenticator app: the second step of signing in, or confirming the set-up."""

    code = _code_field()


class TurnOffTwoStepForm(FlaskForm):
    """Turn one's own two-step sign-in off: the password and a current code prove it is really them."""

    password = PasswordField(
        "Your password", validators=[DataRequired("Enter your password.")],
        render_kw={"autocomplete": "current-password"},
    )
    code = _code_field()
