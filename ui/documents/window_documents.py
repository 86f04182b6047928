"""Documents from the main window: the chooser of a case's documents, producing one off the
UI thread, and its preview (decrypted from the store, shown from memory)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from client.documents.data import DocumentKind
from offline.cases.immediate import DecideOffer, decide_offer
from offline.documents.service import current_operator, document_refusal, kind_label
from ui.background import BackgroundOp

if TYPE_CHECKING:
    from PySide6.QtCore import QThreadPool

    from offline.intake.transaction import IntakeService
    from offline.storage.store import Store
    from ui.accounts.controller import AccountsController

    _Window = QDialog  # any QWidget: the mixin only needs tr() and being a parent
else:
    _Window = object


@dataclass(frozen=True)
class _Choices:
    """What a case can have printed, read off the UI thread."""

    kinds: list[DocumentKind]
    reprints: dict[DocumentKind, bool]
    offer: DecideOffer


class WindowDocuments(_Window):
    """Mixed into MainWindow (before QMainWindow)."""

    service: IntakeService
    store: Store
    accounts: AccountsController
    write_pool: QThreadPool
    previews: list[QDialog]
    opening_cases: set[str]

    def on_case_opened(self, case_number: str) -> None:
        """Offer the documents this case can have; produce the chosen one and preview it.

        What the case can have is read off the UI thread; the chooser opens when it is known."""
        documents, store = self.service.documents, self.store

        def gather(_ctx: object) -> _Choices:
            kinds = documents.available_kinds(case_number)
            # Printing a document again for the applicant is a reprint (补打).
            reprints = {k: documents.has_printed(case_number, k) for k in kinds}
            return _Choices(kinds, reprints, decide_offer(store, case_number))

        opening = self.opening_cases
        if case_number in opening:
            return  # a second Enter or double-click before the chooser showed
        opening.add(case_number)
        op = BackgroundOp(self, gather, lambda found: self.offer_documents(case_number, found))
        op.finished.connect(lambda: opening.discard(case_number))
        op.run()

    def offer_documents(self, case_number: str, found: _Choices) -> None:
        kinds, reprints, offer = found.kinds, found.reprints, found.offer
        person = self.accounts.person
        refusals = {
            k: document_refusal(person, k, reprints[k]) if person else self.tr("无人登录")
            for k in kinds
        }
        labels = [kind_label(k) + (self.tr("（无权限）") if refusals[k] else "") for k in kinds]
        decide = ""
        if offer.pending:  # an accepted 即办件: decide it here
            decide = self.tr("即办决定（准予或不予）") + (
                self.tr("（无权限）") if offer.refusal else ""
            )
            labels.append(decide)
        label, ok = QInputDialog.getItem(
            self, self.tr("出具文书"), self.tr("办件 {n}：").format(n=case_number), labels, 0, False
        )
        if not ok:
            return
        if decide and label == decide:
            self.decide_immediate(case_number, offer.item_name, offer.refusal)
            return
        kind = kinds[labels.index(label)]
        if refusals[kind]:
            QMessageBox.information(self, self.tr("不能出具"), refusals[kind])
            return
        self.produce_document(case_number, kind, reprints[kind])

    def decide_immediate(self, case_number: str, item_name: str, refusal: str) -> None:
        """即办决定 from the chooser: the same dialog and path as the case detail's button."""
        if refusal:
            QMessageBox.information(self, self.tr("不能即办决定"), refusal)
            return
        from ui.cases.immediate_actions import decide_and_print

        decide_and_print(self, self.service, case_number, item_name, self.write_pool, lambda: None)

    def produce_document(self, case_number: str, kind: DocumentKind, reprint: bool) -> None:
        documents, store = self.service.documents, self.store
        BackgroundOp(
            self,
            lambda _ctx: documents.produce(case_number, kind, current_operator(store), reprint),
            lambda produced: self.show_document(produced.path, case_number, produced.kind),
            pool=self.write_pool,
        ).with_progress(self.tr("正在生成文书…"), cancellable=False).run()

    def forget_preview(self, preview: QDialog) -> None:
        if preview in self.previews:
            self.previews.remove(preview)

    def show_document(
        self, path: Path, case_number: str, kind: DocumentKind = DocumentKind.ACCEPTANCE_SLIP
    ) -> None:
        """Documents are encrypted at rest: decrypted off the UI thread, previewed from memory."""
        store = self.store
        BackgroundOp(
            self,
            lambda _ctx: store.read_document(path),
            lambda pdf: self._preview_document(path, pdf, case_number, kind),
        ).run()

    def _preview_document(
        self, path: Path, pdf: bytes, case_number: str, kind: DocumentKind
    ) -> None:
        from ui.documents.document_preview import (
            DocumentPreview,  # QtPdf and printing: load on first use
        )

        title = self.tr("{kind} {n}").format(kind=kind_label(kind), n=case_number)
        printer = "receipt" if kind is DocumentKind.ACCEPTANCE_SLIP else "a4"
        preview = DocumentPreview(
            path,
            title,
            self,
            printer_setting=printer,
            store=self.store,
            write_pool=self.write_pool,
            pdf_bytes=pdf,
        )
        self.previews.append(preview)
        # Forgotten as soon as it closes: the list must not keep a deleted preview's wrapper.
        preview.finished.connect(lambda _code: self.forget_preview(preview))
        preview.show()
