"""作废 in the case detail: the chief representative withdraws a printed document, with a reason.

The list of documents shows each print's state (有效 / 已作废 with the reason); the 作废… button
acts on the selected print. Whether the person may void is read off the UI thread and shown as
the button's tooltip; the core refuses anyway (offline/documents/service.py `void`: 管理权, and
即办权 for a sealed document), and its message is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QThreadPool
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.accounts import Power
from client.documents.data import DocumentKind
from offline.accounts.powers import refusal
from offline.cases.detail import Print
from offline.documents.service import DocumentService, current_operator, kind_label
from offline.storage.store import Store
from ui.background import BackgroundOp
from ui.dialog_buttons import confirm_buttons

PRINT_ROLE = 257  # Qt.UserRole + 1: the print_id of a row of the documents list
VOIDED_COLOUR = "#7f8c8d"


def _tr(text: str) -> str:
    return QCoreApplication.translate("VoidAction", text)


def print_rows(tree: QTreeWidget, prints: Sequence[Print]) -> None:
    """The documents list: kind, how, who, when, state (a voided print is greyed)."""
    actions = {"print": _tr("打印"), "reprint": _tr("补打"), "void": _tr("作废")}
    voided = {p.voids: p for p in prints if p.action == "void" and p.voids}
    tree.clear()
    for p in prints:
        if p.action == "void":
            state = _tr("作废原因：{reason}").format(reason=p.reason)
        elif p.print_id in voided:
            state = _tr("已作废")
        else:
            state = _tr("有效") + (_tr("（已盖章）") if p.sealed else "")
        row = QTreeWidgetItem(
            [
                kind_label(DocumentKind(p.kind)),
                actions.get(p.action, p.action),
                p.operator,
                p.at[:16].replace("T", " "),
                state,
            ]
        )
        if p.action != "void" and p.print_id not in voided:
            row.setData(0, PRINT_ROLE, p.print_id)  # only a valid print can be voided
        else:
            for column in range(row.columnCount()):
                row.setForeground(column, QBrush(QColor(VOIDED_COLOUR)))
        tree.addTopLevelItem(row)


class VoidDialog(QDialog):
    """Asks the reason for 作废 (required)."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("void_dialog")
        self.setWindowTitle(self.tr("作废文书"))
        self.reason = QLineEdit()
        self.reason.setObjectName("void_reason")
        self.reason.setPlaceholderText(self.tr("如：内容有误，已重新出具"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        form = QFormLayout()
        form.addRow(self.tr("文书："), QLabel(what))
        form.addRow(self.tr("作废原因："), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("作废后该文书失效，登记簿保留原记录和作废记录。")))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(confirm_buttons(self, self.tr("作废"), self.on_confirm))
        self.resize(520, 200)

    def on_confirm(self) -> None:
        if not self.reason.text().strip():
            self.error.setText(self.tr("作废须写明原因"))
            self.reason.setFocus()
            return
        self.accept()


class VoidAction:
    """The 作废… button of a documents list; `on_done` runs after a void is stored."""

    def __init__(
        self,
        owner: QWidget,
        store: Store,
        documents: Callable[[], DocumentService],
        tree: QTreeWidget,
        write_pool: QThreadPool,
        on_done: Callable[[], None],
    ) -> None:
        self.owner, self.store, self.documents = owner, store, documents
        self.tree, self.write_pool, self.on_done = tree, write_pool, on_done
        self.refusal = ""
        self.button = QPushButton(_tr("作废…"))
        self.button.setObjectName("void_document")
        self.button.setEnabled(False)
        self.button.clicked.connect(self.on_clicked)
        tree.currentItemChanged.connect(lambda *_: self.update())
        self.dialog: VoidDialog | None = None

    def refresh(self) -> None:
        """Read whether the person may void (a pool thread), then update the button."""
        store = self.store
        BackgroundOp(
            self.owner, lambda _ctx: refusal(store, Power.MANAGE, _tr("作废文书")), self.on_refusal
        ).on_failure(lambda _exc: None).run()

    def on_refusal(self, reason: str) -> None:
        self.refusal = reason
        self.update()

    def selected(self) -> tuple[str, str] | None:
        item = self.tree.currentItem()
        print_id = item.data(0, PRINT_ROLE) if item is not None else None
        return (str(print_id), item.text(0)) if print_id and item is not None else None

    def update(self) -> None:
        chosen = self.selected()
        self.button.setEnabled(chosen is not None and not self.refusal)
        self.button.setToolTip(self.refusal or _tr("作废所选文书（须写明原因）"))

    def on_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        dialog = self.dialog = VoidDialog(chosen[1], self.owner)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.void(chosen[0], dialog.reason.text().strip())
        self.dialog = None

    def void(self, print_id: str, reason: str) -> BackgroundOp[None]:
        documents, store = self.documents(), self.store

        def run(_ctx: object) -> None:
            documents.void(print_id, current_operator(store), reason)

        op = BackgroundOp(self.owner, run, lambda _none: self.on_done(), pool=self.write_pool)
        op.run()
        return op
