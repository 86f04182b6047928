"""`print` CLI verb against a real spooler: a private cupsd with cups-pdf queues.

The print path rasterises every page (what was previewed is what prints, on any driver), so
the spooled PDF holds images, not text: it is read back with zbarimg (the barcodes) and
pdfinfo (paper size, sheets); pdftotext reads the document that was sent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from offline.storage.profile import open_profile
from tests.factories import accept_request, open_service
from tests.helpers.cups import PrivateCups

ROOT = Path(__file__).resolve().parents[2]
POINTS_PER_MM = 72 / 25.4


@pytest.fixture(scope="module")
def cups() -> Iterator[PrivateCups]:
    # Not under pytest's 0700 tmp: cupsd runs the filters as `lp`, which must reach the spool.
    root = Path(tempfile.mkdtemp(prefix="chuangkou-cups-"))
    spooler = PrivateCups(root)
    try:
        spooler.start()  # raises CupsUnavailable saying exactly what is missing
        spooler.add_queue(f"ck_a4_{os.getpid()}")
        spooler.add_queue(f"ck_roll_{os.getpid()}")
        yield spooler
    finally:
        spooler.stop()


def run_print(cups: PrivateCups, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(profile), "print", *args],
        env={**cups.env, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def page_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return {
        k.strip(): v.strip()
        for k, _, v in (line.partition(":") for line in out.stdout.splitlines())
    }


def barcodes(pdf: Path, work: Path) -> list[str]:
    stem = work / pdf.stem
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(stem)], check=True)
    found: list[str] = []
    for png in sorted(work.glob(f"{pdf.stem}*.png")):
        done = subprocess.run(["zbarimg", "-q", str(png)], capture_output=True, text=True)
        found += done.stdout.splitlines()
    return found


def test_test_pages_reach_the_queue_on_their_paper(cups: PrivateCups, tmp_path: Path) -> None:
    roll, a4 = cups.queues[1], cups.queues[0]
    profile = tmp_path / "profile"
    done = run_print(cups, profile, "--test-page", "receipt", "--printer", roll)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"test_page": "receipt", "printer": roll, "sheets": 1}
    done = run_print(cups, profile, "--test-page", "a4", "--printer", a4)
    assert done.returncode == 0, done.stderr

    (receipt,) = cups.wait_for_pdfs(roll, 1)
    info = page_info(receipt)
    width, height = (float(v) for v in info["Page size"].split()[0:3:2])
    assert width == pytest.approx(80 * POINTS_PER_MM, abs=2)  # the roll, not A4 with a margin
    assert height == pytest.approx(120 * POINTS_PER_MM, abs=2)
    assert "CODE-128:TEST-PX01-R80" in barcodes(receipt, tmp_path)
    (sheet,) = cups.wait_for_pdfs(a4, 1)
    assert "(A4)" in page_info(sheet)["Page size"]
    assert "CODE-128:TEST-PX01-A4" in barcodes(sheet, tmp_path)


def test_case_document_prints_on_the_profiles_printer(cups: PrivateCups, tmp_path: Path) -> None:
    roll, a4 = cups.queues[1], cups.queues[0]
    profile = tmp_path / "profile"
    service = open_service(profile)
    result = service.submit(accept_request(service.store))
    # The receipt printer is the profile's, as the wizard or the print dialog left it.
    service.store.set_settings({"printing.receipt_printer": roll, "printing.a4_printer": a4})
    service.store.close()
    before = set(cups.output(roll).glob("*.pdf"))

    done = run_print(
        cups, profile, "--case", result.case_number, "--kind", "acceptance-slip", "--copies", "2"
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["printer"] == roll and report["paper"] == "receipt"
    assert report["reprint"] is True  # the slip was issued at intake: this one is 补打

    (printed,) = set(cups.wait_for_pdfs(roll, len(before) + 1)) - before
    assert page_info(printed)["Pages"] == "2"  # two copies
    codes = barcodes(printed, tmp_path)
    assert codes.count(f"CODE-128:{result.case_number}") == 2
    # What went to the spooler is the slip as produced (pdftotext reads the produced one,
    # decrypted: documents are encrypted at rest).
    source = tmp_path / "produced.pdf"
    store = open_profile(profile)
    try:
        source.write_bytes(store.read_document(Path(report["document"])))
    finally:
        store.close()
    text = subprocess.run(["pdftotext", str(source), "-"], capture_output=True, text=True)
    assert result.case_number in text.stdout and "补打" in text.stdout


def test_unknown_printer_is_refused_with_the_installed_ones(
    cups: PrivateCups, tmp_path: Path
) -> None:
    done = run_print(cups, tmp_path / "profile", "--test-page", "a4", "--printer", "no-such")
    assert done.returncode == 1
    assert "找不到打印机“no-such”" in done.stderr
    assert all(queue in done.stderr for queue in cups.queues)
    done = run_print(cups, tmp_path / "profile", "--case", "PX01-20260101-0001")
    assert done.returncode == 2 and "--kind" in done.stderr
