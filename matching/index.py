"""The fitted index of openings: everything ranking needs, as numpy arrays built once by ``fit``.

Per opening: the id order, a distinct-title number, employer and industry numbers, hours, pay, shifts,
position, remote flag, source, and one TF-IDF row of its title, description and requirements. Per distinct
title (far fewer than openings): the roles and kinds of work the job table reads in it. Ranking then works on
whole arrays and never loops over openings in Python.
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from matching.records import SHIFTS, Opening
from matching.roles import FAMILIES, ROLES, SECTORS, TAG_WORDS, read_industry, read_title, role_sector
from matching.text import analyze, fold

ROLE_NAMES = tuple(ROLES)
ROLE_NUMBER = {name: i for i, name in enumerate(ROLE_NAMES)}
TAG_NAMES = tuple(TAG_WORDS)
TAG_BIT = {name: 1 << i for i, name in enumerate(TAG_NAMES)}
SECTOR_BIT = {name: 1 << i for i, name in enumerate(SECTORS)}
SHIFT_BIT = {name: 1 << i for i, name in enumerate(SHIFTS)}
EARTH_RADIUS_KM = 6371.0088
_EMPLOYER_NOISE = re.compile(r"\b(?:ltd|limited|plc|inc|llc|llp|co|the|uk|group)\b|[^a-z0-9 ]")


def employer_key(name: str | None) -> str | None:
    """An employer name folded for counting ("The Coffee Co. Ltd" and "coffee co" are one employer)."""
    if not name:
        return None
    key = " ".join(_EMPLOYER_NOISE.sub(" ", fold(name)).split())
    return key or fold(name).strip() or None


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on the unit sphere for latitudes and longitudes in degrees (NaN stays NaN)."""
    lat, lon = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def opening_text(opening: Opening) -> str:
    """The free text of an opening that goes into the TF-IDF index."""
    parts = [opening.title or "", opening.title or "", opening.description or "", *opening.requirements]
    return " \n ".join(parts)


@dataclass
class TitleTable:
    """Per distinct normalised title: roles (CSR-like), kinds of work, sectors, seniority."""

    texts: list[str]
    role_indptr: np.ndarray
    role_indices: np.ndarray
    tag_mask: np.ndarray
    sector_mask: np.ndarray
    senior: np.ndarray
    known: np.ndarray
    qualified: np.ndarray

    @property
    def size(self) -> int:
        """Number of distinct titles."""
        return len(self.texts)

    def max_over_roles(self, role_values: np.ndarray) -> np.ndarray:
        """Per title, the largest of ``role_values`` over the roles the title names (0 for none)."""
        out = np.zeros(self.size, dtype=np.float32)
        if self.role_indices.size:
            nonempty = self.role_indptr[1:] > self.role_indptr[:-1]
            values = role_values[self.role_indices]
            out[nonempty] = np.maximum.reduceat(values, self.role_indptr[:-1][nonempty])
        return out


def build_titles(titles: list[str | None]) -> tuple[np.ndarray, TitleTable]:
    """Number the distinct titles and read each one once against the job table."""
    number: dict[str, int] = {}
    readings = []
    title_id = np.empty(len(titles), dtype=np.int32)
    by_raw: dict[str | None, int] = {}
    for i, title in enumerate(titles):
        known = by_raw.get(title)
        if known is None:
            reading = read_title(title or "")
            known = number.get(reading.text)
            if known is None:
                known = number[reading.text] = len(readings)
                readings.append(reading)
            by_raw[title] = known
        title_id[i] = known
    indptr = np.zeros(len(readings) + 1, dtype=np.int64)
    indices: list[int] = []
    tag_mask = np.zeros(len(readings), dtype=np.int64)
    sector_mask = np.zeros(len(readings), dtype=np.int64)
    for t, reading in enumerate(readings):
        indices.extend(ROLE_NUMBER[r] for r in reading.roles)
        indptr[t + 1] = len(indices)
        for role in reading.roles:
            for tag in ROLES[role].tags:
                tag_mask[t] |= TAG_BIT.get(tag, 0)
            sector_mask[t] |= SECTOR_BIT[role_sector(role)]
    table = TitleTable(
        texts=[r.text for r in readings],
        role_indptr=indptr,
        role_indices=np.asarray(indices, dtype=np.int32),
        tag_mask=tag_mask,
        sector_mask=sector_mask,
        senior=np.array([r.senior for r in readings], dtype=bool),
        known=np.array([bool(r.roles) for r in readings], dtype=bool),
        qualified=np.array([bool(r.roles) and all(FAMILIES[ROLES[x].family].qualified for x in r.roles)
                            for r in readings], dtype=bool),
    )
    return title_id, table


def _numbers(values: list[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def build_text_matrix(texts: Iterable[str]) -> tuple[dict[str, int], np.ndarray, sp.csr_matrix]:
    """Vocabulary, inverse document frequencies and TF-IDF rows (sublinear tf, L2-normalised, float32).

    Terms are counted here rather than by ``TfidfVectorizer``, whose per-term Python loop took most of the fit
    time on 100,000 openings; the weighting is scikit-learn's ``TfidfTransformer`` (see :func:`tfidf`). Texts with
    no terms give empty rows, and no terms at all an empty vocabulary (never an error).
    """
    vocabulary: defaultdict[str, int] = defaultdict()
    vocabulary.default_factory = vocabulary.__len__
    indices = array("i")
    indptr = array("q", [0])
    for text in texts:
        indices.extend(map(vocabulary.__getitem__, analyze(text)))
        indptr.append(len(indices))
    vocabulary.default_factory = None
    shape = (len(indptr) - 1, len(vocabulary))
    if not vocabulary:
        return {}, np.zeros(0), sp.csr_matrix(shape, dtype=np.float32)
    counts = sp.csr_matrix((np.ones(len(indices), dtype=np.float32), np.frombuffer(indices, dtype=np.int32),
                            np.frombuffer(indptr, dtype=np.int64)), shape=shape)
    counts.sum_duplicates()
    idf, matrix = tfidf(counts)
    return dict(vocabulary), idf, matrix


def tfidf(counts: sp.csr_matrix) -> tuple[np.ndarray, sp.csr_matrix]:
    """scikit-learn's ``TfidfTransformer(sublinear_tf=True)`` (smooth idf, L2 rows) in a few array operations.

    Written out so that a web worker need not import scikit-learn (about 68 MB resident); a test checks that it
    gives what scikit-learn gives. Returns the idf of each term and the rows as float32.
    """
    documents, terms = counts.shape
    frequency = np.bincount(counts.indices, minlength=terms)
    idf = np.log((1.0 + documents) / (1.0 + frequency)) + 1.0
    weights = (np.log(counts.data.astype(np.float64)) + 1.0) * idf[counts.indices]
    rows = np.repeat(np.arange(documents), np.diff(counts.indptr))
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=documents))
    weights /= norms[rows]
    matrix = sp.csr_matrix((weights.astype(np.float32), counts.indices.copy(), counts.indptr.copy()),
                           shape=counts.shape)
    return idf, matrix


@dataclass
class Facts:
    """Hours and pay prepared for scoring: unknown ends filled so comparisons need no NaN handling."""

    hours_known: np.ndarray
    hours_floor: np.ndarray
    hours_top: np.ndarray
    pay_known: np.ndarray
    pay_floor: np.ndarray

    @classmethod
    def of(cls, hours: np.ndarray, wage: np.ndarray) -> Facts:
        """Build from the (min, max) columns of hours and pay."""
        top = np.where(np.isnan(hours[:, 1]), hours[:, 0], hours[:, 1])
        pay_floor = np.where(np.isnan(wage[:, 0]), wage[:, 1], wage[:, 0])
        return cls(
            hours_known=~np.isnan(top),
            hours_floor=np.nan_to_num(hours[:, 0], nan=0.0),
            hours_top=np.nan_to_num(top, nan=np.inf),
            pay_known=~np.isnan(pay_floor),
            pay_floor=np.nan_to_num(pay_floor, nan=0.0),
        )

    def subset(self, rows: np.ndarray) -> Facts:
        """The same facts for some openings."""
        return Facts(**{name: value[rows] for name, value in vars(self).items()})


@dataclass
class OpeningIndex:
    """Arrays over the fitted openings (see module docstring)."""

    ids: list[str]
    id_rank: np.ndarray
    title_id: np.ndarray
    titles: TitleTable
    employer_id: np.ndarray
    industry_id: np.ndarray
    industries: list[str]
    industry_sector_mask: np.ndarray
    hours: np.ndarray
    wage: np.ndarray
    shift_mask: np.ndarray
    xyz: np.ndarray
    remote: np.ndarray
    developed: np.ndarray
    vocabulary: dict[str, int]
    idf: np.ndarray
    matrix: sp.csr_matrix
    postings: sp.csc_matrix
    facts: Facts

    @property
    def size(self) -> int:
        """Number of openings."""
        return len(self.ids)

    def subset(self, rows: np.ndarray) -> OpeningIndex:
        """The same index restricted to some openings (titles and industries stay shared)."""
        fields: dict[str, Any] = dict(vars(self))
        for name in ("id_rank", "title_id", "employer_id", "industry_id", "hours", "wage", "shift_mask",
                     "xyz", "remote", "developed"):
            fields[name] = fields[name][rows]
        fields["ids"] = [self.ids[r] for r in rows]
        fields["matrix"] = self.matrix[rows]
        fields["postings"] = fields["matrix"].tocsc()
        fields["facts"] = self.facts.subset(rows)
        return OpeningIndex(**fields)


def build_index(openings: list[Opening], text_matrix: tuple | None = None) -> OpeningIndex:
    """Build the arrays of :class:`OpeningIndex` from validated openings.

    ``text_matrix`` is :func:`build_text_matrix` of the openings' :func:`opening_text`, when the caller has made it
    already: ``Matcher.fit`` does, as it reads the openings, so that it need not keep their descriptions.
    """
    n = len(openings)
    ids = [o.id for o in openings]
    order = sorted(range(n), key=ids.__getitem__)
    id_rank = np.empty(n, dtype=np.int64)
    id_rank[order] = np.arange(n)
    title_id, titles = build_titles([o.title for o in openings])

    employers: dict[str, int] = {}
    employer_id = np.empty(n, dtype=np.int64)
    for i, o in enumerate(openings):
        key = employer_key(o.employer)
        employer_id[i] = -(i + 1) if key is None else employers.setdefault(key, len(employers))

    industries: dict[str, int] = {}
    industry_id = np.empty(n, dtype=np.int32)
    for i, o in enumerate(openings):
        key = " ".join(fold(o.industry or "").split())
        industry_id[i] = -1 if not key else industries.setdefault(key, len(industries))
    industry_names = list(industries)
    industry_sector_mask = np.zeros(len(industry_names) + 1, dtype=np.int64)  # last slot: unknown
    for j, name in enumerate(industry_names):
        for sector in read_industry(name):
            industry_sector_mask[j] |= SECTOR_BIT[sector]

    shift_mask = np.zeros(n, dtype=np.int64)
    for i, o in enumerate(openings):
        for shift in o.shifts:
            shift_mask[i] |= SHIFT_BIT[shift]
    lat = _numbers([o.location.lat if o.location else None for o in openings])
    lon = _numbers([o.location.lon if o.location else None for o in openings])
    vocabulary, idf, matrix = text_matrix or build_text_matrix(opening_text(o) for o in openings)
    hours = np.column_stack([_numbers([o.hours_per_week.min for o in openings]),
                             _numbers([o.hours_per_week.max for o in openings])]).reshape(n, 2)
    wage = np.column_stack([_numbers([o.hourly_wage.min for o in openings]),
                            _numbers([o.hourly_wage.max for o in openings])]).reshape(n, 2)
    return OpeningIndex(
        ids=ids,
        id_rank=id_rank,
        title_id=title_id,
        titles=titles,
        employer_id=employer_id,
        industry_id=industry_id,
        industries=industry_names,
        industry_sector_mask=industry_sector_mask,
        hours=hours,
        wage=wage,
        shift_mask=shift_mask,
        xyz=unit_vectors(lat, lon).reshape(n, 3),
        remote=np.array([-1 if o.remote is None else int(o.remote) for o in openings], dtype=np.int8),
        developed=np.array([o.source == "developed" for o in openings], dtype=bool),
        vocabulary=vocabulary,
        idf=idf,
        matrix=matrix,
        postings=matrix.tocsc(),
        facts=Facts.of(hours, wage),
    )
