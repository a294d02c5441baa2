"""Forms for employers, the people there, archiving and merging."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, FloatField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, NumberRange, Optional

from crm.forms import choices, strip
from crm.models.employer import EMPLOYER_SIZES, RELATIONSHIP_STAGES
from crm.validators import max_length, phone_number, web_address


class EmployerForm(FlaskForm):
    """Create or edit an employer."""

    name = StringField("Business name", filters=[strip],
                       validators=[DataRequired("Enter the name of the business."), max_length(200)])
    industry = StringField("Industry", filters=[strip], validators=[Optional(), max_length(100)],
                           description="For example hospitality, retail, warehousing, care.",
                           render_kw={"list": "industry-list"})
    address = StringField("Street address", filters=[strip], validators=[Optional(), max_length(300)])
    town = StringField("Town", filters=[strip], validators=[Optional(), max_length(100)])
    postcode = StringField("Postcode", filters=[strip], validators=[Optional(), max_length(20)],
                           render_kw={"autocapitalize": "characters"})
    phone = StringField("Phone", filters=[strip], validators=[Optional(), max_length(40), phone_number],
                        render_kw={"type": "tel", "autocomplete": "off"})
    website = StringField("Website", filters=[strip], validators=[Optional(), max_length(300), web_address],
                          render_kw={"inputmode": "url"})
    size = SelectField("Size", choices=choices({"": "Not known", **EMPLOYER_SIZES}), validators=[Optional()])
    relationship_stage = SelectField("Relationship stage", choices=choices(RELATIONSHIP_STAGES),
                                     description="How far the relationship has come over your visits.")
    owner_id = SelectField("Relationship owner", coerce=int,
                           description="The specialist who leads the relationship with this employer.")
    latitude = FloatField("Latitude", validators=[Optional(), NumberRange(-90, 90, "Between -90 and 90.")],
                          description="Optional; used to work out travel distances.")
    longitude = FloatField("Longitude", validators=[Optional(), NumberRange(-180, 180, "Between -180 and 180.")])
    notes = TextAreaField("Notes", filters=[strip], validators=[Optional(), max_length(5000)],
                          description="What the business does and needs. No details about job seekers' health.")
    create_anyway = BooleanField("Yes, this is a different business: create it anyway")

    def validate(self, extra_validators=None):
        """Both coordinates or neither."""
        ok = super().validate(extra_validators)
        if (self.latitude.data is None) != (self.longitude.data is None):
            (self.longitude if self.longitude.data is None else self.latitude).errors.append(
                "Give both latitude and longitude, or neither.")
            ok = False
        return ok


class ContactPersonForm(FlaskForm):
    """Add or edit a person at an employer."""

    name = StringField("Name", filters=[strip], validators=[DataRequired("Enter the person's name."), max_length(120)])
    job_title = StringField("Their role", filters=[strip], validators=[Optional(), max_length(120)],
                            description="For example hiring manager, owner, supervisor.")
    phone = StringField("Phone", filters=[strip], validators=[Optional(), max_length(40), phone_number],
                        render_kw={"type": "tel"})
    email = EmailField("Email address", filters=[strip], validators=[
        Optional(), max_length(254),
        Email("Enter an email address like name@example.org.", check_deliverability=False)])
    notes = TextAreaField("Notes", filters=[strip], validators=[Optional(), max_length(2000)])


class MergeForm(FlaskForm):
    """Merge this employer into another one."""

    target_id = HiddenField("Employer to keep", validators=[DataRequired("Choose the employer to keep.")])
    confirm = BooleanField("I have checked: these are the same business",
                           validators=[DataRequired("Tick the box to confirm they are the same business.")])
