"""The 受理回执's QR lets the applicant rate later: produced for a real case of the training
profile, rendered and read back with zbarimg, it carries the department's rating link with the
case number; without a rating link it stays the query link."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from client.catalog.loading import load_department
from client.documents.data import DocumentKind
from offline.documents.service import current_operator
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from tests.documents.test_slip import SLIP, run, symbols, text_of, write
from tests.factories import accept_request


def test_slip_qr_decodes_to_the_rating_link(tmp_path: Path) -> None:
    store = open_profile(tmp_path / "profile")
    try:
        service = IntakeService(store, load_department())
        number = service.submit(accept_request(store)).case_number
        produced = service.documents.produce(
            number, DocumentKind.ACCEPTANCE_SLIP, current_operator(store), reprint=True
        )
        pdf = tmp_path / "slip.pdf"
        pdf.write_bytes(store.read_document(produced.path))
    finally:
        store.close()
    decoded = symbols(pdf, tmp_path)
    assert f"https://zwfw.example.gov.cn/q?n={number}&pj=1" in decoded
    assert number in decoded  # the Code128 beside it
    assert "扫码查询办理进度、评价服务" in "".join(run("pdftotext", str(pdf), "-").split())


def test_without_a_rating_link_the_qr_is_the_query_link(tmp_path: Path) -> None:
    plain = write(tmp_path, SLIP)
    assert "评价服务" not in text_of(plain)
    rated = write(
        tmp_path, dataclasses.replace(SLIP, rating_url="https://x.example/r/{case_number}"), "r.pdf"
    )
    assert f"https://x.example/r/{SLIP.case_number}" in symbols(rated, tmp_path)
