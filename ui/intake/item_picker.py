"""Find a service item by name, code or pinyin initials (typing `gtgsh` finds 个体工商户…)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.catalog.search import search_items
from client.domain import ItemKind, ServiceItem


class ItemPicker(QWidget):
    """Signals:
    item_chosen(object): the clerk picked a ServiceItem (or None when the search is cleared).
    """

    item_chosen = Signal(object)

    def __init__(self, items: list[ServiceItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = items
        self.search = QLineEdit()
        self.search.setObjectName("item_search")
        self.search.setPlaceholderText(self.tr("事项名称、编码或拼音首字母，如 gtgsh"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("item_results")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("办理事项")))
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.details)
        self.search.textChanged.connect(self.on_search_changed)
        self.search.returnPressed.connect(self.on_search_return_pressed)
        self.search.installEventFilter(self)  # Down: into the results
        self.results.currentItemChanged.connect(self.on_result_current_changed)
        self.on_search_changed("")

    def on_search_changed(self, text: str) -> None:
        self.results.clear()
        for item in search_items(self.items, text):
            row = QListWidgetItem(f"{item.name}\n{item.code} · {item.department_name}")
            row.setData(Qt.ItemDataRole.UserRole, item)
            self.results.addItem(row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the search box moves into the results (onto the first, if none is
        current), so an item is found and chosen without the mouse."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.results.count()
        ):
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)
            self.results.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def on_search_return_pressed(self) -> None:
        if self.results.count():
            self.results.setCurrentRow(0)

    def on_result_current_changed(self, current: QListWidgetItem | None) -> None:
        item = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.details.setText(self.describe(item) if item else "")
        self.item_chosen.emit(item)

    def describe(self, item: ServiceItem) -> str:
        kind = self.tr("即办件") if item.kind is ItemKind.IMMEDIATE else self.tr("承诺件")
        basis = "；".join(f"{b.law}{b.article}" for b in item.legal_basis)
        return self.tr(
            "{name}\n{kind} · 法定时限 {legal} 个工作日 · 承诺时限 {promised} 个工作日\n"
            "收费：{fee}\n设定依据：{basis}"
        ).format(
            name=item.name,
            kind=kind,
            legal=item.legal_limit_days,
            promised=item.promised_limit_days,
            fee=item.fee,
            basis=basis,
        )

    def current_item(self) -> ServiceItem | None:
        current = self.results.currentItem()
        return current.data(Qt.ItemDataRole.UserRole) if current else None

    def clear(self) -> None:
        self.search.clear()
        self.results.setCurrentRow(-1)
