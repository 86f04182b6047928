"""节假日管理: enter the State Council's holiday notice for a year the calendar lacks."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from client.time_limits.workdays import (
    HolidayNoticeError,
    format_holiday_notice,
    notice_from_dict,
    parse_holiday_notice,
)
from offline.storage.store import Store
from ui.background import BackgroundOp, failure_text
from ui.dialog_buttons import confirm_buttons


class HolidayDialog(QDialog):
    def __init__(
        self, store: Store, write_pool: QThreadPool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.write_pool = write_pool  # saving waits its turn behind intakes, off the UI thread
        self.setWindowTitle(self.tr("节假日管理"))
        this_year = dt.date.today().year
        self.year = QSpinBox()
        self.year.setObjectName("holiday_year")
        self.year.setRange(this_year - 1, this_year + 3)
        calendar = store.calendar()
        missing = [y for y in (this_year, this_year + 1) if not calendar.knows_year(y)]
        self.year.setValue(missing[0] if missing else this_year)
        self.state = QLabel()
        self.text = QPlainTextEdit()
        self.text.setObjectName("holiday_text")
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        help_text = QLabel(
            self.tr(
                "按国务院办公厅节假日安排通知录入，每行一项：\n"
                "休 2027-02-06 至 2027-02-13    （放假，含首尾）\n"
                "班 2027-02-14                  （调休上班）\n"
                "以 # 开头的行为注释。"
            )
        )
        buttons = confirm_buttons(self, self.tr("保存"), self.on_save_clicked)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("年份")))
        row.addWidget(self.year)
        row.addWidget(self.state, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(help_text)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, 480)
        self.year.valueChanged.connect(self.on_year_changed)
        self.on_year_changed(self.year.value())

    def on_year_changed(self, year: int) -> None:
        stored = self.store.settings.get("calendar.notices").get(str(year))
        if stored:
            self.state.setText(self.tr("已录入"))
            self.text.setPlainText(format_holiday_notice(notice_from_dict(stored)))
        else:
            known = self.store.calendar().knows_year(year)
            self.state.setText(
                self.tr("内置日历已包含该年，无需录入")
                if known
                else self.tr("缺失：目前按法定节假日计算（调休未知，时限暂定）")
            )
            self.text.setPlainText("")
        self.error.clear()

    def on_save_clicked(self) -> None:
        try:
            notice = parse_holiday_notice(self.year.value(), self.text.toPlainText())
        except HolidayNoticeError as exc:
            self.error.setText(failure_text(exc))
            return
        if not notice.holidays:
            self.error.setText(self.tr("请至少录入一段放假安排"))
            return
        store = self.store
        save = BackgroundOp(
            self, lambda _ctx: store.set_holiday_notice(notice), self.on_saved, pool=self.write_pool
        )
        save.on_failure(lambda exc: self.error.setText(failure_text(exc))).run()

    def on_saved(self, _result: object) -> None:
        self.accept()
