"""采集材料: capture one material's pages from a scanner, the document camera, files or a
watched folder, fix them in the page strip, and finish with the material's single PDF.

The dialog edits its own copy of the pages: 取消 leaves the checklist row as it was. 完成
builds the PDF off the UI thread (progress, cancel); pages that look blank must be confirmed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.capture.devices import open_scanner
from client.capture.devices.watched_folder import WatchedFolderSource
from client.capture.material_pdf import MaterialPdf
from client.capture.pages import Page, PageSet
from client.capture.sources import SourceKind
from client.domain import MaterialRequirement
from ui.background import BackgroundOp, failure_text
from ui.capture.material_capture import Acquired, MaterialCapture
from ui.capture.page_strip import PageStrip
from ui.capture.scan_settings import ScanSettingsRow
from ui.screen_fit import resize_to_fit

FILE_FILTER = str(
    QT_TRANSLATE_NOOP(
        "CaptureDialog", "材料文件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;所有文件 (*)"
    )
)
WATCH_POLL_MS = 1000
TABS = (SourceKind.SCANNER, SourceKind.CAMERA, SourceKind.FILES, SourceKind.WATCHED_FOLDER)


class CaptureDialog(QDialog):
    """Signals:
    finished_material(object): the built MaterialPdf, emitted before the dialog accepts;
        `result_pages` holds the pages it was built from.
    """

    finished_material = Signal(object)

    def __init__(
        self,
        capture: MaterialCapture,
        material: MaterialRequirement,
        pages: Sequence[Page] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.capture = capture
        self.material = material
        self.result_pdf: MaterialPdf | None = None
        self.result_pages: tuple[Page, ...] = ()  # exactly the pages `result_pdf` was built from
        self.busy: BackgroundOp[object] | None = None
        self.blank_box: QMessageBox | None = None  # the question about blank pages, if asked
        self.setWindowTitle(self.tr("采集材料：{name}").format(name=material.name))
        self.setObjectName("capture_dialog")
        initial = capture.scan_settings()

        self.strip = PageStrip(PageSet(pages))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("capture_sources")

        # 扫描仪
        scanner_tab = QWidget()
        self.scan_row = ScanSettingsRow(capture.scanners, initial)
        self.scan_button = QPushButton(self.tr("扫描"))
        self.scan_button.setObjectName("scan_button")
        self.scan_button.setAutoDefault(False)
        scanner_layout = QHBoxLayout(scanner_tab)
        scanner_layout.addWidget(self.scan_row, 1)
        scanner_layout.addWidget(self.scan_button)
        # 高拍仪 (created when first shown, so the camera runs only while it is looked at)
        self.camera_tab = QWidget()
        self.camera_layout = QVBoxLayout(self.camera_tab)
        self.camera_layout.setContentsMargins(0, 0, 0, 0)
        self.camera_view: QWidget | None = None
        self.leaving_views: list[QWidget] = []  # closed camera views still storing a photo
        # 导入文件
        files_tab = QWidget()
        self.import_button = QPushButton(self.tr("选择文件…"))
        self.import_button.setAutoDefault(False)
        files_layout = QHBoxLayout(files_tab)
        files_layout.addWidget(self.import_button)
        files_layout.addWidget(
            QLabel(self.tr("支持 PDF、JPEG、PNG、TIFF（含多页）；也可以把文件拖到下方页面区域"))
        )
        files_layout.addStretch()
        # 监视文件夹
        folder_tab = QWidget()
        self.folder = QLineEdit(capture.store.settings.text("scan.watch_folder"))
        self.folder.setObjectName("watch_folder")
        self.folder.setPlaceholderText(self.tr("扫描仪“扫描到文件夹”的目标文件夹"))
        self.browse_button = QPushButton(self.tr("浏览…"))
        self.browse_button.setAutoDefault(False)
        self.watch_button = QPushButton(self.tr("开始监视"))
        self.watch_button.setObjectName("watch_button")
        self.watch_button.setCheckable(True)
        self.watch_button.setAutoDefault(False)
        self.watch_state = QLabel()
        folder_layout = QHBoxLayout(folder_tab)
        folder_layout.addWidget(QLabel(self.tr("文件夹：")))
        folder_layout.addWidget(self.folder, 1)
        folder_layout.addWidget(self.browse_button)
        folder_layout.addWidget(self.watch_button)
        folder_layout.addWidget(self.watch_state)

        self.tabs.addTab(scanner_tab, self.tr("扫描仪"))
        self.tabs.addTab(self.camera_tab, self.tr("高拍仪"))
        self.tabs.addTab(files_tab, self.tr("导入文件"))
        self.tabs.addTab(folder_tab, self.tr("监视文件夹"))
        saved = capture.store.settings.text("scan.source")
        kinds = [k.value for k in TABS]
        self.tabs.setCurrentIndex(kinds.index(saved) if saved in kinds else 0)

        self.message = QLabel()
        self.message.setObjectName("capture_message")
        self.message.setWordWrap(True)
        self.finish_button = QPushButton(self.tr("完成"))
        self.finish_button.setObjectName("finish_button")
        self.finish_button.setAutoDefault(False)
        cancel_button = QPushButton(self.tr("取消"))
        cancel_button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(cancel_button)
        bottom.addWidget(self.finish_button)
        title = QLabel(
            self.tr("材料：{name}（{code}）").format(name=material.name, code=material.code)
        )
        title.setStyleSheet("font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs)
        layout.addWidget(self.strip, 1)
        layout.addLayout(bottom)

        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(WATCH_POLL_MS)
        self.watch_source: WatchedFolderSource | None = None
        self.watch_op: BackgroundOp[Acquired] | None = None

        self.tabs.currentChanged.connect(self.on_tab_changed)
        self.scan_button.clicked.connect(self.on_scan_clicked)
        self.import_button.clicked.connect(self.on_import_clicked)
        self.browse_button.clicked.connect(self.on_browse_clicked)
        self.watch_button.toggled.connect(self.on_watch_toggled)
        self.watch_timer.timeout.connect(self.poll_folder)
        self.strip.files_dropped.connect(lambda paths: self.import_files(paths))
        self.strip.insert_requested.connect(self.on_insert_requested)
        self.strip.edited.connect(self.refresh)
        self.finish_button.clicked.connect(self.on_finish_clicked)
        cancel_button.clicked.connect(self.reject)
        self.on_tab_changed(self.tabs.currentIndex())
        self.refresh()
        resize_to_fit(self, 1000, 700)  # fits 1366×768 with a taskbar

    # --- state --------------------------------------------------------------------------------

    def pages(self) -> tuple[Page, ...]:
        return self.strip.pages()

    def refresh(self) -> None:
        # Not while a page is still on its way (a folder poll, a photo being stored): it would
        # arrive after the PDF was built and be in neither.
        views = [self.camera_view, *self.leaving_views]  # CameraView loads on first use
        saving = sum(getattr(view, "saving", 0) for view in views)
        arriving = self.watch_op is not None or saving > 0
        self.finish_button.setEnabled(bool(self.pages()) and self.busy is None and not arriving)

    def set_busy(self, op: BackgroundOp[object] | None) -> None:
        self.busy = op
        for widget in (self.scan_button, self.import_button, self.strip):
            widget.setEnabled(op is None)
        if op is not None:
            op.finished.connect(lambda: self.set_busy(None))
        self.refresh()

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #c0392b;" if error else "color: #1e8449;")

    def on_tab_changed(self, index: int) -> None:
        kind = TABS[index]
        self.capture.save_settings({"scan.source": kind.value})
        if kind is SourceKind.CAMERA and self.camera_view is None:
            from ui.capture.camera_view import create_camera_view  # loads on first use

            view = create_camera_view(self.capture.workspace, self.capture.scan_settings())
            view.captured.connect(self.on_camera_captured)
            view.saving_changed.connect(self.refresh)
            view.store_failed.connect(self.on_photo_failed)
            self.camera_layout.addWidget(view)
            view.show()
            self.camera_view = view
        elif kind is not SourceKind.CAMERA:
            self.stop_camera()

    def stop_camera(self) -> None:
        from ui.capture.camera_view import CameraViewBase

        view = self.camera_view
        if not isinstance(view, CameraViewBase):
            return
        view.stop()
        self.camera_view = None
        if view.saving:
            # The photo being stored is the view's job: the view stays, hidden, until it lands.
            view.hide()
            self.leaving_views.append(view)
            view.saving_changed.connect(lambda: self.let_go(view))
        else:
            view.deleteLater()

    def let_go(self, view: QWidget) -> None:
        if getattr(view, "saving", 0) == 0 and view in self.leaving_views:
            self.leaving_views.remove(view)
            view.deleteLater()

    # --- sources ------------------------------------------------------------------------------

    def on_scan_clicked(self) -> None:
        settings = self.scan_row.settings()
        device = self.scan_row.chosen_device()
        if device is None:
            self.show_message(self.tr("没有可用的扫描仪：请连接扫描仪后点击“重新查找”"), True)
            return
        self.capture.save_scan_settings(settings)
        source = open_scanner(device, self.capture.workspace)
        op = self.capture.acquire(self, source, settings, self.tr("正在扫描…"), self.on_acquired)
        op.on_failure(self.on_acquire_failed)
        self.set_busy(op)  # type: ignore[arg-type]

    def on_import_clicked(self) -> None:
        self.on_insert_requested(-1)

    def on_insert_requested(self, position: int) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择材料文件"), "", self.tr(FILE_FILTER)
        )
        if names:
            self.import_files([Path(n) for n in names], position)

    def import_files(self, paths: Sequence[Path], position: int = -1) -> None:
        op = self.capture.import_files(
            self, paths, lambda acquired: self.on_acquired(acquired, position)
        )
        op.on_failure(self.on_acquire_failed)
        self.set_busy(op)  # type: ignore[arg-type]

    def on_acquired(self, acquired: Acquired, position: int = -1) -> None:
        self.strip.add_pages(acquired.pages, position)
        if acquired.refused or acquired.problem:
            self.show_message("\n".join((*acquired.refused, acquired.problem)).strip(), error=True)
        elif acquired.pages:
            self.show_message(self.tr("已添加 {n} 页").format(n=len(acquired.pages)))

    def on_acquire_failed(self, exc: BaseException) -> None:
        self.show_message(failure_text(exc), error=True)

    def on_photo_failed(self, text: str) -> None:
        self.show_message(self.tr("照片未能保存：{error}").format(error=text), error=True)

    def on_camera_captured(self, page: Page) -> None:
        self.strip.add_pages([page])
        self.show_message(self.tr("已拍摄 1 页"))

    def on_browse_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("选择监视文件夹"), self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)

    def on_watch_toggled(self, watching: bool) -> None:
        if not watching:
            self.watch_timer.stop()
            self.watch_source = None
            self.watch_button.setText(self.tr("开始监视"))
            self.watch_state.setText("")
            return
        folder = Path(self.folder.text().strip())
        if not self.folder.text().strip() or not folder.is_dir():
            self.watch_button.setChecked(False)
            self.show_message(self.tr("请选择一个存在的文件夹"), error=True)
            return
        self.capture.save_settings({"scan.watch_folder": str(folder)})
        self.watch_source = WatchedFolderSource(
            folder, self.capture.workspace, self.capture.limits()
        )
        self.watch_button.setText(self.tr("停止监视"))
        self.watch_state.setText(self.tr("正在监视…"))
        self.watch_timer.start()

    def poll_folder(self) -> None:
        """One look at the folder, unless the previous one is still importing."""
        source = self.watch_source
        if source is None or self.watch_op is not None:
            return
        settings = self.capture.scan_settings()
        refused_before = len(source.refused)

        def done(acquired: Acquired) -> None:
            if acquired.pages:
                self.strip.add_pages(acquired.pages)
                self.show_message(self.tr("已从文件夹导入 {n} 页").format(n=len(acquired.pages)))
            new_refusals = source.refused[refused_before:]
            if new_refusals:
                self.show_message("\n".join(new_refusals), error=True)

        op = BackgroundOp(
            self,
            lambda ctx: Acquired(tuple(source.acquire(settings, ctx.report, ctx.cancelled))),
            done,
        )
        op.on_failure(self.on_watch_failed)
        op.finished.connect(self.on_watch_poll_finished)
        self.watch_op = op
        op.run()
        self.refresh()

    def on_watch_poll_finished(self) -> None:
        self.watch_op = None
        self.refresh()

    def on_watch_failed(self, exc: BaseException) -> None:
        self.watch_button.setChecked(False)
        self.show_message(failure_text(exc), error=True)

    # --- finish -------------------------------------------------------------------------------

    def on_finish_clicked(self) -> None:
        pages = self.pages()
        if not pages:
            return
        blanks = self.strip.model.pages.blank_indexes
        if blanks:
            numbers = "、".join(str(i + 1) for i in blanks)
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("可能有空白页"),
                self.tr("第 {pages} 页看起来是空白页。保留这些页并完成吗？").format(pages=numbers),
                parent=self,
            )
            keep = box.addButton(self.tr("保留并完成"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(self.tr("返回检查"), QMessageBox.ButtonRole.RejectRole)
            box.setObjectName("blank_pages_box")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.buttonClicked.connect(lambda button: self.build() if button is keep else None)
            self.blank_box = box
            box.open()
            return
        self.build()

    def build(self) -> None:
        self.stop_watching()
        self.result_pages = self.pages()
        op = self.capture.build_pdf(self, self.material.code, self.result_pages, self.on_built)
        op.on_failure(lambda exc: self.show_message(failure_text(exc), error=True))
        self.set_busy(op)  # type: ignore[arg-type]

    def on_built(self, pdf: MaterialPdf) -> None:
        self.result_pdf = pdf
        self.finished_material.emit(pdf)
        self.accept()

    def stop_watching(self) -> None:
        if self.watch_button.isChecked():
            self.watch_button.setChecked(False)

    def done(self, result: int) -> None:
        """Closing keeps the scan settings the clerk chose, for this profile, and stops a
        scan still running (it would hold the scanner, and its pages would go nowhere)."""
        if self.busy is not None and self.busy.is_running():
            self.busy.context.cancel()
        self.stop_watching()
        self.stop_camera()
        self.capture.save_scan_settings(self.scan_row.settings())
        super().done(result)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter presses the focused button (the buttons are not auto-default, so that Enter
        in the folder box starts nothing by surprise); elsewhere as any dialog."""
        focused = self.focusWidget()
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and isinstance(focused, QPushButton)
            and focused.isEnabled()
        ):
            focused.animateClick()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop_watching()
        self.stop_camera()
        super().closeEvent(event)
