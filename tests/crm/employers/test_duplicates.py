"""The duplicate guard."""

import pytest

from crm.employers.duplicates import NameIndex, find_similar_employers, normalise_postcode, phone_digits, website_domain
from crm.employers.names import normalise_employer_name
from crm.extensions import db
from crm.models.types import utcnow
from tests.factories import make_employer


@pytest.mark.parametrize("raw, expected", [
    ("01632 960 123", "1632960123"), ("+44 (0)1632-960123", "1632960123"), ("123", None), (None, None),
])
def test_phone_digits(raw, expected):
    assert phone_digits(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("https://www.Maple-Bakery.example/about", "maple-bakery.example"), ("maple.example", "maple.example"),
    ("http://shop.example:8080", "shop.example"), ("", None), (None, None),
])
def test_website_domain(raw, expected):
    assert website_domain(raw) == expected


def test_normalise_postcode():
    assert normalise_postcode("  xx1   2ab ") == "XX1 2AB"
    assert normalise_postcode("") is None


@pytest.mark.parametrize("typed", [
    "Maple Street Bakery", "maple street bakery ltd", "Maple St. Bakery", "Mapel Street Bakery",
    "Bakery Maple Street", "MAPLE STREET BAKERY LIMITED",
])
def test_similar_names_are_found(app, typed):
    existing = make_employer("Maple Street Bakery Ltd")
    make_employer("Riverside Garden Centre")
    found = find_similar_employers(typed)
    assert [c.employer_id for c in found][:1] == [existing.id]
    assert found[0].reasons


@pytest.mark.parametrize("typed", ["Riverside Cars", "Greenway Hotel", "Bakery"])
def test_different_names_are_not_flagged(app, typed):
    make_employer("Maple Street Bakery Ltd")
    make_employer("Riverside Garden Centre")
    assert find_similar_employers(typed) == []


def test_ampersand_and_and(app):
    existing = make_employer("Smith & Sons Removals")
    assert find_similar_employers("Smith and Sons Removals")[0].employer_id == existing.id


def test_same_phone_or_website_or_postcode(app):
    by_phone = make_employer("Totally Different Name", phone_digits=phone_digits("01632 960111"))
    by_site = make_employer("Another Name", website_domain="green.example")
    by_postcode = make_employer("Sampleford Florist", postcode="XX1 2AB")
    assert find_similar_employers("New Name", phone="+44 1632 960111")[0].employer_id == by_phone.id
    assert find_similar_employers("New Name", website="https://www.green.example/x")[0].employer_id == by_site.id
    found = find_similar_employers("Sampleford Florists Shop", postcode="xx1 2ab")
    assert found[0].employer_id == by_postcode.id
    assert "the same phone number" in find_similar_employers("X", phone="01632 960111")[0].reasons


def test_archived_and_excluded_are_ignored(app):
    from crm.models.types import utcnow

    make_employer("Maple Street Bakery", archived_at=utcnow())
    kept = make_employer("Maple Street Bakery Two")
    assert find_similar_employers("Maple Street Bakery Two", exclude_id=kept.id) == []


def test_name_index_finds_within_a_batch():
    index = NameIndex([(1, normalise_employer_name("Maple Street Bakery"))])
    index.add("row-2", normalise_employer_name("Riverside Garden Centre Ltd"))
    assert index.similar(normalise_employer_name("Riverside Garden Centre"))[0][0] == "row-2"
    assert index.similar(normalise_employer_name("Completely Unrelated")) == []


def test_cached_names_follow_new_renamed_and_archived_employers(app):
    first = make_employer("Maple Street Bakery")
    assert find_similar_employers("Maple Street Bakery")[0].employer_id == first.id
    later = make_employer("Riverside Garden Centre")
    assert find_similar_employers("Riverside Garden Centre")[0].employer_id == later.id
    first.name, first.normalized_name = "Oak Lane Vets", "oak lane vets"
    first.updated_at = utcnow()
    db.session.flush()
    assert find_similar_employers("Maple Street Bakery") == []
    later.archived_at = later.updated_at = utcnow()
    db.session.flush()
    assert find_similar_employers("Riverside Garden Centre") == []
