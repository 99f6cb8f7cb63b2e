"""The real-disclosure corpus (../shared/real): metadata, genre and figure accounting.

Every file is extracted and parsed once for the module (two processes) by the corpus
benchmark's own survey; each test then asserts on the whole corpus. The expected metadata
(data/real/expected.tsv) was written by reading each document, not by running this code.
"""

from __future__ import annotations

import pytest

from bench.corpus import (
    DEFAULT_CORPUS,
    DocumentSurvey,
    Expected,
    metadata_verdict,
    read_expected,
    survey,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DEFAULT_CORPUS.is_dir(), reason="../shared/real is not here"),
]


@pytest.fixture(scope="module")
def expected() -> dict[str, Expected]:
    return read_expected()


@pytest.fixture(scope="module")
def surveys() -> dict[str, DocumentSurvey]:
    return {s.file: s for s in survey(DEFAULT_CORPUS, workers=2)}


def test_the_expected_list_covers_every_corpus_file(
    expected: dict[str, Expected], surveys: dict[str, DocumentSurvey]
) -> None:
    assert set(surveys) == set(expected)


def test_every_pdf_disclosure_loads_with_the_metadata_a_reader_finds(
    expected: dict[str, Expected], surveys: dict[str, DocumentSurvey]
) -> None:
    """Publisher, year, kind (部门/单位 预算/决算) and part, 100 % right on the PDFs."""
    wrong = {
        name: metadata_verdict(s, expected[name])
        for name, s in surveys.items()
        if name.startswith("pdf/") and metadata_verdict(s, expected[name]) != "ok"
    }
    assert wrong == {}


def test_what_is_not_a_disclosure_is_quarantined_as_such(
    expected: dict[str, Expected], surveys: dict[str, DocumentSurvey]
) -> None:
    for name, e in expected.items():
        if e.disclosure == "yes":
            continue
        s = surveys[name]
        assert s.outcome == "quarantined", name
        if e.disclosure == "template":
            assert s.stage == "genre" and "template" in s.reason, (name, s.reason)


def test_saved_web_pages_are_quarantined_as_an_unsupported_format(
    surveys: dict[str, DocumentSurvey],
) -> None:
    pages = [s for name, s in surveys.items() if name.startswith("html/")]
    assert pages
    for s in pages:
        assert s.outcome == "quarantined" and "HTML" in s.reason, (s.file, s.reason)


def test_figure_accounts_add_up_and_coverage_counts_only_what_is_stored(
    surveys: dict[str, DocumentSurvey],
) -> None:
    """loaded + repeated + unmapped never exceeds printed; unmapped figures are uncovered."""
    loaded = [s for s in surveys.values() if s.outcome == "loaded"]
    assert loaded
    for s in loaded:
        assert min(s.loaded, s.repeated, s.unmapped, s.missed) >= 0, s.file
        if s.printed:
            assert s.coverage == (s.loaded + s.repeated) / s.printed
    # a table logged as unrecognized contributes its figures as unmapped, not as covered
    unrecognized = [s for s in loaded if s.unrecognized_titles and s.unmapped]
    assert unrecognized
