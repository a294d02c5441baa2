"""Forms for signing in and changing one's password."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
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
