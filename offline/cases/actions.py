"""The window's actions on a case's clock: 补交材料 after 补正, art. 45 pauses, art. 42 extension.

Each is one transaction: the rows, the case's due dates recomputed, the event (queued for the
central) and the audit record. Bad input raises a ClerkError before anything is written.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from client.domain import MaterialSubmission, Stage
from client.errors import ClerkError
from client.generated_ids import uuid7
from client.i18n import translate
from client.time_limits.supervision import ARTICLE_45_KINDS, ClockError, Extension, Pause, PauseKind
from offline.cases.clock import RUNNING_STAGES, store_due_dates
from offline.cases.events import queue_material_file, record_event, stamp
from offline.storage import audit
from offline.storage.filestore import StoredBlob
from offline.storage.store import Store

if TYPE_CHECKING:
    import sqlite_utils


def _t(text: str) -> str:
    return translate("supervision", text)


class CaseActionError(ClerkError, ValueError):
    """The action does not fit the case; nothing was written."""


@dataclass(frozen=True)
class ClockChange:
    case_id: str
    case_number: str
    due_date: dt.date | None
    legal_due_date: dt.date | None
    provisional: bool


Clock = Callable[[], dt.datetime]


class CaseActions:
    def __init__(self, store: Store, clock: Clock = lambda: dt.datetime.now().astimezone()) -> None:
        self.store = store
        self.clock = clock

    # --- reading -----------------------------------------------------------------------------

    def _case(self, case_number: str) -> tuple[str, str, str]:
        with self.store.read() as conn:
            row = conn.execute(
                "SELECT case_id, stage, created_at FROM cases WHERE case_number = ?",
                (case_number.strip(),),
            ).fetchone()
        if row is None:
            raise CaseActionError(_t("未找到办件：{n}").format(n=case_number))
        return str(row[0]), str(row[1]), str(row[2])

    def _result(self, case_id: str, case_number: str) -> ClockChange:
        with self.store.read() as conn:
            due, legal, complete = conn.execute(
                "SELECT due_date, legal_due_date, calendar_complete FROM cases WHERE case_id = ?",
                (case_id,),
            ).fetchone()
        return ClockChange(
            case_id,
            case_number,
            dt.date.fromisoformat(due) if due else None,
            dt.date.fromisoformat(legal) if legal else None,
            not complete,
        )

    def _audit(
        self, db: sqlite_utils.Database, action: str, case_id: str, details: Mapping[str, Any]
    ) -> None:
        audit.append(
            db,
            actor=self.store.clerk,
            window_code=self.store.window_code,
            action=action,
            case_id=case_id,
            details=dict(details),
            at=self.clock(),
        )

    # --- 补交材料 ----------------------------------------------------------------------------

    def receive_supplement(
        self,
        case_number: str,
        materials: Sequence[MaterialSubmission],
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ClockChange:
        """The applicant hands in what the 补正告知 asked for: the materials are stored like at
        intake, the case is accepted, and its clock runs from the first application with the
        补正 period (告知 to today) left out (行政许可法 art. 32)."""
        case_id, stage, created_at = self._case(case_number)
        if stage != Stage.SUPPLEMENT_REQUESTED:
            raise CaseActionError(_t("办件 {n} 不在待补正状态，不能补交材料").format(n=case_number))
        with self.store.read() as conn:
            known = {
                r[0]
                for r in conn.execute("SELECT code FROM materials WHERE case_id = ?", (case_id,))
            }
        unknown = [m.code for m in materials if m.code not in known]
        if unknown:
            raise CaseActionError(_t("办件没有材料“{code}”").format(code=unknown[0]))
        if not any(m.files or m.original or m.copies for m in materials):
            raise CaseActionError(_t("没有收到任何补正材料"), _t("请先扫描或登记补交的材料"))
        paths = [Path(f) for m in materials for f in m.files]
        for path in paths:
            if not path.is_file():
                raise CaseActionError(_t("材料文件不存在：{path}").format(path=path))
        blobs = self._store_files(paths, progress, cancelled)
        now = self.clock()
        notice_day = dt.date.fromisoformat(created_at[:10])
        with self.store.write() as db:
            conn = db.conn
            self._write_materials(conn, case_id, materials, blobs, now)
            conn.execute(
                "INSERT INTO case_pauses (pause_id, case_id, kind, started_on, ended_on, reason,"
                " recorded_by, recorded_at) VALUES (?, ?, 'supplement', ?, ?, '', ?, ?)",
                (
                    uuid7(),
                    case_id,
                    notice_day.isoformat(),
                    now.date().isoformat(),
                    self.store.clerk,
                    stamp(now),
                ),
            )
            conn.execute(
                "UPDATE cases SET stage = 'accepted', accepted_on = ?, clock_start = ?,"
                " updated_at = ? WHERE case_id = ?",
                (now.date().isoformat(), notice_day.isoformat(), stamp(now), case_id),
            )
            store_due_dates(conn, case_id, self.store.calendar(), now.date())
            due = conn.execute("SELECT due_date FROM cases WHERE case_id = ?", (case_id,))
            payload = {
                "materials": [m.code for m in materials],
                "files": sorted(b.sha256 for b in blobs.values()),
                "paused_from": notice_day.isoformat(),
                "due_date": due.fetchone()[0],
            }
            record_event(
                conn, case_id, "supplement.received", "accepted", payload, self.store.clerk, now
            )
            self._audit(db, "case.supplement_received", case_id, payload)
        return self._result(case_id, case_number)

    def _store_files(
        self,
        paths: list[Path],
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> dict[str, StoredBlob]:
        total = sum(p.stat().st_size for p in paths)
        done, blobs = 0, {}
        for path in paths:

            def report(copied: int, base: int = done) -> None:
                if progress:
                    progress(base + copied, total)

            blobs[str(path)] = self.store.files.put_file(path, report, cancelled)
            done += blobs[str(path)].size
        return blobs

    def _write_materials(
        self,
        conn: sqlite3.Connection,
        case_id: str,
        materials: Sequence[MaterialSubmission],
        blobs: dict[str, StoredBlob],
        now: dt.datetime,
    ) -> None:
        for sub in materials:
            conn.execute(
                "UPDATE materials SET original_received = max(original_received, ?),"
                " copies_received = copies_received + ? WHERE case_id = ? AND code = ?",
                (int(sub.original), sub.copies, case_id, sub.code),
            )
            first = conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM material_files"
                " WHERE case_id = ? AND material_code = ?",
                (case_id, sub.code),
            ).fetchone()[0]
            for offset, file in enumerate(sub.files):
                blob = blobs[str(Path(file))]
                row = {
                    "file_id": uuid7(),
                    "case_id": case_id,
                    "material_code": sub.code,
                    "position": first + offset,
                    "display_name": Path(file).name,
                    "sha256": blob.sha256,
                    "size": blob.size,
                    "media_type": mimetypes.guess_type(file)[0] or "application/octet-stream",
                }
                queue_material_file(conn, row, now)

    # --- art. 45 pauses ------------------------------------------------------------------------

    def start_pause(
        self, case_number: str, kind: PauseKind, start: dt.date, reason: str
    ) -> ClockChange:
        """听证、检验、检测、鉴定、专家评审 (art. 45): the time it takes is not counted; the
        applicant is told in writing (the pause notice, client/documents/clock_notices.py)."""
        if kind not in ARTICLE_45_KINDS:
            raise CaseActionError(_t("只有听证、检验、检测、鉴定、专家评审可以暂停计时"))
        if not reason.strip():
            raise CaseActionError(_t("暂停计时须写明事由（将书面告知申请人）"))
        case_id, stage, _ = self._case(case_number)
        self._require_running(case_number, stage)
        now = self.clock()
        if start > now.date():
            raise CaseActionError(_t("暂停开始日期不能晚于今天"))
        with self.store.write() as db:
            conn = db.conn
            running = conn.execute(
                "SELECT kind FROM case_pauses WHERE case_id = ? AND ended_on IS NULL AND kind = ?",
                (case_id, kind.value),
            ).fetchone()
            if running:
                raise CaseActionError(
                    _t("办件已有进行中的{kind}，请先登记其结束").format(kind=kind.label)
                )
            accepted = conn.execute(
                "SELECT coalesce(clock_start, accepted_on) FROM cases WHERE case_id = ?",
                (case_id,),
            ).fetchone()[0]
            if accepted and start.isoformat() < accepted:
                raise CaseActionError(_t("暂停开始日期不能早于受理日期"))
            pause_id = uuid7()
            conn.execute(
                "INSERT INTO case_pauses (pause_id, case_id, kind, started_on, ended_on, reason,"
                " recorded_by, recorded_at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)",
                (
                    pause_id,
                    case_id,
                    kind.value,
                    start.isoformat(),
                    reason.strip(),
                    self.store.clerk,
                    stamp(now),
                ),
            )
            payload = {"pause_id": pause_id, "pause_kind": kind.value}
            payload |= {"started_on": start.isoformat(), "reason": reason.strip()}
            record_event(conn, case_id, "pause.start", stage, payload, self.store.clerk, now)
            self._audit(db, "case.pause_start", case_id, payload)
        return self._result(case_id, case_number)

    def end_pause(self, case_number: str, kind: PauseKind, end: dt.date) -> ClockChange:
        case_id, stage, _ = self._case(case_number)
        now = self.clock()
        if end > now.date():
            raise CaseActionError(_t("暂停结束日期不能晚于今天"))
        with self.store.write() as db:
            conn = db.conn
            row = conn.execute(
                "SELECT pause_id, started_on FROM case_pauses"
                " WHERE case_id = ? AND kind = ? AND ended_on IS NULL",
                (case_id, kind.value),
            ).fetchone()
            if row is None:
                raise CaseActionError(_t("办件没有进行中的{kind}").format(kind=kind.label))
            try:
                Pause(kind, dt.date.fromisoformat(row[1]), end)
            except ClockError as exc:
                raise CaseActionError(exc.message) from None
            conn.execute(
                "UPDATE case_pauses SET ended_on = ? WHERE pause_id = ?", (end.isoformat(), row[0])
            )
            store_due_dates(conn, case_id, self.store.calendar(), now.date())
            due = conn.execute("SELECT due_date FROM cases WHERE case_id = ?", (case_id,))
            payload = {"pause_id": row[0], "pause_kind": kind.value, "ended_on": end.isoformat()}
            payload["due_date"] = due.fetchone()[0]
            record_event(conn, case_id, "pause.end", stage, payload, self.store.clerk, now)
            self._audit(db, "case.pause_end", case_id, payload)
        return self._result(case_id, case_number)

    # --- art. 42 extension ---------------------------------------------------------------------

    def grant_extension(
        self, case_number: str, approver: str, reasons: str, days: int = 10
    ) -> ClockChange:
        """行政许可法 art. 42: the head of the department approves 10 more working days; the
        reasons are told to the applicant (延期通知书). One extension per case."""
        case_id, stage, _ = self._case(case_number)
        self._require_running(case_number, stage)
        now = self.clock()
        try:
            extension = Extension(days, approver.strip(), reasons.strip(), now.date())
        except ClockError as exc:
            raise CaseActionError(exc.message) from None
        with self.store.write() as db:
            conn = db.conn
            if conn.execute(
                "SELECT 1 FROM case_extensions WHERE case_id = ?", (case_id,)
            ).fetchone():
                raise CaseActionError(_t("办件已经延期过一次，行政许可法第四十二条只允许延期一次"))
            conn.execute(
                "INSERT INTO case_extensions (extension_id, case_id, days, approver, reasons,"
                " granted_on, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    uuid7(),
                    case_id,
                    extension.days,
                    extension.approver,
                    extension.reasons,
                    extension.granted_on.isoformat(),
                    self.store.clerk,
                    stamp(now),
                ),
            )
            store_due_dates(conn, case_id, self.store.calendar(), now.date())
            due, legal = conn.execute(
                "SELECT due_date, legal_due_date FROM cases WHERE case_id = ?", (case_id,)
            ).fetchone()
            payload = {"days": days, "approver": extension.approver, "reasons": extension.reasons}
            payload |= {"due_date": due, "legal_due_date": legal}
            record_event(conn, case_id, "extension", stage, payload, self.store.clerk, now)
            self._audit(db, "case.extension", case_id, payload)
        return self._result(case_id, case_number)

    def _require_running(self, case_number: str, stage: str) -> None:
        if stage not in RUNNING_STAGES:
            raise CaseActionError(
                _t("办件 {n} 不在办理中（受理至复审），其时限不能暂停或延长").format(n=case_number)
            )
