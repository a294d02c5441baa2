"""The normalised employer name used by the duplicate check."""

import pytest

from crm.employers.names import normalise_employer_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Maple Street Bakery", "maple street bakery"),
        ("  MAPLE   street\tBakery  ", "maple street bakery"),
        ("Maple Street Bakery Ltd", "maple street bakery"),
        ("Maple Street Bakery Ltd.", "maple street bakery"),
        ("Maple Street Bakery Limited", "maple street bakery"),
        ("Maple-Street Bakery, Ltd", "maple street bakery"),
        ("Riverside Hotel PLC", "riverside hotel"),
        ("Greenway Logistics Inc", "greenway logistics"),
        ("Greenway Logistics L.L.C.", "greenway logistics"),
        ("Greenway Logistics Corp", "greenway logistics"),
        ("Oakfield Garden Company", "oakfield garden"),
        ("Smith & Co", "smith"),
        ("Smith and Co Ltd", "smith"),
        ("Smith & Sons", "smith and sons"),
        ("Smith and Sons", "smith and sons"),
        ("Smith&Sons", "smith and sons"),
        ("O'Neill's Café", "oneills cafe"),
        ("O\u2019Neill\u2019s Cafe", "oneills cafe"),
        ("Co-op Food", "co op food"),
        ("The Company", "the"),
        ("Company", "company"),
        ("Ltd", "ltd"),
        ("Company Ltd", "company ltd"),
        ("", ""),
        ("!!!", ""),
    ],
)
def test_normalise_employer_name(name, expected):
    assert normalise_employer_name(name) == expected


def test_none_is_empty():
    assert normalise_employer_name(None) == ""


def test_spellings_of_one_business_meet():
    spellings = ["Kingfisher Cleaning Ltd", "kingfisher cleaning", "Kingfisher Cleaning Limited.",
                 "KINGFISHER-CLEANING"]
    assert len({normalise_employer_name(s) for s in spellings}) == 1
