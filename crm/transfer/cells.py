"""Reading what people write in spreadsheet cells: choices by value or label, yes/no, pay, dates, web addresses."""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit

from crm.models.opening import SHIFTS

YES = frozenset({"yes", "y", "true", "1", "x", "ticked"})
NO = frozenset({"no", "n", "false", "0", ""})
SIZE_WORDS = {"1 9": "micro", "1 9 staff": "micro", "10 49": "small", "10 49 staff": "small", "50 249": "medium",
              "50 249 staff": "medium", "250": "large", "250 staff": "large"}
SOURCE_WORDS = {"job development": "developed", "found": "developed"}
MONEY = re.compile(r"^-?[0-9]{1,9}(\.[0-9]{1,6})?$")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")
BAD_WEB_ADDRESS = "Enter a web address like https://example.org (only http and https addresses)."


def word(text: str) -> str:
    """Text compared loosely: lower case, words only ("1–9 staff" is "1 9 staff")."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def choice(text: str, options: dict[str, str], extra: dict[str, str] | None = None) -> str | None:
    """The value of a choice given as its value or its label (any case); None when it is neither."""
    wanted = word(text)
    for value, label in options.items():
        if wanted in (word(value), word(label)):
            return value
    return (extra or {}).get(wanted)


def host_readable(text: str) -> bool:
    """False for text whose host part urlsplit cannot read ("[a]" is taken for a bad IPv6 address and raises).

    crm.validators.web_address lets that ValueError through (a server error on the employer form too), so rows are
    checked here first.
    """
    try:
        urlsplit(text if "://" in text else f"https://{text}").hostname  # noqa: B018 - reading it is what raises
    except ValueError:
        return False
    return True


def shifts(text: str) -> tuple[list[str], list[str]]:
    """(shifts named, in the order given, and the words that are not shifts) from "day; weekend"."""
    chosen, bad = [], []
    for part in re.split(r"[;,/\n]", text):
        if part.strip():
            value = choice(part, SHIFTS)
            if value is None:
                bad.append(part.strip()[:40])
            elif value not in chosen:
                chosen.append(value)
    return chosen, bad


def money(text: str) -> str:
    """Pay as a plain number: a currency sign, thousands commas and "per hour" are dropped.

    Anything else that is not plainly a number (Decimal would read "NaN" or "sNaN") is left for the form to refuse.
    """
    number = re.sub(r"(?i)^[£$€]\s*|,|\s*(per hour|an hour|/\s*h(ou)?r)$", "", text).strip()
    return number if not number or MONEY.match(number) else "not a number"


def parse_date(text: str) -> date | None:
    """A date written as 2026-11-23 or 23/11/2026; None when it is neither."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
