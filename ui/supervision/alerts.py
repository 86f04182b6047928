"""The 预警 panel on the main screen: cases due soon (yellow), overdue (red) and open 督办,
read off the UI thread; a desktop notification when a case changes colour.

The chief representative answers a 督办 by double-clicking it (说明理由 / 已办结); anyone may
send a 催办 about a case's late back-office step from its context menu. A 差评 (offline/cases/
rating.py) stays in its group until the chief records the follow-up (double-click).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QMenu,
    QSystemTrayIcon,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.time_limits.supervision import CaseLight, light_label
from client.time_limits.workdays import Light
from offline.cases.clock import case_lights, watched_case_ids
from offline.cases.orders import Order, open_orders
from offline.cases.rating import Rating, open_bad_ratings
from offline.storage.store import Store
from ui.background import BackgroundOp

LIGHT_COLOURS = {Light.GREEN: "#1e8449", Light.YELLOW: "#b7950b", Light.RED: "#c0392b"}
REFRESH_MS = 60_000


@dataclass(frozen=True)
class Watched:
    case_id: str
    case_number: str
    item_name: str
    light: CaseLight


@dataclass(frozen=True)
class Alerts:
    cases: tuple[Watched, ...]
    orders: tuple[Order, ...]
    bad_ratings: tuple[Rating, ...] = ()


def read_alerts(store: Store, today: dt.date) -> Alerts:
    """Every running case's light and every open 督办 (a pool thread's work)."""
    with store.read() as conn:
        ids = watched_case_ids(conn)
        names = dict(
            conn.execute(
                "SELECT case_id, case_number || char(31) || item_name FROM cases"
                f" WHERE case_id IN ({','.join('?' * len(ids))})",
                ids,
            ).fetchall()
        )
    lights = case_lights(store, ids, today)
    cases = []
    for case_id, light in lights.items():
        number, _, item = str(names.get(case_id, "")).partition("\x1f")
        cases.append(Watched(case_id, number, item, light))
    cases.sort(key=lambda w: (w.light.due.promised, w.case_number))
    return Alerts(tuple(cases), tuple(open_orders(store)), tuple(open_bad_ratings(store)))


def colour_changes(before: dict[str, Light], alerts: Alerts) -> list[tuple[Watched, Light]]:
    """Cases whose light differs from the last reading (new cases are not a change)."""
    return [
        (w, before[w.case_id])
        for w in alerts.cases
        if w.case_id in before and before[w.case_id] is not w.light.light
    ]


def light_text(light: CaseLight) -> str:
    return "● " + light_label(light.light)


def _tr(text: str) -> str:
    return QCoreApplication.translate("AlertsPanel", text)


def light_tooltip(light: CaseLight) -> str:
    lines = [
        _tr("承诺办结：{due}").format(due=light.due.promised.isoformat()),
        _tr("法定办结：{due}").format(due=light.due.legal.isoformat()),
    ]
    if light.reason:
        lines.append(light.reason)
    lines.extend(light.notes)
    return "\n".join(lines)


class AlertsPanel(QWidget):
    """Signals:
    order_chosen(object): the chief double-clicked an open 督办 (its Order).
    urge_requested(str): send a 催办 about this case (its number).
    bad_rating_chosen(str): follow up the 差评 of this case (its number).
    """

    order_chosen = Signal(object)
    urge_requested = Signal(str)
    bad_rating_chosen = Signal(str)

    def __init__(
        self,
        store: Store,
        notify: Callable[[str, str], None],
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.notify = notify
        self.today = today
        self.setObjectName("alerts_panel")
        self.tree = QTreeWidget()
        self.tree.setObjectName("alerts_tree")
        self.tree.setHeaderLabels(
            [self.tr("办件"), self.tr("事项"), self.tr("期限"), self.tr("状态")]
        )
        self.tree.itemDoubleClicked.connect(self.on_item_double_clicked)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self.on_context_menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        self.groups: dict[str, QTreeWidgetItem] = {}
        self._new_groups()
        self.alerts = Alerts((), ())
        self.lights: dict[str, Light] = {}
        self.loaded = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(REFRESH_MS)

    def _new_groups(self) -> None:
        """Empty groups. clear() deletes the old items in Qt; takeChildren() would hand them
        to Python, where they were never freed (the all-day test saw 80 MB more)."""
        self.tree.clear()
        self.groups = {
            "due_soon": self._group(self.tr("即将到期")),
            "overdue": self._group(self.tr("已超期")),
            "orders": self._group(self.tr("督办")),
            "bad_ratings": self._group(self.tr("差评")),
        }

    def _group(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [title])
        item.setExpanded(True)
        return item

    def refresh(self) -> None:
        store, today = self.store, self.today()
        op = BackgroundOp(self, lambda _ctx: read_alerts(store, today), self.show_alerts)
        op.on_failure(lambda _exc: None).run()  # a failed read: the next refresh tries again

    def show_alerts(self, alerts: Alerts) -> None:
        if self.loaded:
            for watched, before in colour_changes(self.lights, alerts):
                self.notify(
                    self.tr("办件 {n} 变为{light}").format(
                        n=watched.case_number, light=light_label(watched.light.light)
                    ),
                    self.tr("{item}：原为{before}，承诺办结日期 {due}").format(
                        item=watched.item_name,
                        before=light_label(before),
                        due=watched.light.due.promised.isoformat(),
                    ),
                )
        self.loaded = True
        self.alerts = alerts
        self.lights = {w.case_id: w.light.light for w in alerts.cases}
        self._new_groups()
        for watched in alerts.cases:
            light = watched.light
            if light.light is Light.GREEN:
                continue
            group = self.groups["overdue" if light.remaining < 0 else "due_soon"]
            if light.light is Light.RED and light.remaining >= 0:
                group = self.groups["overdue"]  # red without being late: the central says so
            item = QTreeWidgetItem(
                group,
                [
                    watched.case_number,
                    watched.item_name,
                    light.due.promised.isoformat(),
                    light_text(light),
                ],
            )
            item.setData(0, Qt.ItemDataRole.UserRole, watched.case_number)
            item.setForeground(3, QBrush(QColor(LIGHT_COLOURS[light.light])))
            for column in range(4):
                item.setToolTip(column, light_tooltip(light))
        today = self.today()
        for order in alerts.orders:
            state = self.tr("已逾期未答复") if order.overdue(today) else self.tr("待答复")
            item = QTreeWidgetItem(
                self.groups["orders"],
                [order.case_number, order.note, order.deadline.isoformat(), state],
            )
            item.setData(0, Qt.ItemDataRole.UserRole, order.case_number)
            item.setData(1, Qt.ItemDataRole.UserRole, order.order_id)
            tip = self.tr("{issuer} 于 {at} 督办：{note}").format(
                issuer=order.issuer, at=order.issued_at[:16].replace("T", " "), note=order.note
            )
            item.setToolTip(1, tip)
        for rating in alerts.bad_ratings:
            item = QTreeWidgetItem(
                self.groups["bad_ratings"],
                [rating.case_number, rating.reason, rating.rated_at[:10], rating.level.label],
            )
            item.setData(0, Qt.ItemDataRole.UserRole, rating.case_number)
            item.setData(2, Qt.ItemDataRole.UserRole, rating.case_number)
            item.setForeground(3, QBrush(QColor(LIGHT_COLOURS[Light.RED])))
            item.setToolTip(
                1, self.tr("{who} 登记，双击记录跟进情况").format(who=rating.recorded_by)
            )
        titles = {
            "due_soon": self.tr("即将到期"),
            "overdue": self.tr("已超期"),
            "bad_ratings": self.tr("差评"),
        }
        for key, group in self.groups.items():
            title = titles.get(key, self.tr("督办"))
            group.setText(0, f"{title}（{group.childCount()}）")

    def order_of(self, item: QTreeWidgetItem) -> Order | None:
        order_id = item.data(1, Qt.ItemDataRole.UserRole)
        return next((o for o in self.alerts.orders if o.order_id == order_id), None)

    def on_item_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        order = self.order_of(item)
        if order is not None:
            self.order_chosen.emit(order)
        bad = item.data(2, Qt.ItemDataRole.UserRole)
        if bad:
            self.bad_rating_chosen.emit(str(bad))

    def on_context_menu(self, at: QPoint) -> None:
        item = self.tree.itemAt(at)
        number = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if not number:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("催办…"), lambda: self.urge_requested.emit(number))
        order = self.order_of(item) if item else None
        if order is not None:
            menu.addAction(self.tr("答复督办…"), lambda: self.order_chosen.emit(order))
        bad = item.data(2, Qt.ItemDataRole.UserRole) if item else None
        if bad:
            menu.addAction(self.tr("处理差评…"), lambda: self.bad_rating_chosen.emit(str(bad)))
        menu.exec(self.tree.viewport().mapToGlobal(at))


def desktop_notifier(
    window: QWidget, status: Callable[[str, int], None]
) -> Callable[[str, str], None]:
    """A tray balloon when the desktop has a tray, else the status bar."""
    tray: QSystemTrayIcon | None = None
    if QSystemTrayIcon.isSystemTrayAvailable():
        tray = QSystemTrayIcon(window.windowIcon(), window)
        tray.show()

    def notify(title: str, message: str) -> None:
        if tray is not None and tray.supportsMessages():
            tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Warning, 10_000)
        else:
            status(f"{title}：{message}", 15_000)

    return notify
