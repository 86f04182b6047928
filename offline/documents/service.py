"""Producing a case's official documents: assemble, render, seal, sign, record.

Every document produced — print, reprint (补打) or void — is a row in `document_prints` (the
seal-use ledger is its sealed rows) written with its audit record in one transaction. Which
documents carry the seal is the law's, not the caller's (docs/documents-law.md): the written
notices of 行政许可法 art. 32 (受理通知书, 受理回执, 补正材料通知书, 不予受理通知书) are the act of
a 受理权 holder and carry the seal "加盖本行政机关专用印章" (art. 32 ¶2); decisions are sealed and
need the 即办权. Reprints and voids need the 管理权 (offline/accounts/powers.py). Every document
carries the date of its act, so a reprint (补打) on a later day shows the same 成文日期.
Assembling a document from the case's rows is offline/documents/assembly.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from client.accounts import Person, Power, PowerRefused, refusal
from client.documents.data import CaseDocument, Decision, DocumentKind
from client.domain import (
    Action,
    Department,
)
from client.errors import ClerkError
from client.generated_ids import uuid7
from client.i18n import translate
from offline.documents.assembly import assemble_document
from offline.documents.decision_records import record_decision
from offline.documents.law import ARTICLE_32_KINDS, is_sealed
from offline.storage import audit
from offline.storage.private_files import private_dir
from offline.storage.store import Store

if TYPE_CHECKING:
    from client.documents.signing import SigningIdentity
    from client.documents.token_signing import TokenIdentity


def _t(text: str) -> str:
    return translate("documents", text)


class DocumentError(ClerkError):
    """The document cannot be produced; the message says why, in Chinese."""


class SealPermissionError(DocumentError, PowerRefused):
    """The person at the window lacks the power this document needs."""


Operator = Person


def current_operator(store: Store) -> Person:
    """The person logged in at the window (offline/accounts)."""
    return store.person


def _require(person: Person, power: Power, what: str) -> None:
    reason = refusal(person, power, what)
    if reason:
        raise SealPermissionError(reason)


def document_refusal(person: Person, kind: DocumentKind, reprint: bool) -> str:
    """Why `person` may not produce this document (the window shows it), or ""."""
    if kind.is_decision:
        what = _t("使用行政审批专用章出具“{kind}”").format(kind=kind_label(kind))
        if reason := refusal(person, Power.IMMEDIATE, what):
            return reason
    elif kind in ARTICLE_32_KINDS:
        what = _t("使用行政审批专用章出具“{kind}”").format(kind=kind_label(kind))
        if reason := refusal(person, Power.ACCEPT, what):
            return reason
    if reprint:
        return refusal(person, Power.MANAGE, _t("补打“{kind}”").format(kind=kind_label(kind)))
    return ""


@dataclass(frozen=True)
class ProducedDocument:
    print_id: str
    kind: DocumentKind
    path: Path
    sealed: bool
    signed: bool
    reprint: bool


IdentityProvider = Callable[[], "SigningIdentity | TokenIdentity | None"]


class DocumentService:
    def __init__(
        self,
        store: Store,
        department: Department | None = None,
        identity: IdentityProvider | None = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now().astimezone(),
    ) -> None:
        self.store = store
        self._department = department  # None: the profile's (offline/documents/department.py)
        self.identity = identity  # None, or returning None: no certificate configured here
        self.clock = clock

    @property
    def department(self) -> Department:
        """The department the documents name; read when used, so the central's newest counts."""
        if self._department is not None:
            return self._department
        from offline.documents.department import DepartmentMissing, window_department

        try:
            return window_department(self.store)
        except DepartmentMissing as exc:
            raise DocumentError(exc.message, exc.remedy) from exc

    def record_decision(self, case_number: str, decision: Decision, source: str = "local") -> None:
        """The back office's decision (central changes, or 即办 at the window; tests too)."""
        if source == "local":
            _require(self.store.person, Power.IMMEDIATE, _t("在窗口作出即办决定"))
        record_decision(self.store, self._case_id(case_number), decision, self.clock(), source)

    # --- what a case can have ---------------------------------------------------------------

    def available_kinds(self, case_number: str) -> list[DocumentKind]:
        with self.store.read() as conn:
            row = conn.execute(
                "SELECT c.action, c.accepted_on, d.approved FROM cases c LEFT JOIN decisions d"
                " ON d.case_id = c.case_id WHERE c.case_number = ?",
                (case_number,),
            ).fetchone()
        if row is None:
            raise DocumentError(_t("未找到办件：") + case_number)
        action, accepted_on, approved = Action(row[0]), row[1], row[2]
        accepted = [DocumentKind.ACCEPTANCE_SLIP, DocumentKind.ACCEPTANCE_NOTICE]
        kinds = {
            Action.ACCEPT: accepted,
            # Accepted once the 补正 was complete (offline/cases/actions.py): both papers.
            Action.SUPPLEMENT: [*accepted, DocumentKind.SUPPLEMENT_NOTICE]
            if accepted_on
            else [DocumentKind.SUPPLEMENT_NOTICE],
            Action.REFUSE: [DocumentKind.REFUSAL_NOTICE],
        }[action]
        if approved is not None:
            kinds.append(
                DocumentKind.APPROVAL_DECISION if approved else DocumentKind.DENIAL_DECISION
            )
            kinds.append(DocumentKind.DELIVERY_RECEIPT)
        from offline.cases.clock import clock_document_kinds  # it imports the store too

        return kinds + clock_document_kinds(self.store, case_number)

    def has_printed(self, case_number: str, kind: DocumentKind) -> bool:
        """Whether the applicant holds a valid copy: printing again is then a 补打. A voided
        print does not count (作废 withdrew it; its replacement is a first print)."""
        with self.store.read() as conn:
            row = conn.execute(
                "SELECT 1 FROM document_prints p JOIN cases c ON c.case_id = p.case_id"
                " WHERE c.case_number = ? AND p.kind = ? AND p.action != 'void'"
                " AND NOT EXISTS (SELECT 1 FROM document_prints v WHERE v.voids = p.print_id)"
                " LIMIT 1",
                (case_number, kind.value),
            ).fetchone()
        return row is not None

    # --- producing ------------------------------------------------------------------------

    def produce(
        self,
        case_number: str,
        kind: DocumentKind,
        operator: Operator,
        reprint: bool = False,
    ) -> ProducedDocument:
        if kind not in self.available_kinds(case_number):
            raise DocumentError(
                _t("办件 {n} 没有“{kind}”：").format(n=case_number, kind=kind_label(kind))
                + _t("该文书须在相应的受理、补正、不予受理或审批决定之后才能出具")
            )
        sealed = is_sealed(kind)
        reason = document_refusal(operator, kind, reprint)
        if reason:
            raise SealPermissionError(reason)
        document = self.case_document(case_number, kind, sealed=sealed, reprint=reprint)
        pdf = render(document)
        signed = False
        if kind.is_decision:
            pdf = self._sign(pdf, operator)
            signed = True
        print_id = uuid7()
        path = self._write(case_number, kind, print_id if reprint else "", pdf)
        with self.store.write() as db:
            db.table("document_prints").insert(
                {
                    "print_id": print_id,
                    "case_id": document.case_id,
                    "kind": kind.value,
                    "action": "reprint" if reprint else "print",
                    "sealed": int(sealed),
                    "signed": int(signed),
                    "operator": operator.name,
                    "window_code": self.store.window_code,
                    "at": self.clock().isoformat(timespec="milliseconds"),
                    "sha256": hashlib.sha256(pdf).hexdigest(),
                    "voids": None,
                    "reason": "",
                }
            )
            audit.append(
                db,
                actor=operator.username,
                window_code=self.store.window_code,
                action="document.reprint" if reprint else "document.print",
                case_id=document.case_id,
                details={
                    "kind": kind.value,
                    "print_id": print_id,
                    "sealed": sealed,
                    "signed": signed,
                },
            )
        return ProducedDocument(print_id, kind, path, sealed, signed, reprint)

    def void(self, print_id: str, operator: Operator, reason: str) -> None:
        """作废: a produced document is withdrawn; the ledger keeps both rows."""
        if not reason.strip():
            raise DocumentError(_t("作废须写明原因"))
        with self.store.read() as conn:
            row = conn.execute(
                "SELECT case_id, kind, sealed FROM document_prints WHERE print_id = ?"
                " AND action != 'void'",
                (print_id,),
            ).fetchone()
        if row is None:
            raise DocumentError(_t("未找到要作废的文书"))
        _require(operator, Power.MANAGE, _t("作废文书"))
        if row[2]:
            _require(operator, Power.IMMEDIATE, _t("作废盖章文书"))
        with self.store.write() as db:
            db.table("document_prints").insert(
                {
                    "print_id": uuid7(),
                    "case_id": row[0],
                    "kind": row[1],
                    "action": "void",
                    "sealed": row[2],
                    "signed": 0,
                    "operator": operator.name,
                    "window_code": self.store.window_code,
                    "at": self.clock().isoformat(timespec="milliseconds"),
                    "sha256": None,
                    "voids": print_id,
                    "reason": reason.strip(),
                }
            )
            audit.append(
                db,
                actor=operator.username,
                window_code=self.store.window_code,
                action="document.void",
                case_id=row[0],
                details={"print_id": print_id, "reason": reason.strip()},
            )

    def _sign(self, pdf: bytes, operator: Operator) -> bytes:
        from client.documents.signing import SigningError, sign_pdf

        try:
            identity = self.identity() if self.identity else None
        except SigningError as exc:  # configured, but its password or file is gone
            raise DocumentError(exc.message, exc.remedy) from exc
        if identity is None:
            raise DocumentError(
                _t("未配置部门签名证书，不能出具电子签名的决定书"),
                _t("请管理员用 keys import 或“设置 → 签名证书”导入部门证书或 UKey。"),
            )
        try:
            return sign_pdf(
                pdf,
                identity,
                reason=_t("行政许可决定"),
                location=self.department.name,
                signer_name=operator.name,
            )
        except SigningError as exc:
            raise DocumentError(exc.message, exc.remedy) from exc

    def _write(self, case_number: str, kind: DocumentKind, suffix: str, pdf: bytes) -> Path:
        folder = self.store.documents_dir / case_number
        private_dir(folder)
        name = f"{kind.value}-{suffix[-12:]}.pdf" if suffix else f"{kind.value}.pdf"
        path = folder / name
        self.store.write_document(path, pdf)  # encrypted: read back with store.read_document
        return path

    # --- assembling -----------------------------------------------------------------------

    def _case_id(self, case_number: str) -> str:
        with self.store.read() as conn:
            row = conn.execute(
                "SELECT case_id FROM cases WHERE case_number = ?", (case_number,)
            ).fetchone()
        if row is None:
            raise DocumentError(_t("未找到办件：") + case_number)
        return str(row[0])

    def case_document(
        self, case_number: str, kind: DocumentKind, sealed: bool = False, reprint: bool = False
    ) -> CaseDocument:
        from offline.documents.case_rows import read_case

        rows = read_case(self.store, case_number)
        if rows is None:
            raise DocumentError(_t("未找到办件：") + case_number)
        return assemble_document(
            self.store,
            case_number,
            rows,
            kind,
            lambda: self.department,
            sealed=sealed,
            reprint=reprint,
        )


def documents_for(store: Store, clock: Callable[[], dt.datetime] | None = None) -> DocumentService:
    """The service as the window and the CLI use it: the profile's department (training or
    the central's) and its signing identity, both read when a document is produced."""
    from offline.documents.signing_keys import identity_for

    service = DocumentService(store, clock=clock) if clock else DocumentService(store)
    service.identity = lambda: identity_for(store, service.department)
    return service


def render(document: CaseDocument) -> bytes:
    from client.documents import official  # reportlab: import when used

    try:
        return official.render_document(document)
    except official.DocumentError as exc:
        raise DocumentError(str(exc)) from exc


def kind_label(kind: DocumentKind) -> str:
    return {
        DocumentKind.ACCEPTANCE_NOTICE: _t("受理通知书"),
        DocumentKind.ACCEPTANCE_SLIP: _t("受理回执"),
        DocumentKind.SUPPLEMENT_NOTICE: _t("补正材料通知书"),
        DocumentKind.REFUSAL_NOTICE: _t("不予受理通知书"),
        DocumentKind.APPROVAL_DECISION: _t("准予行政许可决定书"),
        DocumentKind.DENIAL_DECISION: _t("不予行政许可决定书"),
        DocumentKind.DELIVERY_RECEIPT: _t("送达回证"),
        DocumentKind.PAUSE_NOTICE: _t("特别程序告知书"),
        DocumentKind.EXTENSION_NOTICE: _t("延期通知书"),
    }[kind]
