"""The normalised form of an employer's name, which the duplicate check compares."""

from __future__ import annotations

import re
import unicodedata

# Legal-form words that say nothing about which business it is; dropped from the end of a name only, so
# that "Co-op Food" keeps its "co".
LEGAL_SUFFIXES = frozenset({"ltd", "limited", "inc", "llc", "plc", "co", "company", "corp"})

# Dots and apostrophes join what they separate ("L.L.C." is "llc", "O'Neill's" is "oneills").
_JOINING = re.compile(r"[.'\u2019`]")
_NOT_WORD = re.compile(r"[\W_]+")


def normalise_employer_name(name: str | None) -> str:
    """Lower case, accents and punctuation removed, "&" as "and", no trailing legal suffix, single spaces.

    "Maple Street Bakery Ltd." and "maple-street bakery" give the same result; so do "Smith & Co" and
    "Smith". A name made only of legal words ("Company Ltd") keeps them rather than becoming empty.
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = _JOINING.sub("", text)
    words = _NOT_WORD.sub(" ", text).split()
    kept = list(words)
    while kept and kept[-1] in LEGAL_SUFFIXES:
        kept.pop()
        # "Smith and Co": the "and" belonged to the suffix.
        if kept and kept[-1] == "and":
            kept.pop()
    return " ".join(kept or words)
