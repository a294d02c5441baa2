"""Bad input on the opening form: a message on the field, what was typed kept, nothing saved, never a 500."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from sqlalchemy import select

from crm.extensions import db
from crm.models import Opening
from crm.openings.forms import OpeningForm
from tests.crm.openings.test_views import form_data

# What the app's request class takes out of all input (crm.security): control characters but tab and line breaks.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@pytest.mark.parametrize("changes, field, message", [
    ({"title": ""}, "title", "Enter the job title."),
    ({"title": "   "}, "title", "Enter the job title."),
    ({"title": "x" * 201}, "title", "Use at most 200 characters."),
    ({"employer_query": "", "employer_id": ""}, "employer_query", "Choose the employer: start typing its name."),
    ({"employer_query": "Nobody Here", "employer_id": ""}, "employer_query", "No employer called “Nobody Here”."),
    ({"employer_query": "x" * 201}, "employer_query", "Use at most 200 characters."),
    ({"description": "x" * 5001}, "description", "Use at most 5,000 characters."),
    ({"requirements": "\n".join(f"Skill {n}" for n in range(31))}, "requirements", "List at most 30 requirements"),
    ({"requirements": "Fine\n" + "y" * 201}, "requirements", "(requirement 2 is longer)"),
    ({"industry": "x" * 101}, "industry", "Use at most 100 characters."),
    ({"hours_min": "-1"}, "hours_min", "Between 0 and 168 hours a week."),
    ({"hours_max": "169"}, "hours_max", "Between 0 and 168 hours a week."),
    ({"hours_min": "sixteen"}, "hours_min", "Enter a number, like 16."),
    ({"hours_min": "nan"}, "hours_min", "Enter a number, like 16."),
    ({"hours_max": "Infinity"}, "hours_max", "Enter a number, like 30."),
    ({"hours_max": "1e999"}, "hours_max", "Between 0 and 168 hours a week."),
    ({"hours_min": "30", "hours_max": "16"}, "hours_max", "The most hours cannot be fewer than the fewest hours."),
    ({"pay_min": "-0.01"}, "pay_min", "Pay cannot be negative."),
    ({"pay_min": "25000"}, "pay_min", "Enter the pay per hour (at most 1,000), not per week or year."),
    ({"pay_max": "1E+400"}, "pay_max", "not per week or year."),
    ({"pay_min": "12.345"}, "pay_min", "Use at most two decimal places, like 12.50."),
    ({"pay_min": "12,50"}, "pay_min", "Enter a number, like 12.50."),
    ({"pay_min": "NaN"}, "pay_min", "Enter a number, like 12.50."),
    ({"pay_min": "14", "pay_max": "12"}, "pay_max", "The highest pay cannot be less than the lowest pay."),
    ({"place": "x" * 201}, "place", "Use at most 200 characters."),
    ({"latitude": "91"}, "latitude", "Between -90 and 90."),
    ({"longitude": "-180.5"}, "longitude", "Between -180 and 180."),
    ({"latitude": "north"}, "latitude", "Enter a number, like 51.5072."),
    ({"longitude": ""}, "longitude", "Give both latitude and longitude, or neither."),
    ({"latitude": ""}, "latitude", "Give both latitude and longitude, or neither."),
    ({"shifts": ["day", "midnight"]}, "shifts", "not a valid choice"),
    ({"source": "rumour"}, "source", "Not a valid choice."),
    ({"opened_on": "2026-02-30"}, "opened_on", "Enter a real date, like 23/11/2026."),
    ({"closes_on": "soon"}, "closes_on", "Enter a real date, like 23/11/2026."),
    ({"opened_on": "1899-12-31"}, "opened_on", "Check the year."),
    ({"closes_on": "20260-01-01"}, "closes_on", "Enter a real date"),
    ({"opened_on": "2026-11-10", "closes_on": "2026-11-09"}, "closes_on",
     "The closing date cannot be before the opening date."),
])
def test_bad_input_is_explained_on_the_field_and_kept(as_specialist, employer, changes, field, message):
    data = form_data(employer, **{"description": "Keep <this> & that", **changes})
    response = as_specialist.post("/openings/new", data=data)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    error = re.search(rf'<div id="{field}-error" class="invalid-feedback d-block">(.*?)</div>', body, re.S)
    assert error, f"no message on {field}"
    assert message in error.group(1).replace("&#34;", '"').replace("&#39;", "'")
    assert "Please correct the" in body
    if field != "description":
        assert "Keep &lt;this&gt; &amp; that</textarea>" in body  # other input kept, shown as text
    typed = changes.get(field)
    if isinstance(typed, str) and typed.strip() and field != "source":
        assert f'value="{escape(typed)}"' in body or f"{escape(typed)}</textarea>" in body  # the bad value kept
    assert db.session.scalar(select(Opening)) is None


def test_control_characters_are_dropped(as_specialist, employer):
    response = as_specialist.post("/openings/new", data=form_data(employer, title="Ba\x00ker", place="Mill\x00 Lane"))
    assert response.status_code == 302
    opening = db.session.scalar(select(Opening))
    assert (opening.title, opening.place) == ("Baker", "Mill Lane")


def test_requirements_lines_are_tidied(as_specialist, employer):
    text = "  • Food hygiene  \r\n\r\n- Forklift licence\n* food HYGIENE\n-20°C freezer work\n"
    as_specialist.post("/openings/new", data=form_data(employer, requirements=text))
    assert db.session.scalar(select(Opening)).requirements == ["Food hygiene", "Forklift licence",
                                                                "-20°C freezer work"]


def test_naughty_strings_are_stored_and_shown_as_text_or_refused(as_specialist, employer, blns):
    """Every string of the Big List of Naughty Strings in every text field: saved and shown escaped, or refused."""
    for n, text in enumerate(blns):
        data = form_data(employer, title=text[:200], description=text, requirements=text, industry=text[:100],
                         place=text[:200])
        response = as_specialist.post("/openings/new", data=data)
        assert response.status_code in (302, 400), (n, text)
        if response.status_code == 400:
            assert "invalid-feedback" in response.get_data(as_text=True), (n, text)
            continue
        opening = db.session.get(Opening, int(response.headers["Location"].rsplit("/", 1)[1]))
        assert opening.title == CONTROL.sub("", text[:200]).strip(), (n, text)
        body = as_specialist.get(response.headers["Location"]).get_data(as_text=True)
        assert str(escape(opening.title)) in body, (n, text)
        if opening.description:
            assert str(escape(opening.description)) in body, (n, text)


def test_naughty_strings_in_the_list_search_and_filters(as_specialist, employer, blns):
    for text in blns:
        params = {name: text for name in ("q", "industry", "status", "sort", "employer_id", "page", "source")}
        response = as_specialist.get("/openings/", query_string=params)
        assert response.status_code == 200, text


@pytest.mark.parametrize("path", [
    "/openings/new?employer_id=99999999999999999999", "/openings/new?employer_id=%C2%B2",
    "/openings/new?found_by=99999999999999999999", "/openings/new?found_by=%C2%B2&employer_id=-1",
    "/openings/?employer_id=99999999999999999999", "/openings/?page=99999999999999999999",
])
def test_odd_ids_in_the_address_are_ignored(as_specialist, path):
    assert as_specialist.get(path).status_code == 200


@pytest.mark.parametrize("employer_id", ["99999999999999999999", "²", "-5", "1.0", "<b>"])
def test_odd_employer_ids_in_the_form_fall_back_to_the_typed_name(as_specialist, employer, employer_id):
    response = as_specialist.post("/openings/new", data=form_data(employer, employer_id=employer_id))
    assert response.status_code == 302
    assert db.session.scalar(select(Opening)).employer_id == employer.id


NUMBER_FIELDS = ["hours_min", "hours_max", "pay_min", "pay_max", "latitude", "longitude", "opened_on", "closes_on"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.fixed_dictionaries({name: st.text(max_size=30) for name in NUMBER_FIELDS}))
def test_number_and_date_fields_never_crash(app, values):
    """Whatever is typed in the number and date boxes, the form answers valid or with messages."""
    with app.test_request_context("/openings/new", method="POST", data={"title": "Job", "employer_query": "Acme",
                                                                           **values}):
        form = OpeningForm()
        if form.validate():
            for low, high in (("hours_min", "hours_max"), ("pay_min", "pay_max")):
                a, b = form[low].data, form[high].data
                assert a is None or b is None or a <= b
            assert (form.latitude.data is None) == (form.longitude.data is None)
        else:
            assert all(isinstance(m, str) and m for messages in form.errors.values() for m in messages)
