"""出证 / 送达 / 办结: the decided case leaves the window, in person or by post.

One transaction writes the handover row, the agent's 授权委托书 as a material file of the case
(with its upload for the central), the `certify` event that moves the case to 办结 (queued for
the central, docs/central-contract.md), and the audit record. The 送达回证 reads the handover
back (`delivery_facts`). A case is handed over once; nothing is written when a check fails.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from client.accounts import Power
from client.capture.safety import Limits, inspect_file
from client.closing.handover import (
    ByPost,
    Collector,
    CollectorRole,
    HandoverMethod,
    HandoverRefused,
    InPerson,
    checked_post,
    collector_of,
    delivery_method_text,
)
from client.domain import ApplicantKind, IdType, Party, Stage
from client.generated_ids import mask_id_number, uuid7
from client.i18n import translate
from offline.accounts.powers import authorize
from offline.cases.events import queue_material_file, record_event, stamp
from offline.storage import audit
from offline.storage.filestore import StoredBlob
from offline.storage.store import Store

# The 授权委托书 of an agent who collects is kept as a material of its own (not an intake one).
AUTHORIZATION_CODE = "handover.authorization"
Clock = Callable[[], dt.datetime]


def _t(text: str) -> str:
    return translate("handover", text)


@dataclass(frozen=True)
class Handover:
    """A handover as recorded (the detail, the CLI and the 送达回证 read it)."""

    case_id: str
    case_number: str
    method: HandoverMethod
    collector_role: str  # CollectorRole value, "" by post
    collector_name: str
    collector_id_masked: str
    authorization_file_id: str | None
    address: str
    carrier: str
    waybill: str
    delivered: str  # the document handed over
    delivery_method: str  # 送达方式 as printed
    handed_over_at: str
    recorded_by: str

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method.value,
            "collector_role": self.collector_role or None,
            "collector_name": self.collector_name or None,
            "collector_id": self.collector_id_masked or None,
            "authorization_file_id": self.authorization_file_id,
            "address": self.address or None,
            "carrier": self.carrier or None,
            "waybill": self.waybill or None,
            "delivered": self.delivered,
            "delivery_method": self.delivery_method,
            "handed_over_at": self.handed_over_at,
            "recorded_by": self.recorded_by,
        }


@dataclass(frozen=True)
class _Case:
    case_id: str
    number: str
    stage: str
    applicant: Party
    delivered: str


class HandoverService:
    def __init__(self, store: Store, clock: Clock = lambda: dt.datetime.now().astimezone()) -> None:
        self.store = store
        self.clock = clock

    def hand_over(self, case_number: str, how: InPerson | ByPost) -> Handover:
        """Record the handover and close the case; HandoverRefused (or PowerRefused) before
        anything is written when it does not fit."""
        person = authorize(self.store, Power.ACCEPT, _t("出证送达"))
        case = self._case(case_number)
        collector: Collector | None = None
        post: ByPost | None = None
        blob: StoredBlob | None = None
        media_type = ""
        if isinstance(how, InPerson):
            collector = collector_of(case.applicant, how)
            if collector.role is CollectorRole.AGENT and how.authorization is not None:
                media_type = _checked_authorization(how.authorization)
                blob = self.store.files.put_file(how.authorization)
        else:
            post = checked_post(how)
        method = HandoverMethod.MAIL if post else HandoverMethod.IN_PERSON
        now = self.clock()
        with self.store.write() as db:
            conn = db.conn
            self._refuse_closed(conn, case)  # again, inside the transaction: never twice
            file_id = None
            if blob is not None and isinstance(how, InPerson) and how.authorization:
                file_id = _store_authorization(
                    conn, case.case_id, how.authorization, blob, media_type, now
                )
            row = {
                "handover_id": uuid7(),
                "case_id": case.case_id,
                "method": method.value,
                "collector_role": collector.role.value if collector else "",
                "collector_name": collector.name if collector else "",
                "collector_id_type": collector.id_type.value if collector else "",
                "collector_id_number": collector.id_number if collector else "",
                "authorization_file_id": file_id,
                "address": post.address if post else "",
                "carrier": post.carrier if post else "",
                "waybill": post.waybill if post else "",
                "delivered": case.delivered,
                "handed_over_at": stamp(now),
                "recorded_by": person.name,
            }
            conn.execute(
                f"INSERT INTO case_handovers ({', '.join(row)})"
                f" VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
            conn.execute(
                "UPDATE cases SET stage = 'closed', updated_at = ? WHERE case_id = ?",
                (stamp(now), case.case_id),
            )
            body = _certify_body(row, collector, post)
            note = delivery_method_text(method, collector, post)
            record_event(
                conn,
                case.case_id,
                "certify",
                Stage.CLOSED.value,
                {"handover": body, "note": note},
                person.name,
                now,
            )
            masked = dict(body, collector=_masked(body.get("collector")))
            audit.append(
                db,
                actor=person.username,
                window_code=self.store.window_code,
                action="case.handover",
                case_id=case.case_id,
                details=masked,
                at=now,
            )
        found = handover_of(self.store, case.number)
        assert found is not None
        return found

    # --- checks ---------------------------------------------------------------------------

    def _case(self, case_number: str) -> _Case:
        number = case_number.strip().upper()
        with self.store.read() as conn:
            row = conn.execute(
                "SELECT c.case_id, c.case_number, c.stage, d.approved, d.document_number"
                " FROM cases c LEFT JOIN decisions d ON d.case_id = c.case_id"
                " WHERE c.case_number = ?",
                (number,),
            ).fetchone()
            if row is None:
                raise HandoverRefused(_t("未找到办件：{n}").format(n=case_number.strip()))
            case_id, number, stage, approved, document_number = row
            party = conn.execute(
                "SELECT kind, name, id_type, id_number, phone, address, legal_representative"
                " FROM parties WHERE case_id = ? AND role = 'applicant'",
                (case_id,),
            ).fetchone()
            self._refuse_closed(conn, _Case(case_id, number, stage, _party(party), ""))
        if stage != Stage.DECIDED or approved is None:
            from offline.cases.labels import stage_label

            raise HandoverRefused(
                _t("办件 {n} 尚未作出审批决定（当前环节：{stage}），不能出证").format(
                    n=number, stage=stage_label(Stage(stage))
                ),
                _t("审批决定作出后，办件会出现在“待出证”中"),
            )
        title = _t("准予行政许可决定书") if approved else _t("不予行政许可决定书")
        return _Case(case_id, number, stage, _party(party), f"{title}（{document_number}）")

    def _refuse_closed(self, conn: sqlite3.Connection, case: _Case) -> None:
        done = conn.execute(
            "SELECT method, handed_over_at FROM case_handovers WHERE case_id = ?",
            (case.case_id,),
        ).fetchone()
        if done is not None:
            how = _t("邮寄送达") if done[0] == HandoverMethod.MAIL else _t("直接送达")
            raise HandoverRefused(
                _t("办件 {n} 已于 {at} 出证（{how}），不能重复出证").format(
                    n=case.number, at=done[1][:16].replace("T", " "), how=how
                ),
                _t("如需再次提供文书，请补打"),
            )
        stage = conn.execute("SELECT stage FROM cases WHERE case_id = ?", (case.case_id,))
        if stage.fetchone()[0] == Stage.CLOSED:
            raise HandoverRefused(_t("办件 {n} 已办结，不能出证").format(n=case.number))


def _checked_authorization(path: Path) -> str:
    """The 授权委托书 must be a readable PDF or image (the import checks); its media type."""
    if not path.is_file():
        raise HandoverRefused(_t("授权委托书文件不存在：{path}").format(path=path))
    return inspect_file(path, Limits()).file_type.value


def _store_authorization(
    conn: sqlite3.Connection,
    case_id: str,
    path: Path,
    blob: StoredBlob,
    media_type: str,
    now: dt.datetime,
) -> str:
    """The 委托书 becomes a material file of the case, uploaded to the central like the
    intake's (so the central holds the proof with the handover)."""
    conn.execute(
        "INSERT OR IGNORE INTO materials (case_id, code, name, form, required_copies,"
        " requirement, applicable, original_received, copies_received)"
        " VALUES (?, ?, ?, 'original', 0, 'conditional', 1, 1, 0)",
        (case_id, AUTHORIZATION_CODE, _t("领取授权委托书")),
    )
    row = {
        "file_id": uuid7(),
        "case_id": case_id,
        "material_code": AUTHORIZATION_CODE,
        "position": 0,
        "display_name": path.name,
        "sha256": blob.sha256,
        "size": blob.size,
        "media_type": media_type,
    }
    queue_material_file(conn, row, now)
    return str(row["file_id"])


def _certify_body(
    row: dict[str, Any], collector: Collector | None, post: ByPost | None
) -> dict[str, Any]:
    """The `handover` of the certify event (resources/openapi/central-v1.yaml, Handover)."""
    body: dict[str, Any] = {
        "method": row["method"],
        "delivered": row["delivered"],
        "handed_over_at": row["handed_over_at"],
        "recorded_by": row["recorded_by"],
    }
    if collector is not None:
        body["collector"] = {
            "role": collector.role.value,
            "name": collector.name,
            "id_type": collector.id_type.value,
            "id_number": collector.id_number,
        }
        if row["authorization_file_id"]:
            body["authorization_material_id"] = row["authorization_file_id"]
    if post is not None:
        body["mail"] = {"address": post.address, "carrier": post.carrier, "waybill": post.waybill}
    return body


def _masked(collector: Any) -> Any:
    if isinstance(collector, dict):
        return dict(collector, id_number=mask_id_number(str(collector["id_number"])))
    return collector


def _party(row: Any) -> Party:
    return Party(
        kind=ApplicantKind(row[0]),
        name=row[1],
        id_type=IdType(row[2]),
        id_number=row[3],
        phone=row[4],
        address=row[5],
        legal_representative=row[6],
    )


# --- reading -----------------------------------------------------------------------------------


def handover_of(store: Store, case_number: str) -> Handover | None:
    with store.read() as conn:
        row = conn.execute(
            "SELECT h.*, c.case_number FROM case_handovers h JOIN cases c"
            " ON c.case_id = h.case_id WHERE c.case_number = ?",
            (case_number.strip().upper(),),
        ).fetchone()
        if row is None:
            return None
        names = [d[0] for d in conn.execute("SELECT * FROM case_handovers LIMIT 0").description]
    data = dict(zip([*names, "case_number"], row, strict=True))
    method = HandoverMethod(data["method"])
    collector = None
    if data["collector_role"]:
        collector = Collector(
            CollectorRole(data["collector_role"]),
            data["collector_name"],
            IdType(data["collector_id_type"]),
            data["collector_id_number"],
        )
    post = ByPost(data["address"], data["carrier"], data["waybill"]) if data["waybill"] else None
    return Handover(
        case_id=data["case_id"],
        case_number=data["case_number"],
        method=method,
        collector_role=data["collector_role"],
        collector_name=data["collector_name"],
        collector_id_masked=mask_id_number(data["collector_id_number"])
        if data["collector_id_number"]
        else "",
        authorization_file_id=data["authorization_file_id"],
        address=data["address"],
        carrier=data["carrier"],
        waybill=data["waybill"],
        delivered=data["delivered"],
        delivery_method=delivery_method_text(method, collector, post),
        handed_over_at=data["handed_over_at"],
        recorded_by=data["recorded_by"],
    )


def delivery_facts(store: Store, case_number: str) -> tuple[str, str, str]:
    """(delivered, delivery_place, delivery_method) for the 送达回证; ("", "", "") before the
    handover (the document's defaults: the decision, the department's address, 直接送达)."""
    found = handover_of(store, case_number)
    if found is None:
        return "", "", ""
    place = found.address if found.method is HandoverMethod.MAIL else ""
    return found.delivered, place, found.delivery_method
