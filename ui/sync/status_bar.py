"""The sync state on the main window: the link in words, what waits to be sent, the last sync,
uploads in flight, cases needing attention (in the status bar) and the health banner (above
the screens).

Reports arrive up to ten times a second while uploading, so each widget is touched only when
what it shows changes: no repolishing or relayout for nothing.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QWidget

from offline.storage.store import Store
from offline.sync.health import HealthLevel
from offline.sync.status import LinkState, SyncSnapshot
from ui.sync.controller import link_text, megabytes

LINK_STYLES = {
    LinkState.ONLINE: "color: #1e8449;",
    LinkState.SYNCING: "color: #1f618d;",
    LinkState.OFFLINE: "color: white; background: #7f8c8d; padding: 0 6px;",
    LinkState.LOGGED_OUT: "color: white; background: #c0392b; padding: 0 6px;",
}
BANNER_STYLES = {
    HealthLevel.WARN: "background: #fcf3cf; color: #7d6608; border: 1px solid #f4d03f;",
    HealthLevel.BLOCK: "background: #c0392b; color: white; font-weight: bold;",
}
PARKED_STYLE = (
    "QPushButton { color: white; background-color: #c0392b; border: none;"
    " border-radius: 3px; padding: 1px 8px; }"
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("SyncIndicators", text)


def set_text(widget: QLabel | QPushButton, text: str) -> None:
    if widget.text() != text:
        widget.setText(text)


def set_tip(widget: QWidget, tip: str) -> None:
    if widget.toolTip() != tip:
        widget.setToolTip(tip)


def set_style(widget: QWidget, style: str) -> None:
    if widget.styleSheet() != style:
        widget.setStyleSheet(style)


def set_shown(widget: QWidget, shown: bool) -> None:
    if widget.isHidden() == shown:
        widget.setVisible(shown)


def last_sync_text(moment: dt.datetime | None, today: dt.date | None = None) -> str:
    if moment is None:
        return _tr("从未同步")
    local = moment.astimezone()
    same_day = local.date() == (today or dt.date.today())
    return _tr("上次同步 {time}").format(
        time=local.strftime("%H:%M" if same_day else "%m-%d %H:%M")
    )


class SyncIndicators:
    """The widgets; the window places them (status bar, top of the central area)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.link_label = QLabel()
        self.link_label.setObjectName("link_label")
        self.outbox_label = QLabel()
        self.outbox_label.setObjectName("outbox_label")
        self.last_sync_label = QLabel()
        self.last_sync_label.setObjectName("last_sync_label")
        self.upload_bar = QProgressBar()
        self.upload_bar.setObjectName("upload_bar")
        self.upload_bar.setRange(0, 1000)
        self.upload_bar.setFixedWidth(160)
        self.upload_bar.setFormat(_tr("上传材料 %p%"))
        self.upload_bar.hide()
        self.parked_button = QPushButton()
        self.parked_button.setObjectName("parked_button")
        self.parked_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.parked_button.setStyleSheet(PARKED_STYLE)
        self.parked_button.setToolTip(_tr("中心系统拒绝了这些办件，点击查看原因并处理"))
        self.parked_button.hide()
        self.banner = QLabel()
        self.banner.setObjectName("health_banner")
        self.banner.setWordWrap(True)
        self.banner.setContentsMargins(10, 6, 10, 6)
        self.banner.hide()

    def status_widgets(self) -> list[QWidget]:
        """In the order they stand in the status bar."""
        return [
            self.link_label,
            self.outbox_label,
            self.last_sync_label,
            self.upload_bar,
            self.parked_button,
        ]

    def show(self, snapshot: SyncSnapshot | None) -> None:
        self.show_link(snapshot)
        if snapshot is None:
            return
        status = snapshot.status
        set_text(
            self.outbox_label,
            _tr("待同步 {n} 项（{mb} MB）").format(
                n=status.pending, mb=megabytes(status.bytes_pending)
            ),
        )
        set_text(self.last_sync_label, last_sync_text(status.last_success_at))
        set_shown(self.last_sync_label, not snapshot.training)
        self.show_uploads(snapshot)
        set_text(self.parked_button, _tr("需处理 {n} 件").format(n=status.parked_cases))
        set_shown(self.parked_button, status.parked_cases > 0)
        health = snapshot.health
        set_text(self.banner, health.message)
        set_style(self.banner, BANNER_STYLES.get(health.level, ""))
        set_shown(self.banner, health.level is not HealthLevel.OK)

    def show_link(self, snapshot: SyncSnapshot | None) -> None:
        if self.store.training:
            set_text(self.link_label, _tr("培训模式不同步"))
            set_style(self.link_label, "")
            set_tip(self.link_label, _tr("培训模式的办件不会发送到中心系统"))
            return
        if snapshot is not None and snapshot.training:  # just logged in: a report is due
            snapshot = None
        set_text(self.link_label, link_text(snapshot))
        link = snapshot.status.link if snapshot is not None else LinkState.UNKNOWN
        set_style(self.link_label, LINK_STYLES.get(link, ""))
        set_tip(self.link_label, snapshot.status.message if snapshot is not None else "")

    def show_uploads(self, snapshot: SyncSnapshot) -> None:
        uploads = snapshot.status.uploads
        sent = sum(u.sent for u in uploads)
        total = sum(u.total for u in uploads)
        if total > 0:
            value = int(1000 * sent / total)
            if self.upload_bar.value() != value:
                self.upload_bar.setValue(value)
            set_tip(
                self.upload_bar,
                _tr("正在上传：{names}（共 {total} MB）").format(
                    names="、".join(u.name for u in uploads), total=megabytes(total)
                ),
            )
        set_shown(self.upload_bar, total > 0)
