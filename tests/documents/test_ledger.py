"""The 用印登记簿: every print, reprint and 作废 with who, sealed and the reason; the date range
filters; the CSV export (CLI and core) reads back with the csv module as the ledger's rows."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from client.catalog.loading import load_department
from client.documents.data import DocumentKind
from offline.documents.ledger import LedgerError, export_csv, read_ledger, row_values
from offline.documents.service import current_operator
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from offline.storage.store import Store
from tests.accounts.support import CHIEF, seat
from tests.factories import accept_request

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_profile(tmp_path / "profile")
    yield store
    store.close()


def printed_case(store: Store) -> str:
    """A case with its notice printed, reprinted, and the first print voided by the chief."""
    seat(store, CHIEF)
    service = IntakeService(store, load_department())
    number = service.submit(accept_request(store)).case_number
    documents = service.documents
    chief = current_operator(store)
    first = documents.produce(number, DocumentKind.ACCEPTANCE_NOTICE, chief)
    documents.produce(number, DocumentKind.ACCEPTANCE_NOTICE, chief, reprint=True)
    documents.void(first.print_id, chief, "打印错位")
    return number


def test_ledger_rows_and_range(store: Store) -> None:
    number = printed_case(store)
    rows = read_ledger(store)
    mine = [r for r in rows if r.case_number == number and r.kind == "acceptance-notice"]
    assert [(r.action, r.operator, r.state) for r in mine] == [
        ("print", CHIEF.name, "已作废"),
        ("reprint", CHIEF.name, "有效"),
        ("void", CHIEF.name, "作废"),
    ]
    assert mine[-1].reason == "打印错位"
    today = dt.date.today()
    assert read_ledger(store, today - dt.timedelta(days=30), today - dt.timedelta(days=1)) == []
    assert read_ledger(store, today, today) == rows
    with pytest.raises(LedgerError, match="早于开始日期"):
        read_ledger(store, today, today - dt.timedelta(days=1))


def test_a_print_that_was_voided_is_no_longer_a_copy_the_applicant_holds(store: Store) -> None:
    """Once every print of a document is voided, the next one is a first print, not 补打."""
    number = printed_case(store)  # printed, reprinted, the first print voided
    documents = IntakeService(store, load_department()).documents
    kind, chief = DocumentKind.ACCEPTANCE_NOTICE, current_operator(store)
    assert documents.has_printed(number, kind)  # the reprint is still valid
    (reprint,) = store.conn.execute(
        "SELECT print_id FROM document_prints WHERE action = 'reprint'"
    ).fetchone()
    documents.void(reprint, chief, "地址有误")
    assert not documents.has_printed(number, kind)
    assert documents.has_printed(number, DocumentKind.ACCEPTANCE_SLIP)  # printed at intake


def test_export_reads_back_as_the_ledger(store: Store, tmp_path: Path) -> None:
    printed_case(store)
    rows = read_ledger(store)
    target = tmp_path / "用印登记簿.csv"
    assert export_csv(rows, target) == len(rows)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    with target.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0][:3] == ["时间", "办件编号", "文书"]
    assert table[1:] == [row_values(r) for r in rows]
    with pytest.raises(LedgerError, match="无法保存"):
        export_csv(rows, tmp_path / "missing" / "x.csv")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".ledger")) == []


@pytest.mark.slow  # subprocesses of the CLI
def test_ledger_verb(store: Store, tmp_path: Path) -> None:
    number = printed_case(store)
    store.close()
    profile = str(tmp_path / "profile")

    def ledger(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "main.py", "--profile", profile, "ledger", *args]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)

    shown = ledger("--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)["rows"]
    assert {r["case_number"] for r in data} == {number}
    assert [r["action"] for r in data if r["kind"] == "acceptance-notice"] == [
        "print",
        "reprint",
        "void",
    ]
    out = tmp_path / "ledger.csv"
    exported = ledger("--from", dt.date.today().isoformat(), "--export", str(out))
    assert exported.returncode == 0, exported.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.reader(handle))) == len(data) + 1
    bad = ledger("--from", "2026-13-01")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_ledger_window_filters_and_exports(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    from ui.documents.ledger_window import LedgerWindow

    number = printed_case(store)
    window = LedgerWindow(store)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=5000):
        window.show()
    table = window.table
    shown = [[table.item(r, c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
             for r in range(table.rowCount())]  # fmt: skip
    assert shown == [row_values(r) for r in read_ledger(store)]
    assert any(r[1] == number and r[7] == "作废" and r[8] == "打印错位" for r in shown)
    assert "作废 1 次" in window.summary.text()
    assert window.size().width() <= 1366 and window.size().height() <= 728

    window.grab().save(str(tmp_path / "ledger.png"))  # for a person to look at
    target = tmp_path / "导出.csv"
    with qtbot.waitSignal(window.exported, timeout=5000):
        window.export_to(target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle))[1:] == shown

    earlier = dt.date.today() - dt.timedelta(days=40)
    with qtbot.waitSignal(window.loaded, timeout=5000):
        window.date_to.setDate(QDate(earlier.year, earlier.month, earlier.day))
    assert "早于开始日期" in window.summary.text() or table.rowCount() == 0
