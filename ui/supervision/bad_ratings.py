"""The chief representative's follow-up of a 差评 from the 预警 panel: a note of what was done
(回访, 整改), stored on the write pool; the core refuses anyone but the chief with 督办权."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QThreadPool
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from offline.cases.rating import Rating, handle_bad_rating
from offline.storage.store import Store
from ui.background import BackgroundOp


def _tr(text: str) -> str:
    return QCoreApplication.translate("BadRatings", text)


def follow_up_bad_rating(
    parent: QWidget,
    store: Store,
    case_number: str,
    write_pool: QThreadPool,
    done: Callable[[Rating], None],
    note: str | None = None,
) -> BackgroundOp[Rating] | None:
    """Ask for the note (unless given), then record it; `done` runs with the handled rating."""
    if note is None:
        note, ok = QInputDialog.getText(
            parent,
            _tr("处理差评"),
            _tr("办件 {n} 的差评，跟进情况（如已电话回访、已整改）：").format(n=case_number),
            QLineEdit.EchoMode.Normal,
        )
        if not ok:
            return None
    text = note

    def run(_ctx: object) -> Rating:
        return handle_bad_rating(store, case_number, text, store.person)

    op = BackgroundOp(parent, run, done, pool=write_pool)
    op.run()
    return op
