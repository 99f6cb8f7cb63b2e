"""Per-document resource limits: the byte checks, and guarded workers as real processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.oracle import SAMPLES
from tools.hostile_inputs import bomb_pdf, long_string_pdf, one_line_text, pdf_with_content
from warehouse.extract.errors import DocumentRejected
from warehouse.extract.limits import ResourceLimits, check_pdf, check_text, measure_pdf
from warehouse.load.worker import GuardedPool, ParseResult

SAMPLE = SAMPLES / "001_shenyang_center_2023_budget.pdf"


def test_every_sample_is_far_below_the_default_limits() -> None:
    limits = ResourceLimits()
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        footprint = check_pdf(pdf.read_bytes(), limits)
        assert footprint.inflated_bytes < limits.inflated_mb * 2**20 / 100
        assert footprint.longest_run < limits.line_chars / 100


def test_a_deflate_bomb_is_refused_without_inflating_it_whole() -> None:
    bomb = bomb_pdf(300)
    assert len(bomb) < 2 * 2**20  # a small file …
    limits = ResourceLimits(inflated_mb=256)
    footprint = measure_pdf(bomb, limits)
    # … measured only up to the limit (plus one chunk), never to its full 300 MiB
    assert 256 * 2**20 < footprint.inflated_bytes <= 260 * 2**20
    with pytest.raises(DocumentRejected, match="decompressed size limit exceeded") as caught:
        check_pdf(bomb, limits)
    assert caught.value.stage == "limits"


def test_a_long_string_and_a_long_line_are_refused_with_the_limit_named() -> None:
    limits = ResourceLimits(line_chars=1_000_000)
    with pytest.raises(DocumentRejected, match=r"string length limit exceeded.*1,000,000"):
        check_pdf(long_string_pdf(2_000_000), limits)
    with pytest.raises(DocumentRejected, match=r"line length limit exceeded.*1,000,000"):
        check_text(one_line_text(2_000_000), limits)
    check_text(b"2026\n" * 1_000_000, limits)  # many short lines are fine


def test_a_long_string_inside_a_compressed_stream_is_found_across_chunks() -> None:
    content = b"BT /F1 12 Tf 72 760 Td (" + b"B" * 9_000_000 + b") Tj ET\n"
    with pytest.raises(DocumentRejected, match="string length limit exceeded"):
        check_pdf(pdf_with_content(content, compress=True), ResourceLimits())


def _run_pool(
    limits: ResourceLimits, files: list[tuple[str, Path, bytes]]
) -> dict[str, ParseResult]:
    pool = GuardedPool(1, limits)
    results: dict[str, ParseResult] = {}
    try:
        for key, path, data in files:
            pool.submit(key, path, data)
        while len(results) < len(files):
            results.update((str(k), r) for k, r in pool.collect())
    finally:
        pool.close()
    return results


@pytest.mark.slow
def test_a_document_over_the_wall_time_limit_is_stopped_and_the_next_one_is_read(
    tmp_path: Path,
) -> None:
    # the string check is lifted so that pdfminer's lexer meets the 16 MiB string itself
    slow = long_string_pdf()
    limits = ResourceLimits(seconds=8, memory_mb=8192, line_chars=2**30)
    results = _run_pool(
        limits, [("slow", tmp_path / "slow.pdf", slow), ("good", SAMPLE, SAMPLE.read_bytes())]
    )
    assert results["slow"].staged is None and results["slow"].stage == "limits"
    assert "wall time limit exceeded" in (results["slow"].reason or "")
    assert results["good"].staged is not None


@pytest.mark.slow
def test_a_document_over_the_memory_limit_fails_alone(tmp_path: Path) -> None:
    # the inflate check is lifted so that the worker really inflates 1 GiB
    limits = ResourceLimits(memory_mb=600, inflated_mb=4096)
    results = _run_pool(
        limits,
        [("bomb", tmp_path / "bomb.pdf", bomb_pdf(1024)), ("good", SAMPLE, SAMPLE.read_bytes())],
    )
    bomb = results["bomb"]
    assert bomb.staged is None and bomb.stage == "limits", bomb
    assert "memory limit" in (bomb.reason or "")
    assert results["good"].staged is not None
    assert results["good"].peak_vm_kb < 600 * 1024
