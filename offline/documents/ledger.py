"""用印登记簿: the seal-use ledger read from `document_prints` (every print, reprint and void,
append only) over a date range, and written to CSV for Excel.

A row says when, which case, which document (with the decision's 文号 when it has one), who,
whether it was sealed, whether it is a 作废 or has been voided since, and the void's reason.
The read is one indexed range scan on `document_prints.at`, so it stays fast however many
cases the profile holds (tests/bench/ledger.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from client.documents.data import DocumentKind
from client.errors import Cancelled, ClerkError
from client.i18n import translate
from offline.storage.store import Store

EARLIEST = dt.date(2000, 1, 1)
DECISION_KINDS = (DocumentKind.APPROVAL_DECISION.value, DocumentKind.DENIAL_DECISION.value)


def _t(text: str) -> str:
    return translate("documents", text)


class LedgerError(ClerkError):
    """The ledger cannot be read or saved as asked; the message says why."""


@dataclass(frozen=True)
class LedgerRow:
    print_id: str
    at: str
    case_number: str
    kind: str
    document_number: str  # 文号, "" when the document has none
    operator: str
    action: str  # print, reprint, void
    sealed: bool
    voided: bool  # a print or reprint that a later void withdrew
    reason: str  # of a void

    @property
    def state(self) -> str:
        if self.action == "void":
            return _t("作废")
        if self.voided:
            return _t("已作废")
        return _t("有效")

    def to_dict(self) -> dict[str, Any]:
        from offline.documents.service import kind_label

        return {
            "print_id": self.print_id,
            "at": self.at,
            "case_number": self.case_number,
            "kind": self.kind,
            "document": kind_label(DocumentKind(self.kind)),
            "document_number": self.document_number,
            "operator": self.operator,
            "action": self.action,
            "sealed": self.sealed,
            "voided": self.voided,
            "reason": self.reason,
        }


def day_bound(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time()).astimezone().isoformat(timespec="milliseconds")


LEDGER_SQL = """
SELECT p.print_id, p.at, c.case_number, p.kind,
       CASE WHEN p.kind IN (?, ?) THEN coalesce(d.document_number, '') ELSE '' END,
       p.operator, p.action, p.sealed,
       EXISTS (SELECT 1 FROM document_prints v WHERE v.voids = p.print_id),
       p.reason
FROM document_prints p
JOIN cases c ON c.case_id = p.case_id
LEFT JOIN decisions d ON d.case_id = p.case_id
WHERE p.at >= ? AND p.at < ? {sealed}
ORDER BY p.at, p.rowid
"""


def read_ledger(
    store: Store,
    start: dt.date | None = None,
    end: dt.date | None = None,
    sealed_only: bool = False,
) -> list[LedgerRow]:
    """Rows from `start` to `end` inclusive (local days), oldest first."""
    start, end = start or EARLIEST, end or dt.date.today()
    if end < start:
        raise LedgerError(
            _t("结束日期 {end} 早于开始日期 {start}").format(end=end, start=start),
            _t("请把开始日期改为不晚于结束日期。"),
        )
    sql = LEDGER_SQL.format(sealed="AND p.sealed = 1" if sealed_only else "")
    args = (*DECISION_KINDS, day_bound(start), day_bound(end + dt.timedelta(days=1)))
    with store.read() as conn:
        rows = conn.execute(sql, args).fetchall()
    return [
        LedgerRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), bool(r[8]), r[9])
        for r in rows
    ]


def header() -> list[str]:
    return [
        _t("时间"),
        _t("办件编号"),
        _t("文书"),
        _t("文号"),
        _t("经办人"),
        _t("方式"),
        _t("用印"),
        _t("状态"),
        _t("作废原因"),
    ]


def action_label(action: str) -> str:
    return {"print": _t("打印"), "reprint": _t("补打"), "void": _t("作废")}.get(action, action)


def row_values(row: LedgerRow) -> list[str]:
    from offline.documents.service import kind_label

    return [
        row.at[:19].replace("T", " "),
        row.case_number,
        kind_label(DocumentKind(row.kind)),
        row.document_number,
        row.operator,
        action_label(row.action),
        _t("已盖章") if row.sealed else _t("未盖章"),
        row.state,
        row.reason,
    ]


def export_csv(
    rows: list[LedgerRow],
    target: Path,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """UTF-8 with a BOM (Excel opens it as Chinese), written to a temp file and renamed, so a
    failed export never leaves half a file under the chosen name. Returns the rows written."""
    target = Path(target)
    if target.is_dir() or not target.parent.is_dir():
        raise LedgerError(
            _t("无法保存到 {path}").format(path=target), _t("请选择一个已存在的文件夹和文件名。")
        )
    fd, name = tempfile.mkstemp(prefix=".ledger-", suffix=".csv", dir=target.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header())
            for n, row in enumerate(rows):
                if cancelled and n % 1000 == 0 and cancelled():
                    raise Cancelled()
                writer.writerow(row_values(row))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as exc:
        raise LedgerError(
            _t("用印登记簿未能保存：{why}").format(why=exc.strerror or exc),
            _t("请检查文件是否被其他程序打开，或换一个位置保存。"),
        ) from exc
    finally:
        temp.unlink(missing_ok=True)
    return len(rows)
