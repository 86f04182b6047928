"""即办决定 from the window: the dialog, the decision recorded off the UI thread, then the
sealed decision produced and previewed for printing on the spot (the window's document path).

Two steps, so a failed print never hides a recorded decision: the case reloads as decided
first, and the decision can be printed again from 出具文书 / 补打文书.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QThreadPool
from PySide6.QtWidgets import QDialog, QWidget

from offline.cases.immediate import ImmediateDecision, decide_immediate
from offline.documents.service import ProducedDocument, current_operator, kind_label
from ui.background import BackgroundOp
from ui.cases.immediate_dialog import ImmediateDecisionDialog

if TYPE_CHECKING:
    from offline.intake.transaction import IntakeService


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImmediateActions", text)


def decide_and_print(
    parent: QWidget,
    service: IntakeService,
    case_number: str,
    item_name: str,
    write_pool: QThreadPool,
    after: Callable[[], None],
) -> ImmediateDecisionDialog:
    """Open the dialog; on 决定并打印 record the decision, call `after`, then print."""
    dialog = ImmediateDecisionDialog(case_number, item_name, parent)
    store, number = service.store, case_number

    def record() -> None:
        approved, reasons = dialog.approved, dialog.written_reasons()
        content = dialog.written_content()
        BackgroundOp(
            parent,
            lambda _ctx: decide_immediate(  # the department is read here, off the UI thread
                store, service.department, number, approved, reasons, content
            ),
            decided,
            pool=write_pool,
        ).with_progress(_tr("正在记录即办决定…"), cancellable=False).run()

    def decided(done: ImmediateDecision) -> None:
        after()
        BackgroundOp(
            parent,
            lambda _ctx: _produce(service, done),
            lambda produced: _preview(parent, service, produced, number),
            pool=write_pool,
        ).with_progress(_tr("正在生成决定书…"), cancellable=False).run()

    dialog.accepted.connect(record)
    dialog.open()
    return dialog


def _produce(service: IntakeService, done: ImmediateDecision) -> tuple[ProducedDocument, bytes]:
    documents, store = service.documents, service.store
    produced = documents.produce(done.case_number, done.document_kind, current_operator(store))
    return produced, store.read_document(produced.path)


def _preview(
    parent: QWidget, service: IntakeService, produced: tuple[ProducedDocument, bytes], number: str
) -> None:
    from ui.documents.document_preview import DocumentPreview

    document, pdf = produced
    preview = DocumentPreview(
        document.path,
        f"{kind_label(document.kind)} {number}",
        parent,
        printer_setting="a4",
        store=service.store,
        pdf_bytes=pdf,
    )
    previews: list[QDialog] | None = getattr(parent, "previews", None)
    if previews is not None:  # kept while open, forgotten once closed
        previews.append(preview)

        def forget(_code: int) -> None:
            if preview in previews:
                previews.remove(preview)

        preview.finished.connect(forget)
    preview.show()
