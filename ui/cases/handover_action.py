"""出证 in the case detail: the button, the line that says where the case stands (待出证, or how
it was handed over), and the dialog that hands it over (ui/cases/handover_dialog.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QThreadPool
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QWidget

from client.domain import ApplicantKind, IdType, Party, Stage
from offline.cases.detail import CaseDetail
from offline.cases.handover import Handover
from offline.intake.transaction import IntakeService
from ui.background import BackgroundOp, failure_text


def _tr(text: str) -> str:
    return QCoreApplication.translate("CaseDetailDialog", text)


def applicant_of(detail: CaseDetail) -> Party | None:
    row: dict[str, Any] | None = detail.parties.get("applicant")
    if row is None:
        return None
    return Party(
        ApplicantKind(row["kind"]),
        row["name"],
        IdType(row["id_type"]),
        row["id_number"],
        row["phone"],
        row["address"],
        row["legal_representative"],
    )


class HandoverAction:
    """`button` and `state` go into the detail's layout; `show` follows each reload."""

    def __init__(
        self,
        parent: QWidget,
        service: IntakeService,
        case_number: str,
        write_pool: QThreadPool,
        reload: Callable[[], None],
        show_pdf: Callable[..., None],
    ) -> None:
        self.parent, self.service, self.case_number = parent, service, case_number
        self.write_pool, self.reload, self.show_pdf = write_pool, reload, show_pdf
        self.detail: CaseDetail | None = None
        self.handover: Handover | None = None
        self.dialog: QDialog | None = None
        self.receipt_note = ""  # why the 送达回证 of a handover could not be produced
        self.state = QLabel()
        self.state.setObjectName("handover_state")
        self.state.setWordWrap(True)
        self.button = QPushButton(_tr("出证(&H)…"))
        self.button.setObjectName("handover")
        self.button.setEnabled(False)
        self.button.clicked.connect(self.on_clicked)

    def show(self, detail: CaseDetail, handover: Handover | None) -> None:
        self.detail, self.handover = detail, handover
        decided = detail.stage is Stage.DECIDED and handover is None
        self.button.setEnabled(decided)
        self.button.setToolTip("" if decided else _tr("只有已作出审批决定、尚未出证的办件可以出证"))
        if handover is not None:
            self.state.setText(
                _tr("已出证：{at}　{how}　经办人：{clerk}").format(
                    at=handover.handed_over_at[:16].replace("T", " "),
                    how=handover.delivery_method,
                    clerk=handover.recorded_by,
                )
                + self.receipt_note
            )
        elif decided:
            self.state.setText(_tr("待出证：审批决定已作出，尚未交付申请人"))
        else:
            self.state.clear()

    def on_clicked(self) -> None:
        from ui.cases.handover_dialog import HandoverDialog

        applicant = applicant_of(self.detail) if self.detail is not None else None
        if applicant is None:
            return
        dialog = HandoverDialog(
            self.service.store,
            self.service.documents,
            self.case_number,
            applicant,
            self.write_pool,
            self.parent,
        )
        dialog.handed_over.connect(self.on_handed_over)
        self.dialog = dialog
        dialog.open()

    def on_handed_over(self, handover: Handover, path: Path | None, error: str) -> None:
        if path is None and error:
            self.receipt_note = _tr("\n送达回证未能生成：{why}（可补打）").format(why=error)
        self.reload()
        if path is None:
            return
        store, title = self.service.store, _tr("送达回证 {n}").format(n=handover.case_number)
        # Documents are encrypted at rest: decrypt off the UI thread, then preview.
        BackgroundOp(
            self.parent,
            lambda _ctx: store.read_document(path),
            lambda pdf: self.show_pdf(path, title, pdf=pdf),
        ).on_failure(lambda exc: self.state.setText(failure_text(exc))).run()
