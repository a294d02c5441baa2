"""Fixtures for the opening tests: a signed-in specialist and an employer they work with."""

import pytest

from tests.factories import make_employer, make_user


@pytest.fixture
def specialist(app):
    """An employment specialist."""
    return make_user("specialist", name="Sam Specialist")


@pytest.fixture
def employer(app, specialist):
    """An employer owned by the specialist, with an address and coordinates."""
    return make_employer("Maple Street Bakery", industry="Hospitality", address="1 Maple Street", town="Northtown",
                         latitude=51.5, longitude=-0.12, owner_id=specialist.id)


@pytest.fixture
def as_specialist(signed_in, specialist):
    """The test client, signed in as the specialist."""
    return signed_in(specialist)
