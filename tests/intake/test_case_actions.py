"""The clock's actions on a real profile: 补交材料 after 补正, an art. 45 pause, an art. 42
extension, and due dates recomputed when a year's notice arrives (offline/cases/)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from client.catalog.loading import load_department
from client.documents.data import DocumentKind
from client.domain import Action, MaterialSubmission, SupplementLine
from client.time_limits.supervision import PauseKind
from client.time_limits.workdays import Light, parse_holiday_notice
from offline.cases.actions import CaseActionError, CaseActions
from offline.cases.clock import case_lights
from offline.cases.detail import case_detail
from offline.documents.service import DocumentError, DocumentService, current_operator
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from offline.storage.settings import SettingError
from offline.storage.store import Store
from tests.documents.support import squeeze, text_of
from tests.factories import accept_request, make_files

TZ = dt.timezone(dt.timedelta(hours=8))


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ)


def intake(store: Store, day: str, action: Action = Action.ACCEPT) -> str:
    service = IntakeService(store, load_department(), clock=lambda: at(day))
    request = accept_request(store)
    if action is Action.SUPPLEMENT:
        first = request.materials[0]
        missing = dataclasses.replace(first, original=False, copies=0)
        request = dataclasses.replace(
            request,
            materials=(missing, *request.materials[1:]),
            action=Action.SUPPLEMENT,
            reason="一次性告知",
            supplement=(SupplementLine(first.code, "申请书", "未提交原件"),),
        )
    return service.commit(request, store.item(request.item_code), {}).case_number  # type: ignore[arg-type]


def events(store: Store, number: str) -> list[tuple[str, dict[str, object]]]:
    rows = store.conn.execute(
        "SELECT e.kind, e.payload FROM case_events e JOIN cases c USING (case_id)"
        " WHERE c.case_number = ? ORDER BY e.rowid",
        (number,),
    ).fetchall()
    return [(k, json.loads(p)) for k, p in rows]


def queued(store: Store) -> list[str]:
    rows = store.conn.execute("SELECT payload FROM outbox WHERE kind = 'event.post' ORDER BY seq")
    return [json.loads(p)["kind"] for (p,) in rows]


def case_row(store: Store, number: str) -> tuple[str, str | None, str | None, int]:
    row = store.conn.execute(
        "SELECT stage, due_date, legal_due_date, calendar_complete FROM cases"
        " WHERE case_number = ?",
        (number,),
    ).fetchone()
    return tuple(row)  # type: ignore[return-value]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_profile(tmp_path / "profile")


def test_supplement_received_resumes_the_clock_without_the_pause(
    store: Store, tmp_path: Path
) -> None:
    number = intake(store, "2026-09-24", Action.SUPPLEMENT)  # Thursday, 补正告知
    assert case_row(store, number) == ("supplement_requested", None, None, 1)
    documents = DocumentService(store, load_department(), clock=lambda: at("2026-09-30"))
    assert documents.available_kinds(number) == [DocumentKind.SUPPLEMENT_NOTICE]
    code = store.conn.execute("SELECT code FROM materials ORDER BY rowid").fetchone()[0]
    scan = make_files(tmp_path / "in", 1, prefix="bz")[0]
    actions = CaseActions(store, clock=lambda: at("2026-09-29", 15))
    handed_in = [MaterialSubmission(code, files=(str(scan),), original=True)]
    change = actions.receive_supplement(number, handed_in)

    # 5 days from 09-24 with 09-28 and 09-29 left out: 10-10 (make-up Saturday), 10-12.
    assert change.due_date == dt.date(2026, 10, 12) and not change.provisional
    assert case_row(store, number)[:2] == ("accepted", "2026-10-12")
    kind, payload = events(store, number)[-1]
    assert kind == "supplement.received" and payload["paused_from"] == "2026-09-24"
    assert queued(store)[-1] == "supplement.received"
    files = store.conn.execute("SELECT material_code, sha256 FROM material_files").fetchall()
    assert [f[0] for f in files] == [code] and store.files.has(files[0][1])
    assert store.conn.execute(
        "SELECT count(*) FROM outbox WHERE kind = 'material.upload'"
    ).fetchone() == (1,)
    original = store.conn.execute(
        "SELECT original_received FROM materials WHERE code = ?", (code,)
    ).fetchone()
    assert original == (1,)
    lights = case_lights(store, [change.case_id], dt.date(2026, 10, 8))
    assert lights[change.case_id].light is Light.GREEN  # 10-09, 10-10, 10-12: 3 left
    with pytest.raises(CaseActionError, match="不在待补正状态"):
        actions.receive_supplement(number, handed_in)

    # Now accepted: the applicant can be given the 受理回执 and 受理通知书, dated the day the
    # 补正 was complete, and the 补正告知书 again.
    assert documents.available_kinds(number)[:3] == [
        DocumentKind.ACCEPTANCE_SLIP,
        DocumentKind.ACCEPTANCE_NOTICE,
        DocumentKind.SUPPLEMENT_NOTICE,
    ]
    notice = documents.produce(number, DocumentKind.ACCEPTANCE_NOTICE, current_operator(store))
    text = unmarked(text_of(plain(store, notice.path, tmp_path)))
    assert "受理通知书" in text and "2026年9月29日" in text, text
    slip = documents.produce(number, DocumentKind.ACCEPTANCE_SLIP, current_operator(store))
    text = unmarked(text_of(plain(store, slip.path, tmp_path)))
    assert "受理时间：2026年9月29日15:00" in text, text  # not the 补正告知 of 09-24
    assert "2026年9月24日" not in text


def unmarked(text: str) -> str:
    """Without white space, and without the training watermark's 培训 between the words."""
    return squeeze(text).replace("培", "").replace("训", "")


def plain(store: Store, path: Path, folder: Path) -> Path:
    """A produced document decrypted (documents are encrypted at rest) for pdftotext."""
    copy = folder / f"plain-{path.name}"
    copy.write_bytes(store.read_document(path))
    return copy


def test_pause_and_extension_move_the_due_dates_and_are_queued(
    store: Store, tmp_path: Path
) -> None:
    number = intake(store, "2026-10-08")  # 食品经营许可: 5 promised, 10 legal
    assert case_row(store, number) == ("accepted", "2026-10-14", "2026-10-21", 1)
    actions = CaseActions(store, clock=lambda: at("2026-10-12"))
    actions.start_pause(number, PauseKind.INSPECTION, dt.date(2026, 10, 12), "现场检验")
    case_id = store.conn.execute("SELECT case_id FROM cases").fetchone()[0]
    frozen = case_lights(store, [case_id], dt.date(2026, 10, 20))[case_id]
    assert frozen.paused and frozen.light is Light.YELLOW  # not red during the pause
    with pytest.raises(CaseActionError, match="进行中的检验"):
        actions.start_pause(number, PauseKind.INSPECTION, dt.date(2026, 10, 12), "再次")

    actions = CaseActions(store, clock=lambda: at("2026-10-16", 17))
    change = actions.end_pause(number, PauseKind.INSPECTION, dt.date(2026, 10, 16))
    assert change.due_date == dt.date(2026, 10, 20)  # 10-13..10-16 left out
    assert change.legal_due_date == dt.date(2026, 10, 27)
    change = actions.grant_extension(number, "王局长", "需组织专家现场核查")
    assert change.legal_due_date == dt.date(2026, 11, 10)  # 10 more working days
    assert change.due_date == dt.date(2026, 11, 3)
    assert queued(store)[-3:] == ["pause.start", "pause.end", "extension"]
    with pytest.raises(CaseActionError, match="只允许延期一次"):
        actions.grant_extension(number, "王局长", "再延")

    # The written notices the law asks for: the art. 45 notice and the 延期通知书 (the
    # training watermark's 培训 falls between words: left out).
    documents = DocumentService(store, load_department(), clock=lambda: at("2026-10-16"))
    operator = current_operator(store)
    pause = documents.produce(number, DocumentKind.PAUSE_NOTICE, operator)
    text = unmarked(text_of(plain(store, pause.path, tmp_path)))
    assert "检验告知书" in text and "现场检验" in text and "第四十五条" in text
    assert "检验自2026年10月12日开始（预计结束日期：2026年10月16日）" in text
    extension = documents.produce(number, DocumentKind.EXTENSION_NOTICE, operator)
    text = (
        squeeze(text_of(plain(store, extension.path, tmp_path))).replace("培", "").replace("训", "")
    )
    assert "行政许可延期通知书" in text and "需组织专家现场核查" in text
    assert "负责人王局长批准，办理期限延长10个工作日" in text
    assert "将于2026年11月10日前作出决定" in text  # the legal due date, extended


def test_a_pause_and_an_extension_leave_the_timeline_as_it_was(store: Store) -> None:
    """They carry the case's stage as a record; 受理 keeps its clerk, time and opinion."""
    number = intake(store, "2026-10-08")
    before = case_detail(store, number).timeline
    actions = CaseActions(store, clock=lambda: at("2026-10-12", 16))
    actions.start_pause(number, PauseKind.INSPECTION, dt.date(2026, 10, 12), "现场检验")
    actions.end_pause(number, PauseKind.INSPECTION, dt.date(2026, 10, 12))
    actions.grant_extension(number, "王局长", "需组织专家现场核查")
    detail = case_detail(store, number)
    assert [e.kind for e in detail.events][-3:] == ["pause.start", "pause.end", "extension"]
    assert detail.timeline == before


def test_clock_notices_need_their_record(store: Store) -> None:
    number = intake(store, "2026-10-08")
    documents = DocumentService(store, load_department(), clock=lambda: at("2026-10-09"))
    assert DocumentKind.PAUSE_NOTICE not in documents.available_kinds(number)
    with pytest.raises(DocumentError, match="没有“延期通知书”"):
        documents.produce(number, DocumentKind.EXTENSION_NOTICE, current_operator(store))


def test_bad_actions_leave_the_case_as_it_was(store: Store) -> None:
    number = intake(store, "2026-10-08")
    before = store.conn.execute("SELECT * FROM cases").fetchall()
    outbox = store.conn.execute("SELECT count(*) FROM outbox").fetchone()
    actions = CaseActions(store, clock=lambda: at("2026-10-12"))
    attempts = [
        lambda: actions.grant_extension(number, "", "理由"),
        lambda: actions.grant_extension(number, "王局长", "  "),
        lambda: actions.start_pause(number, PauseKind.HEARING, dt.date(2026, 10, 12), ""),
        lambda: actions.start_pause(number, PauseKind.SUPPLEMENT, dt.date(2026, 10, 12), "x"),
        lambda: actions.start_pause(number, PauseKind.HEARING, dt.date(2026, 10, 13), "明天"),
        lambda: actions.start_pause(number, PauseKind.HEARING, dt.date(2026, 10, 1), "受理前"),
        lambda: actions.end_pause(number, PauseKind.HEARING, dt.date(2026, 10, 12)),
        lambda: actions.start_pause("PX01-NOPE", PauseKind.HEARING, dt.date(2026, 10, 12), "x"),
        lambda: actions.receive_supplement(number, []),
    ]
    for attempt in attempts:
        with pytest.raises(CaseActionError) as caught:
            attempt()
        assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)
    assert store.conn.execute("SELECT * FROM cases").fetchall() == before
    assert store.conn.execute("SELECT count(*) FROM outbox").fetchone() == outbox


def test_entering_a_years_notice_recomputes_due_dates_with_history(store: Store) -> None:
    number = intake(store, "2026-12-01")  # all within 2026
    later = intake(store, "2026-12-30")  # 12-31, then 2027: 元旦 (statutory), 01-04..01-07
    assert case_row(store, later) == ("accepted", "2027-01-07", "2027-01-14", 0)
    assert case_row(store, number) == ("accepted", "2026-12-08", "2026-12-15", 1)

    # The 2027 notice arrives: 01-01..01-04 off (a bridge Monday), Saturday 01-09 worked.
    notice = parse_holiday_notice(2027, "休 2027-01-01 至 2027-01-04\n班 2027-01-09\n")
    store.set_holiday_notice(notice)
    # 12-31, 01-05..01-08: due 01-08; legal 10: 01-09 (make-up), 01-11..01-14.
    assert case_row(store, later) == ("accepted", "2027-01-08", "2027-01-14", 1)
    kind, payload = events(store, later)[-1]
    assert kind == "clock.recomputed"
    assert payload["old_due_date"] == "2027-01-07" and payload["due_date"] == "2027-01-08"
    assert payload["source"] == "admin" and payload["provisional"] is False
    assert [k for k, _ in events(store, number)][-1] != "clock.recomputed"  # not moved
    assert "clock.recomputed" not in queued(store)  # the central counts with its own calendar


def test_light_rule_settings_change_the_light(store: Store) -> None:
    number = intake(store, "2026-10-08")  # due 10-14
    case_id = store.conn.execute("SELECT case_id FROM cases").fetchone()[0]

    def shown(day: str) -> Light:
        return case_lights(store, [case_id], dt.date.fromisoformat(day))[case_id].light

    assert shown("2026-10-10") is Light.GREEN  # 3 left, yellow at 2 (the default)
    store.set_settings({"supervision.yellow_days": 3})
    assert shown("2026-10-10") is Light.YELLOW
    store.set_settings({"supervision.yellow_days": 0, "supervision.yellow_share": 80})
    assert shown("2026-10-09") is Light.YELLOW  # 4 of 5 left: 80 %
    store.set_settings({"supervision.rule": "supervision"})
    assert shown("2026-10-15") is Light.YELLOW  # overdue is yellow in this variant
    with store.write() as db:
        db.conn.execute(
            "INSERT INTO supervision_orders (order_id, case_id, issued_at, issuer, deadline, note)"
            " VALUES ('o1', ?, '2026-10-15T09:00:00+08:00', '监察室', '2026-10-20', '请说明')",
            (case_id,),
        )
    assert shown("2026-10-15") is Light.RED  # an unanswered 督办
    with pytest.raises(SettingError):
        store.set_settings({"supervision.rule": "purple"})
    assert number
