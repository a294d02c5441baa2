"""The participant's decision on a suggestion."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired, Optional

from crm.forms import strip
from crm.suggestions.services import DECISIONS
from crm.validators import max_length


class DecisionForm(FlaskForm):
    """Interested, not for me (with an optional reason) or maybe later."""

    decision = HiddenField(validators=[DataRequired(), AnyOf(list(DECISIONS), message="Choose one of the buttons.")])
    reason = StringField("Why not? (optional)", filters=[strip], validators=[Optional(), max_length(300)])
    view = HiddenField()
