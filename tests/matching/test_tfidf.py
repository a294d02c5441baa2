"""The matching library's own TF-IDF weighting and stop words equal scikit-learn's, which it no longer imports."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfTransformer

from matching.index import build_text_matrix, tfidf
from matching.stopwords import ENGLISH_STOP_WORDS as OUR_STOP_WORDS


def test_stop_words_are_scikit_learns():
    assert OUR_STOP_WORDS == ENGLISH_STOP_WORDS


def test_weighting_equals_tfidf_transformer():
    rng = np.random.default_rng(7)
    dense = rng.integers(0, 4, size=(60, 25)) * (rng.random((60, 25)) < 0.3)
    dense[5] = 0  # a text with no terms
    counts = sp.csr_matrix(dense.astype(np.float32))
    idf, matrix = tfidf(counts)
    reference = TfidfTransformer(sublinear_tf=True).fit(counts)
    np.testing.assert_allclose(idf, reference.idf_, rtol=1e-6)  # scikit-learn works in float32 here
    np.testing.assert_allclose(matrix.toarray(), reference.transform(counts).toarray(), rtol=1e-6, atol=1e-7)
    assert matrix.dtype == np.float32
    assert matrix[5].nnz == 0


def test_text_matrix_of_texts():
    vocabulary, idf, matrix = build_text_matrix(["Friendly barista for a busy cafe", "", "Cafe cleaner, cafe hours"])
    assert matrix.shape == (3, len(vocabulary)) and len(idf) == len(vocabulary)
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A1
    np.testing.assert_allclose(norms, [1.0, 0.0, 1.0], rtol=1e-6)


def test_ranking_does_not_import_scikit_learn():
    """A web worker ranks without loading scikit-learn (about 68 MB of resident memory)."""
    code = ("import sys; from matching import Matcher; "
            "Matcher().fit([{'id': 'o-1', 'title': 'Barista'}]).rank({'id': 'p-1', 'job_goals': ['barista']}); "
            "print('sklearn' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stdout.strip() == "False"
