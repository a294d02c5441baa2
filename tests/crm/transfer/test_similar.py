"""The import's batch duplicate check answers exactly as the duplicate guard's NameIndex does, only faster."""

from __future__ import annotations

import random

import pytest

from crm.employers.duplicates import NameIndex
from crm.employers.names import normalise_employer_name
from crm.transfer.similar import BatchNameIndex

PLACES = ("Maple Street", "Riverside", "Old Mill", "Greenway", "Kingfisher", "Station Road", "Elm Court", "Heron",
          "Sampleford", "Harbour View", "Lark Rise")
TRADES = ("Bakery", "Cafe", "Care Home", "Garden Centre", "Logistics", "Print Works", "Motors", "Hotel", "Deli",
          "Home Support and Care", "Accountants")
EXTRAS = ("1", "2", "a", "of", "the", "and", "Ltd", "& Co", "Testbury", "Express", "(Northgate 2)", "Tesco")


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(len(word) - 1)
    return rng.choice((word[:i] + word[i + 1] + word[i] + word[i + 2:], word[:i] + word[i + 1:],
                       word[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[i:]))


def _name(rng: random.Random) -> str:
    words = f"{rng.choice(PLACES)} {rng.choice(TRADES)}".split()
    roll = rng.random()
    if roll < 0.2:
        words = [_typo(rng, w) if rng.random() < 0.5 else w for w in words]
    elif roll < 0.4:
        words += rng.choice(EXTRAS).split()
    elif roll < 0.5:
        words = words[:max(1, len(words) - 1)]
    elif roll < 0.55:
        rng.shuffle(words)
    elif roll < 0.65:
        short = ("ab", "a", "cafe", "x", "tesco", "tesco express", "abc")
        words = [rng.choice(short) for _ in range(rng.randint(1, 4))]
    return normalise_employer_name(" ".join(words))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_answers_as_name_index(seed):
    rng = random.Random(seed)
    existing = [(1000 + i, _name(rng)) for i in range(400)]
    new = [_name(rng) for _ in range(200)] + ["", "tesco", "maple street bakery", "bakery"]
    reference = NameIndex(existing)
    expected = []
    for line, name in enumerate(new):
        expected.append(reference.similar(name))
        reference.add(("line", line), name)
    index = BatchNameIndex(existing + [(("line", line), name) for line, name in enumerate(new)])
    got = index.similar_many(new, [len(existing) + i for i in range(len(new))])
    assert got == expected
    assert sum(1 for hits in expected if hits) > 100  # the data does have many duplicates


def test_a_row_is_compared_only_with_what_comes_before_it():
    index = BatchNameIndex([(1, "riverside cafe"), (("line", 2), "maple street bakery"),
                            (("line", 3), "maple street bakery")])
    first, second = index.similar_many(["maple street bakery", "maple street bakery"], [1, 2])
    assert first == []
    assert second == [(("line", 2), 100.0, "a very similar name")]


def test_names_of_many_one_letter_words_are_still_compared_exactly():
    alphabet = " ".join("abcdefghijklmnopqrstuvwxyz")
    existing = [(1, alphabet), (2, "a b c"), (3, "maple street bakery"), (4, alphabet.replace("q", "qq"))]
    queries = [alphabet, "a b c d", "x y z maple", alphabet[:-2]]
    reference = NameIndex(existing)
    expected = [reference.similar(query) for query in queries]
    index = BatchNameIndex(existing)
    assert index.similar_many(queries, [len(existing)] * len(queries)) == expected
    assert index.always  # the alphabet is too many short words to index: every query looks at it


def test_empty_index_and_empty_names():
    assert BatchNameIndex([]).similar_many(["maple street bakery", ""], [0, 0]) == [[], []]
    assert BatchNameIndex([(1, "")]).similar_many([""], [1]) == [[]]
