"""Statistics over a profile of known cases: real intakes, a local decision record and the
central's stage changes, counted per item and per clerk, and read back from CSV and XLSX."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from client.documents.data import Decision
from client.domain import Action, SupplementLine
from offline.cases.stats import (
    PeriodError,
    PeriodKind,
    Statistics,
    compute_stats,
    date_range,
    parse_day,
    period_of,
)
from offline.cases.stats_export import ExportError, write_csv, write_xlsx
from offline.documents.decision_records import record_decision
from offline.intake.transaction import IntakeService
from offline.storage.store import Store
from offline.sync.changes import apply_change
from tests.accounts.support import CHIEF, seat
from tests.factories import FOOD_PERMIT, accept_request, open_main_window, open_service

IMMEDIATE = "SCJG-0101"  # a 即办件
ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 3, 31)


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hour:02d}:00:00").astimezone()


def submit(service: IntakeService, day: str, item: str = FOOD_PERMIT, **change: object) -> str:
    service.clock = lambda: at(day)
    service.documents.clock = service.clock
    request = dataclasses.replace(accept_request(service.store, item), **change)  # type: ignore[arg-type]
    return service.submit(request).case_id


def decide(store: Store, case_id: str, day: str) -> None:
    number = f"培审批许〔2026〕{case_id[-4:]}号"
    decision = Decision(True, number, "准予", (), "", parse_day(day), "王五")
    record_decision(store, case_id, decision, at(day, 15))


def central_stage(store: Store, case_id: str, stage: str, day: str, n: int) -> None:
    change = {"change_id": n, "case_id": case_id, "kind": "stage", "to_stage": stage}
    with store.write() as db:
        moment = {"at": at(day, 16).isoformat(), "handler": "中心"}
        apply_change(db, change | moment, store.window_code)


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """March 2026 (no holidays): 张三 takes six cases, 李四 one; one case in February."""
    service = open_service(tmp_path_factory.mktemp("stats") / "profile")
    store = service.store
    seat(store, dataclasses.replace(CHIEF, id="z3", username="zhangsan", name="张三"))
    submit(service, "2026-02-27")  # outside March
    on_time = submit(service, "2026-03-02")  # due 03-09 (5 working days)
    late = submit(service, "2026-03-02")
    submit(service, "2026-03-02")  # never decided: overdue by the 31st
    quick = submit(service, "2026-03-03", IMMEDIATE)
    good = accept_request(store)
    missing = (dataclasses.replace(good.materials[0], original=False, copies=0),)
    lines = (SupplementLine(missing[0].code, "申请书", "未提交原件"),)
    submit(
        service,
        "2026-03-04",
        materials=missing + good.materials[1:],
        action=Action.SUPPLEMENT,
        reason="一次性告知",
        supplement=lines,
    )
    submit(
        service, "2026-03-05", action=Action.REFUSE, reason="不属于本机关职权范围", refusal_clause=1
    )
    decide(store, on_time, "2026-03-04")  # 2 working days
    decide(store, late, "2026-03-20")  # 14 working days, after the due date
    decide(store, quick, "2026-03-03")  # 0
    seat(store, dataclasses.replace(CHIEF, id="l4", username="lisi", name="李四"))
    closed = submit(service, "2026-03-10")
    central_stage(store, closed, "decided", "2026-03-12", 1)  # 2 working days
    central_stage(store, closed, "closed", "2026-03-13", 2)
    return store


def march(store: Store) -> Statistics:
    return compute_stats(store, date_range(dt.date(2026, 3, 1), TODAY), TODAY)


def test_counts_per_item_and_clerk(known: Store) -> None:
    stats = march(known)
    total = stats.total.to_dict()
    assert total == {
        "received": 7,
        "accepted": 5,
        "supplement": 1,
        "refused": 1,
        "immediate": 1,
        "decided": 4,
        "closed": 1,
        "on_time": 3,  # decided by the due date: 03-04, the 即办件, the closed one
        "overdue": 2,  # decided late, and the one still open past its due date
        "average_working_days_to_decision": 4.5,  # (2 + 14 + 0 + 2) / 4
    }
    items = {row.key: row.counts for row in stats.by_item}
    assert items[FOOD_PERMIT].received == 6 and items[FOOD_PERMIT].decided == 3
    assert items[IMMEDIATE].to_dict()["immediate"] == 1
    assert items[IMMEDIATE].average_days == 0
    clerks = {row.key: row.counts.to_dict() for row in stats.by_clerk}
    assert set(clerks) == {"张三", "李四"}
    assert clerks["张三"]["received"] == 6 and clerks["张三"]["overdue"] == 2
    assert clerks["李四"] == {
        **clerks["李四"],
        "received": 1,
        "decided": 1,
        "closed": 1,
        "on_time": 1,
        "average_working_days_to_decision": 2.0,
    }
    assert [r.key for r in stats.by_clerk] == ["张三", "李四"]  # most cases first


def test_periods_select_by_the_day_received(known: Store) -> None:
    february = compute_stats(known, date_range(dt.date(2026, 2, 1), dt.date(2026, 2, 28)), TODAY)
    assert february.total.received == 1
    day = compute_stats(known, period_of(PeriodKind.TODAY, dt.date(2026, 3, 2)), TODAY)
    assert day.total.received == 3
    week = period_of(PeriodKind.WEEK, dt.date(2026, 3, 4))  # a Wednesday
    assert (week.start, week.end) == (dt.date(2026, 3, 2), dt.date(2026, 3, 4))
    assert compute_stats(known, week, TODAY).total.received == 5
    month = period_of(PeriodKind.MONTH, dt.date(2026, 3, 31))
    assert compute_stats(known, month, TODAY).total.to_dict() == march(known).total.to_dict()


def test_a_bad_range_is_refused_in_chinese() -> None:
    with pytest.raises(PeriodError) as backwards:
        date_range(dt.date(2026, 3, 2), dt.date(2026, 3, 1))
    assert "早于" in backwards.value.message and backwards.value.remedy
    with pytest.raises(PeriodError) as garbled:
        parse_day("2026-13-01")
    assert "无法识别" in garbled.value.message


def test_csv_and_xlsx_read_back(known: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    stats = march(known)
    write_csv(stats, tmp_path / "s.csv")
    raw = (tmp_path / "s.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads it as UTF-8
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    header = rows.index(["事项编码", "事项", "收件", "受理", "补正", "不予受理", "即办", "已决定",
                         "已办结", "按时", "超时", "平均决定用时（工作日）"])  # fmt: skip
    food = next(r for r in rows[header:] if r[0] == FOOD_PERMIT)
    assert food[2:6] == ["6", "4", "1", "1"]
    assert ["合计", "", "7", "5", "1", "1", "1", "4", "1", "3", "2", "4.5"] in rows

    write_xlsx(stats, tmp_path / "s.xlsx")
    book = load_workbook(tmp_path / "s.xlsx")
    assert book.sheetnames == ["按事项", "按受理人", "好差评"]
    clerks = [list(r) for r in book["按受理人"].iter_rows(min_row=3, values_only=True)]
    assert clerks[0][:3] == ["张三", 6, 4]
    assert clerks[-1][:2] == ["合计", 7] and clerks[-1][-1] == 4.5


def test_export_to_a_missing_folder_leaves_nothing(known: Store, tmp_path: Path) -> None:
    target = tmp_path / "s.csv"
    target.write_text("kept")
    with pytest.raises(ExportError) as caught:
        write_csv(march(known), tmp_path / "no-such-dir" / "s.csv")
    assert "无法保存" in caught.value.message
    assert target.read_text() == "kept" and sorted(p.name for p in tmp_path.iterdir()) == ["s.csv"]


def run_cli(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", "--profile", str(profile), "stats", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        # the session's test keyring (tests/conftest.py) holds the profile's data key
        env={
            "PYTHON_KEYRING_BACKEND": os.environ["PYTHON_KEYRING_BACKEND"],
            "CHUANGKOU_TEST_KEYRING": os.environ["CHUANGKOU_TEST_KEYRING"],
            "PATH": "",
        },
    )


def test_stats_cli_json_and_refusal(known: Store) -> None:
    profile = known.profile
    done = run_cli(profile, "--json", "--from", "2026-03-01", "--to", "2026-03-31")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["period"] == {"kind": "range", "from": "2026-03-01", "to": "2026-03-31"}
    assert report["total"]["received"] == 7
    assert {r["clerk"]: r["received"] for r in report["by_clerk"]} == {"张三": 6, "李四": 1}
    bad = run_cli(profile, "--json", "--from", "2026-03-31", "--to", "2026-03-01")
    assert bad.returncode == 2 and "早于" in bad.stderr and bad.stdout == ""


def test_stats_screen_counts_charts_and_exports(qtbot: QtBot, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    window = open_main_window(qtbot, tmp_path / "profile")
    service = window.service
    for _ in range(2):
        service.submit(accept_request(service.store))
    service.submit(accept_request(service.store, IMMEDIATE))
    window.stats_action.trigger()
    screen = window.stats_screen
    assert screen is not None and screen.isVisible()
    qtbot.waitUntil(lambda: screen.summary.text().startswith(dt.date.today().isoformat()))
    assert "收件 3 件，受理 3 件" in screen.summary.text()
    table = screen.item_table
    assert table.rowCount() == 3  # two items and 合计
    assert [table.item(0, c).text() for c in (0, 2, 3)] == [FOOD_PERMIT, "2", "2"]
    assert table.item(2, 0).text() == "合计"
    (series,) = screen.chart.series()
    received = series.barSets()[0]
    assert received.label() == "收件" and [received.at(i) for i in range(2)] == [2.0, 1.0]

    with qtbot.waitSignal(screen.export_to(tmp_path / "s.xlsx").finished):
        pass
    assert "已导出" in screen.summary.text()
    sheet = load_workbook(tmp_path / "s.xlsx")["按事项"]
    assert [r[:3] for r in sheet.iter_rows(min_row=3, values_only=True)][-1] == ("合计", None, 3)
    with qtbot.waitSignal(screen.export_to(tmp_path / "gone" / "s.csv").finished):
        pass
    assert screen.summary.text().startswith("导出失败：无法保存到")

    screen.period.setCurrentIndex(screen.period.findData(PeriodKind.RANGE))
    screen.date_from.setDate(screen.date_to.date().addDays(1))
    qtbot.waitUntil(lambda: "早于开始日期" in screen.summary.text())
