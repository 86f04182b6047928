"""One case read whole for the detail screen and `case NUMBER --json`: the parties, the
materials and their files, the documents printed (the ledger), the timeline with local and
central events merged, the light, and the window's delivery state beside the central's."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from client.domain import Stage
from client.errors import ClerkError
from client.i18n import translate
from client.time_limits.workdays import Light
from offline.cases.lights import case_light, light_rule
from offline.storage.db import Row
from offline.storage.store import Store

# The steps a case goes through, in order (申请—受理—初审—复审—决定—办结).
TIMELINE_STEPS: tuple[Stage, ...] = (
    Stage.APPLIED,
    Stage.ACCEPTED,
    Stage.FIRST_REVIEW,
    Stage.SECOND_REVIEW,
    Stage.DECIDED,
    Stage.CLOSED,
)
# The window's own exits stand in for 受理 on the timeline.
_WINDOW_OUTCOMES = (Stage.ACCEPTED, Stage.SUPPLEMENT_REQUESTED, Stage.REFUSED)
# The window's own events that move a case to a step. The others (a pause, an extension, a
# 督办 reply, a 催办, a rating and its follow-up, a recomputed clock) carry the case's stage only
# as a record of where it stood: they must not stand in for the step's handler and time.
_STEP_KINDS = frozenset(
    {"apply", "accept", "supplement", "refuse", "supplement.received", "decide", "certify"}
)


class CaseNotFound(ClerkError, LookupError):
    """No case with that number on this window."""


class Delivery(StrEnum):
    DELIVERED = "delivered"  # 已送达中心: every operation of the case acknowledged
    PENDING = "pending"  # 待同步: something still queued or on its way
    ATTENTION = "attention"  # 需处理: the central refused something (parked)
    TRAINING = "training"  # 培训模式: nothing is sent


@dataclass(frozen=True)
class Step:
    stage: Stage
    done: bool
    handler: str = ""
    opinion: str = ""
    at: str = ""  # ISO 8601
    source: str = ""  # local or central


@dataclass(frozen=True)
class Event:
    kind: str
    stage: str
    actor: str
    at: str
    source: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class MaterialFile:
    file_id: str
    display_name: str
    sha256: str
    size: int
    media_type: str
    purged: bool  # the local copy went with retention; the central keeps it


@dataclass(frozen=True)
class Material:
    code: str
    name: str
    applicable: bool
    original_received: bool
    copies_received: int
    files: tuple[MaterialFile, ...]


@dataclass(frozen=True)
class Print:
    print_id: str
    kind: str
    action: str
    operator: str
    at: str
    sealed: bool
    voids: str | None = None  # a void: the print it withdrew
    reason: str = ""  # a void's reason


@dataclass(frozen=True)
class CaseDetail:
    case_id: str
    case_number: str
    item_code: str
    item_name: str
    stage: Stage
    action: str
    clerk: str
    created_at: str
    accepted_on: str | None
    due_date: str | None
    calendar_complete: bool
    light: Light | None
    training: bool
    parties: dict[str, dict[str, str]]  # role -> party columns
    materials: tuple[Material, ...]
    prints: tuple[Print, ...]
    events: tuple[Event, ...]  # local and central, in time order
    timeline: tuple[Step, ...]
    delivery: Delivery
    delivery_counts: dict[str, int]  # outbox state -> operations
    supervision: dict[str, Any] | None  # as the central last told it
    central_decision: dict[str, Any] | None
    decision: dict[str, Any] | None = None  # the decision row (即办 or from the central)


def case_detail(store: Store, case_number: str, today: dt.date | None = None) -> CaseDetail:
    today = today or dt.date.today()
    with store.read() as conn:
        conn.row_factory = Row
        try:
            detail = _read(conn, case_number.strip().upper())
        finally:
            conn.row_factory = None
    if detail is None:
        raise CaseNotFound(
            translate("cases", "未找到办件 {n}").format(n=case_number.strip()),
            translate("cases", "请核对受理编号；只能查到本窗口受理的办件。"),
        )
    due = dt.date.fromisoformat(detail.due_date) if detail.due_date else None
    light = case_light(detail.stage, due, today, store.calendar(), light_rule(store))
    return replace(detail, light=light)


def _read(conn: sqlite3.Connection, case_number: str) -> CaseDetail | None:
    case = conn.execute("SELECT * FROM cases WHERE case_number = ?", (case_number,)).fetchone()
    if case is None:
        return None
    case_id = case["case_id"]
    parties = {
        r["role"]: {k: v for k, v in dict(r).items() if k not in ("case_id", "role")}
        for r in conn.execute("SELECT * FROM parties WHERE case_id = ?", (case_id,))
    }
    files: dict[str, list[MaterialFile]] = {}
    for r in conn.execute(
        "SELECT * FROM material_files WHERE case_id = ? ORDER BY material_code, position",
        (case_id,),
    ):
        files.setdefault(r["material_code"], []).append(
            MaterialFile(
                r["file_id"],
                r["display_name"],
                r["sha256"],
                int(r["size"]),
                r["media_type"],
                r["purged_at"] is not None,
            )
        )
    materials = tuple(
        Material(
            r["code"],
            r["name"],
            bool(r["applicable"]),
            bool(r["original_received"]),
            int(r["copies_received"]),
            tuple(files.get(r["code"], ())),
        )
        for r in conn.execute("SELECT * FROM materials WHERE case_id = ? ORDER BY code", (case_id,))
    )
    prints = tuple(
        Print(
            r["print_id"],
            r["kind"],
            r["action"],
            r["operator"],
            r["at"],
            bool(r["sealed"]),
            r["voids"],
            r["reason"],
        )
        for r in conn.execute(
            "SELECT * FROM document_prints WHERE case_id = ? ORDER BY at", (case_id,)
        )
    )
    events = tuple(
        Event(r["kind"], r["stage"], r["actor"], r["occurred_at"], r["source"], _json(r["payload"]))
        for r in conn.execute(
            "SELECT * FROM case_events WHERE case_id = ? ORDER BY occurred_at, event_id",
            (case_id,),
        )
    )
    counts = {
        r["state"]: int(r["n"])
        for r in conn.execute(
            "SELECT state, count(*) AS n FROM outbox WHERE case_id = ? GROUP BY state", (case_id,)
        )
    }
    training = bool(case["training"])
    return CaseDetail(
        case_id=case_id,
        case_number=case["case_number"],
        item_code=case["item_code"],
        item_name=case["item_name"],
        stage=Stage(case["stage"]),
        action=case["action"],
        clerk=case["clerk"],
        created_at=case["created_at"],
        accepted_on=case["accepted_on"],
        due_date=case["due_date"],
        calendar_complete=bool(case["calendar_complete"]),
        light=None,
        training=training,
        parties=parties,
        materials=materials,
        prints=prints,
        events=events,
        timeline=timeline(Stage(case["stage"]), events),
        delivery=delivery_state(counts, training),
        delivery_counts=counts,
        supervision=_json(case["supervision"]) if case["supervision"] else None,
        central_decision=_json(case["central_decision"]) if case["central_decision"] else None,
        decision=_decision(conn, case_id),
    )


def _decision(conn: sqlite3.Connection, case_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM decisions WHERE case_id = ?", (case_id,)).fetchone()
    if row is None:
        return None
    from offline.documents.decision_records import decision_from_row, decision_to_dict

    return decision_to_dict(decision_from_row(dict(row))) | {"source": row["source"]}


def delivery_state(counts: dict[str, int], training: bool) -> Delivery:
    if training:
        return Delivery.TRAINING
    if counts.get("parked"):
        return Delivery.ATTENTION
    if counts.get("pending") or counts.get("in_flight"):
        return Delivery.PENDING
    return Delivery.DELIVERED


def timeline(stage: Stage, events: tuple[Event, ...]) -> tuple[Step, ...]:
    """Each step with the event that reached it: the window's own (申请, 受理 or its exits)
    and the central's stage changes (初审, 复审, 决定, 办结), whichever came last."""
    reached: dict[Stage, Event] = {}
    for event in events:
        target = _stage_reached(event)
        if target is None:
            continue
        if target in _WINDOW_OUTCOMES:
            target = Stage.ACCEPTED
        reached[target] = event
    decision = next((e for e in reversed(events) if e.kind == "central.decision"), None)
    steps = []
    for step in TIMELINE_STEPS:
        if step not in reached:
            steps.append(Step(step, done=False))
            continue
        event = reached[step]
        opinion = str(event.payload.get("note") or event.payload.get("reason") or "")
        if step is Stage.DECIDED and not opinion:
            # The central's decision, or the window's own (即办: the decide event carries it).
            source = decision if decision is not None else event
            content = source.payload.get("decision") or {}
            opinion = _decision_opinion(content)
        steps.append(Step(step, True, event.actor, opinion, event.at, event.source))
    return tuple(steps)


def _decision_opinion(content: Any) -> str:
    return str(content.get("content", "")) if isinstance(content, dict) else ""


def _stage_reached(event: Event) -> Stage | None:
    if event.source == "central":
        if event.kind != "central.stage":
            return None
        to = event.payload.get("to_stage")
        return Stage(to) if to in {s.value for s in Stage} else None
    if event.kind not in _STEP_KINDS:
        return None
    try:
        return Stage(event.stage)
    except ValueError:
        return None


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return {}


def detail_to_json(detail: CaseDetail) -> dict[str, Any]:
    """The detail for automation (`case NUMBER --json`)."""
    return {
        "case_id": detail.case_id,
        "case_number": detail.case_number,
        "item_code": detail.item_code,
        "item_name": detail.item_name,
        "stage": detail.stage.value,
        "action": detail.action,
        "clerk": detail.clerk,
        "created_at": detail.created_at,
        "accepted_on": detail.accepted_on,
        "due_date": detail.due_date,
        "calendar_complete": detail.calendar_complete,
        "light": detail.light.value if detail.light else None,
        "training": detail.training,
        "parties": detail.parties,
        "materials": [
            {
                "code": m.code,
                "name": m.name,
                "applicable": m.applicable,
                "files": [
                    {
                        "file_id": f.file_id,
                        "name": f.display_name,
                        "sha256": f.sha256,
                        "size": f.size,
                        "purged": f.purged,
                    }
                    for f in m.files
                ],
            }
            for m in detail.materials
        ],
        "prints": [
            {
                "print_id": p.print_id,
                "kind": p.kind,
                "action": p.action,
                "operator": p.operator,
                "at": p.at,
                "sealed": p.sealed,
                "voids": p.voids,
                "reason": p.reason,
            }
            for p in detail.prints
        ],
        "timeline": [
            {
                "stage": s.stage.value,
                "done": s.done,
                "handler": s.handler,
                "opinion": s.opinion,
                "at": s.at,
                "source": s.source,
            }
            for s in detail.timeline
        ],
        "events": [
            {"kind": e.kind, "stage": e.stage, "actor": e.actor, "at": e.at, "source": e.source}
            for e in detail.events
        ],
        "delivery": detail.delivery.value,
        "delivery_counts": detail.delivery_counts,
        "supervision": detail.supervision,
        "central_decision": detail.central_decision,
        "decision": detail.decision,
    }


class MaterialUnavailable(ClerkError):
    """A material file that cannot be opened here."""


def material_file(store: Store, file: MaterialFile) -> Path:
    """The local copy of a material file, checked against its hash (reads the whole file:
    call off the UI thread)."""
    if file.purged:
        raise MaterialUnavailable(
            translate("cases", "“{name}”的本地副本已按保留期限删除").format(name=file.display_name),
            translate("cases", "中心系统保存着该材料，请在中心系统中查看。"),
        )
    if not store.files.verify(file.sha256):
        raise MaterialUnavailable(
            translate("cases", "“{name}”的本地文件缺失或已损坏").format(name=file.display_name),
            translate("cases", "请运行“doctor --deep”检查数据，并联系管理员。"),
        )
    return store.files.path_of(file.sha256)
