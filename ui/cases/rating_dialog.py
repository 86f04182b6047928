"""好差评 at the window: the applicant rates the service on five big buttons (or the keys 1–5),
on the second screen when the PC has one, else centred on the clerk's screen turned round.

A 差评 (1 or 2) asks why: a short list of reasons (Space ticks one) and a line of text; the core
refuses it without one (offline/cases/rating.py). The rating is written on the write pool.

`offer_rating()` is the one entry point: the case detail calls it, and so may the handover
dialog after 出证.
"""

from __future__ import annotations

from PySide6.QtCore import QThreadPool, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from client.closing.rating import LEVELS_BY_SCORE, bad_reasons, is_bad
from offline.cases.rating import Rating, rate_case
from offline.storage.store import Store
from ui.background import BackgroundOp, failure_text
from ui.screen_fit import fitted

CLOSE_AFTER_MS = 2500
KEYS = {k: score for k, score in zip(range(0x31, 0x36), range(1, 6), strict=True)}  # Key_1..5
COLOURS = {5: "#1e8449", 4: "#27ae60", 3: "#b7950b", 2: "#d35400", 1: "#c0392b"}


def applicant_screen(parent: QWidget | None) -> QScreen | None:
    """The screen the applicant looks at: another screen than the clerk's when there is one."""
    screens = QGuiApplication.screens()
    clerk = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    others = [s for s in screens if s is not clerk]
    return others[0] if others else clerk


class RatingDialog(QDialog):
    """Signals:
    rated(object): the Rating, once it is stored.
    """

    rated = Signal(object)

    def __init__(
        self,
        store: Store,
        case_number: str,
        write_pool: QThreadPool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.case_number = case_number
        self.write_pool = write_pool
        self.score: int | None = None
        self.saving = False
        self.setObjectName("rating_dialog")
        self.setWindowTitle(self.tr("服务评价"))
        big = QFont(self.font())
        big.setPointSize(max(big.pointSize(), 9) * 2)
        title = QLabel(self.tr("请您对本次服务作出评价"))
        title.setFont(big)
        medium = QFont(big)
        medium.setPointSize(big.pointSize() * 2 // 3)
        number = QLabel(self.tr("办件编号：{n}").format(n=case_number))
        number.setFont(medium)
        hint = QLabel(self.tr("请点击按钮，或按数字键 5（非常满意）至 1（非常不满意）"))
        hint.setFont(medium)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._score_page(big))
        self.pages.addWidget(self._reason_page(big))
        self.pages.addWidget(self._thanks_page(big))
        self.message = QLabel()
        self.message.setObjectName("rating_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(number)
        layout.addWidget(hint)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        self.resize(fitted(self, 1000, 560))

    # --- pages ---------------------------------------------------------------------------

    def _score_page(self, big: QFont) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        self.score_buttons: dict[int, QPushButton] = {}
        for score in range(5, 0, -1):
            button = QPushButton(f"{score}\n{LEVELS_BY_SCORE[score].label}")
            button.setObjectName(f"rate_{score}")
            button.setFont(big)
            button.setMinimumSize(150, 160)
            button.setAutoDefault(False)
            button.setStyleSheet(f"QPushButton {{ color: {COLOURS[score]}; }}")
            button.setToolTip(self.tr("按数字键 {n}").format(n=score))
            button.clicked.connect(lambda _checked=False, s=score: self.choose(s))
            self.score_buttons[score] = button
            row.addWidget(button)
        return page

    def _reason_page(self, big: QFont) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        ask = QLabel(self.tr("很抱歉让您不满意，请告诉我们原因（可多选）："))
        ask.setFont(big)
        layout.addWidget(ask)
        grid = QGridLayout()
        self.reason_boxes: list[QCheckBox] = []
        for n, text in enumerate(bad_reasons()):
            box = QCheckBox(text)
            box.setFont(big)
            self.reason_boxes.append(box)
            grid.addWidget(box, n // 2, n % 2)
        layout.addLayout(grid)
        self.reason_text = QLineEdit()
        self.reason_text.setObjectName("rating_reason")
        self.reason_text.setFont(big)
        self.reason_text.setPlaceholderText(self.tr("其他意见或建议"))
        self.reason_text.returnPressed.connect(self.submit_reason)
        layout.addWidget(self.reason_text)
        buttons = QHBoxLayout()
        back = QPushButton(self.tr("重新选择"))
        back.setAutoDefault(False)
        back.clicked.connect(self.back_to_scores)
        self.submit_button = QPushButton(self.tr("提交评价"))
        self.submit_button.setObjectName("rating_submit")
        self.submit_button.setFont(big)
        self.submit_button.clicked.connect(self.submit_reason)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout.addLayout(buttons)
        return page

    def _thanks_page(self, big: QFont) -> QWidget:
        self.thanks = QLabel(self.tr("感谢您的评价！"))
        self.thanks.setObjectName("rating_thanks")
        self.thanks.setFont(big)
        return self.thanks

    # --- the keyboard -------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        score = KEYS.get(event.key())
        if score is not None and self.pages.currentIndex() == 0 and not self.saving:
            self.choose(score)
            return
        super().keyPressEvent(event)

    # --- choosing and saving ------------------------------------------------------------

    def choose(self, score: int) -> None:
        self.score = score
        self.message.clear()
        if is_bad(score):
            self.pages.setCurrentIndex(1)
            self.reason_boxes[0].setFocus()
            return
        self.save(score, "")

    def back_to_scores(self) -> None:
        self.pages.setCurrentIndex(0)
        self.message.clear()
        self.score_buttons[5].setFocus()

    def reason(self) -> str:
        chosen = [box.text() for box in self.reason_boxes if box.isChecked()]
        text = self.reason_text.text().strip()
        return "；".join([*chosen, text] if text else chosen)

    def submit_reason(self) -> None:
        if self.score is not None:
            self.save(self.score, self.reason())

    def save(self, score: int, reason: str) -> None:
        if self.saving:
            return
        self.saving = True
        store, number = self.store, self.case_number
        BackgroundOp(
            self,
            lambda _ctx: rate_case(store, number, score, reason),
            self.on_saved,
            pool=self.write_pool,
        ).on_failure(self.on_failed).run()

    def on_saved(self, rating: Rating) -> None:
        self.saving = False
        self.pages.setCurrentIndex(2)
        self.rated.emit(rating)
        QTimer.singleShot(CLOSE_AFTER_MS, self.accept)

    def on_failed(self, exc: BaseException) -> None:
        self.saving = False
        self.message.setText(failure_text(exc))

    # --- where it shows -----------------------------------------------------------------

    def show_for_applicant(self) -> None:
        """On the applicant's screen: full screen on a second screen, else centred."""
        screen = applicant_screen(self.parentWidget())
        if screen is None:
            self.show()
            return
        area = screen.availableGeometry()
        self.setScreen(screen)
        frame = self.frameGeometry()
        frame.moveCenter(area.center())
        self.move(frame.topLeft())
        owner = self.parentWidget()
        clerk = owner.screen() if owner is not None else None
        if clerk is not None and screen is not clerk:
            self.showMaximized()
        else:
            self.show()
        self.activateWindow()
        self.score_buttons[5].setFocus()


def offer_rating(
    parent: QWidget, store: Store, case_number: str, write_pool: QThreadPool
) -> RatingDialog:
    """Open the rating dialog for `case_number` where the applicant can see it; the caller
    may connect to its `rated` signal."""
    dialog = RatingDialog(store, case_number, write_pool, parent)
    dialog.show_for_applicant()
    return dialog
