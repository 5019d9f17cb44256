from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import EqualTo, InputRequired, ValidationError

from ..passwords import MIN_PASSWORD_LENGTH, password_problem


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter your email address")],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your password")],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class SetPasswordForm(FlaskForm):
    """Passwords are never sent back to the browser: after an error both boxes are empty again."""

    password = PasswordField(
        "Create a password",
        widget=GovPasswordInput(),
        description=(
            f"Use {MIN_PASSWORD_LENGTH} characters or more. A few unrelated words together work well."
        ),
        validators=[InputRequired(message="Enter a password")],
    )
    confirm = PasswordField(
        "Confirm your password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message="Enter your password again to confirm it"),
            EqualTo("password", message="The passwords do not match. Enter the same password twice"),
        ],
    )
    submit = SubmitField("Set password and sign in", widget=GovSubmitInput())

    def validate_password(self, field):
        if problem := password_problem(field.data or ""):
            raise ValidationError(problem)


class UnlockForm(FlaskForm):
    """Only the CSRF token and the button."""

    submit = SubmitField("Unlock my account", widget=GovSubmitInput())
