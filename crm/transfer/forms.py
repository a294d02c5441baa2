"""Forms of the import screens: upload, column mapping, confirm with duplicate choices; and one opening row."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DecimalField, FloatField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional

from crm.forms import choices, strip
from crm.transfer.columns import columns
from crm.validators import max_length


class UploadForm(FlaskForm):
    """Choose the CSV file to import."""

    file = FileField("CSV file", validators=[FileRequired("Choose the CSV file to import.")],
                     render_kw={"accept": ".csv,.txt,text/csv"})


def mapping_form(kind: str, headers: list[str], mapping: list[str], formdata=None) -> FlaskForm:
    """A form with one select per column of the file: which field it fills, or "Leave out"."""
    options = choices([("", "Leave out this column")] + [(c.key, c.label) for c in columns(kind)])

    class MappingForm(FlaskForm):
        """Say which field each column of the file fills."""

    for index, header in enumerate(headers):
        setattr(MappingForm, f"column_{index}", SelectField(header, choices=options, default=mapping[index]))
    kwargs = {} if formdata is None else {"formdata": formdata}
    return MappingForm(**kwargs)


def confirm_form(decisions: dict[int, list[tuple[str, str]]], has_bad_rows: bool) -> FlaskForm:
    """The confirmation: a choice for each duplicate (by line), and leaving out the rows with problems."""

    class ConfirmImportForm(FlaskForm):
        """Import the checked rows."""

    for line, options in decisions.items():
        setattr(ConfirmImportForm, f"line_{line}", SelectField(f"What to do with line {line}",
                                                               choices=choices(options), default="skip"))
    if has_bad_rows:
        ConfirmImportForm.good_rows_only = BooleanField(
            "Import only the rows without problems, and leave out the rows listed above",
            validators=[DataRequired("Tick this box to import only the rows without problems, or fix the file and "
                                     "upload it again.")])
    return ConfirmImportForm()


class OpeningRowForm(FlaskForm):
    """One opening from an import file (the choices were turned into values before; this checks the rest)."""

    class Meta:
        csrf = False

    title = StringField("Job title", filters=[strip],
                        validators=[DataRequired("Give the job title."), max_length(200)])
    description = TextAreaField("Description", filters=[strip], validators=[Optional(), max_length(5000)])
    industry = StringField("Industry", filters=[strip], validators=[Optional(), max_length(100)])
    hours_min = FloatField("Fewest hours a week", validators=[
        Optional(), NumberRange(0, 168, "Give hours a week between 0 and 168.")])
    hours_max = FloatField("Most hours a week", validators=[
        Optional(), NumberRange(0, 168, "Give hours a week between 0 and 168.")])
    pay_min = DecimalField("Lowest hourly pay", places=2, validators=[
        Optional(), NumberRange(0, 999_999, "Give hourly pay as a number that is not negative, like 12.50.")])
    pay_max = DecimalField("Highest hourly pay", places=2, validators=[
        Optional(), NumberRange(0, 999_999, "Give hourly pay as a number that is not negative, like 12.50.")])
    place = StringField("Place", filters=[strip], validators=[Optional(), max_length(200)])

    def validate(self, extra_validators=None):
        """Fewest hours and lowest pay no more than the most and highest."""
        ok = super().validate(extra_validators)
        for low, high, what in ((self.hours_min, self.hours_max, "hours"), (self.pay_min, self.pay_max, "pay")):
            if low.data is not None and high.data is not None and not low.errors and low.data > high.data:
                low.errors.append(f"The lowest {what} cannot be more than the highest.")
                ok = False
        return ok
