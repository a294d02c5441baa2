"""Normalising how people and employers write: case, punctuation, plurals, abbreviations, typos, negation.

Two kinds of normalisation live here. :func:`words` turns a short text (a job title, a goal) into normalised
words for the job table, with abbreviations expanded and small typos corrected. :func:`analyze` turns long
text (descriptions, requirements, strengths) into the terms of the TF-IDF index; it is on the hot path of
``fit`` (every opening's description), so it avoids per-word Python work beyond one cached dictionary lookup.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein

from matching.jobtable import ABBREVIATION_LINES, parse_table
from matching.stopwords import ENGLISH_STOP_WORDS

_SPLIT = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_TERM = re.compile(r"[a-z][a-z0-9_]*|[0-9]+[a-z][a-z0-9_]*")
_NEGATION = re.compile(r"\b(?:no|not|without|never|non|zero|except|anything but)[\s-]+([a-z]+)(?:[\s-]+([a-z]+))?")
_NEGATION_WORDS = ("no", "not", "without", "never", "non", "zero", "except", "anything but")
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {"job", "role", "work", "working", "position", "vacancy", "looking"}

# Common words one letter away from a word of the job table: never "correct" them.
PROTECTED = frozenset(
    """
    water waste waster caring cared carer cares cards carry cater paste pasta poster posts stock stocks
    barrister barristers banister cooker cooking booker hooker looker border order orders porters sorted
    shopper shopping cleaver clever deliver liver diver drivers driven river rivers hoster poster roster
    waiter waiters baker bakers maker makers taker takers packet packets picket pickets ticket tickets
    pickle sales scales saves stores stored stories still stall stalls staff stuff start steer sheer
    hostel hotels motel model models modest teller teller tiller filler fillers killer miller seller sellers
    caterer caterers catering guard guards guide guides groom gloom grooms bloom house horse horses mouse
    """.split()
)


def fold(text: str) -> str:
    """Lower-case text with accents removed (``Café`` -> ``cafe``), apostrophes unified."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """A crude singular: ``cleaners`` -> ``cleaner``, ``deliveries`` -> ``delivery``; short words untouched."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "ous")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return word


def _abbreviations() -> dict[tuple[str, ...], tuple[str, ...]]:
    table = {}
    for short, long in parse_table(ABBREVIATION_LINES, 2):
        table[tuple(short.lower().split())] = tuple(singular(w) for w in long.lower().split())
    return table


ABBREVIATIONS = _abbreviations()


def raw_words(text: str) -> list[str]:
    """Words of a short text, lower-cased and singular, with ``'s`` dropped; no other changes."""
    out = []
    for token in _SPLIT.findall(fold(text).replace("&", " and ")):
        token = token.split("'")[0]
        if token:
            out.append(singular(token))
    return out


def expand_abbreviations(tokens: list[str]) -> list[str]:
    """Replace known short forms (``kp``, ``foh``, ``w h``) by their long form."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        pair = tuple(tokens[i : i + 2])
        if len(pair) == 2 and pair in ABBREVIATIONS:
            out.extend(ABBREVIATIONS[pair])
            i += 2
            continue
        out.extend(ABBREVIATIONS.get((tokens[i],), (tokens[i],)))
        i += 1
    return out


class Speller:
    """Corrects small typos in words towards a fixed vocabulary (the words of the job table)."""

    def __init__(self, vocabulary: set[str]):
        self.vocabulary = frozenset(vocabulary)
        self.by_initial: dict[str, list[str]] = {}
        for word in sorted(self.vocabulary):
            self.by_initial.setdefault(word[0], []).append(word)
        self._cache: dict[str, str] = {}

    def correct(self, word: str) -> str:
        """The vocabulary word within one or two edits (same first letter, unique best), else ``word``."""
        if word in self.vocabulary or len(word) < 5 or word in PROTECTED or word in STOP_WORDS:
            return word
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        limit = 1 if len(word) < 8 else 2
        best, best_distance, tie = word, limit + 1, False
        for candidate in self.by_initial.get(word[0], ()):
            if abs(len(candidate) - len(word)) > limit:
                continue
            distance = DamerauLevenshtein.distance(word, candidate, score_cutoff=limit)
            if distance < best_distance:
                best, best_distance, tie = candidate, distance, False
            elif distance == best_distance:
                tie = True
        result = word if tie or best_distance > limit else best
        if len(self._cache) < 100_000:
            self._cache[word] = result
        return result


def _negate(match: re.Match[str]) -> str:
    return " ".join("not_" + w for w in match.groups() if w)


# Words that say the same thing in strengths and in adverts; both sides are mapped to the first word.
TERM_SYNONYMS = {
    "reliable": "reliability dependable dependability trustworthy punctual punctuality timekeeping",
    "friendly": "approachable cheerful welcoming warm polite courteous personable",
    "numerate": "numeracy maths math numbers arithmetic",
    "detail": "meticulous thorough careful accuracy accurate",
    "computer": "computers pc laptop it",
    "organised": "organized organisation organization organising",
    "hardworking": "hard-working diligent conscientious",
    "honest": "honesty integrity",
    "patient": "patience",
    "calm": "composed unflappable",
    "team": "teamwork",
    "forklift": "flt forklifts",
    "customer": "client guest shopper",
    "physical": "physically active",
    "communication": "communicate communicator",
    "tidy": "tidiness neat",
}
_SYNONYM_OF = {w: head for head, words in TERM_SYNONYMS.items() for w in words.split()}
# Index term of each word seen so far ("" for a stop word), shared by fit and queries.
_TERM_CACHE: dict[str, str] = {}


def _term(token: str) -> str:
    term = _TERM_CACHE.get(token)
    if term is not None:
        return term
    if token in STOP_WORDS or len(token) < 2:
        term = ""
    else:
        term = _SYNONYM_OF.get(token, token)
        term = _SYNONYM_OF.get(singular(term), singular(term))
        if term.endswith("ing") and len(term) > 6:
            term = term[:-3]
        elif term.endswith("ed") and len(term) > 5:
            term = term[:-2]
    if len(_TERM_CACHE) < 1_000_000:
        _TERM_CACHE[token] = term
    return term


def term_of(word: str) -> str | None:
    """The index term for one word as :func:`analyze` would produce it (``None`` for a stop word)."""
    return _term(word.lower()) or None


def analyze(text: str) -> list[str]:
    """Index terms of a long text: folded, negated words marked ("not_lifting"), stop words dropped.

    This runs on every opening's text at fit time, so words go through the cache with ``map`` (no Python
    loop per word unless a word is new).
    """
    text = fold(text)
    if any(word in text for word in _NEGATION_WORDS):
        text = _NEGATION.sub(_negate, text)
    tokens = _TERM.findall(text)
    terms = list(map(_TERM_CACHE.get, tokens))
    if None in terms:
        terms = [_term(t) for t in tokens]
    return list(filter(None, terms))
