"""Starting the window: Qt application, fonts, translator hook, the objects it needs."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from client.catalog import load_department
from client.i18n import install_translator
from client.resources import resource
from offline.intake import IntakeService
from offline.profile import open_profile

UI_FONT_FILE = ("fonts", "wqy-zenhei.ttc")


def install_fonts(app: QApplication) -> str:
    """Register the bundled CJK font with Qt and make it the UI font (no boxes offscreen
    or on a PC without Chinese fonts). Returns the family name used."""
    font_id = QFontDatabase.addApplicationFont(str(resource(*UI_FONT_FILE)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    family = families[0] if families else app.font().family()
    font = QFont(family)
    font.setPointSize(10)
    app.setFont(font)
    return family


def make_application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("Chuangkou")
    app.setOrganizationName("Chuangkou")
    install_translator(QCoreApplication.translate)
    install_fonts(app)
    return app


def run_window(profile: Path, smoke_test: bool = False) -> int:
    """Show the main window. `smoke_test` quits as soon as it has been painted once, printing
    "window shown" (used by the packaging test and the start-up benchmark)."""
    from ui.main_window import MainWindow

    app = make_application()
    store = open_profile(profile)
    window = MainWindow(IntakeService(store, load_department()))
    window.show()
    if smoke_test:
        QTimer.singleShot(0, lambda: (print("window shown", flush=True), app.quit()))
    code = app.exec()
    store.close()
    return int(code)
