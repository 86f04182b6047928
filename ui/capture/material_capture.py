"""One intake's capture state, shared by the checklist, the capture dialog and batch scanning:
the capture workspace, the scanner list, the scan settings and the background jobs that
import files and build a material's single PDF.

The workspace holds applicants' documents in the clear, so it lives only as long as the
intake: `discard()` removes it when the case is saved or the form is cleared, and workspaces
left by a crash are swept at start-up.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool
from PySide6.QtWidgets import QWidget

from client.capture.material_pdf import MaterialPdf, build_material_pdf
from client.capture.pages import CaptureWorkspace, Page
from client.capture.safety import Limits
from client.capture.sources import (
    CaptureError,
    CaptureSource,
    FileSource,
    ScanSettings,
    acquire_all,
)
from client.errors import Cancelled
from offline.storage.store import Store
from ui.background import BackgroundOp, OpContext
from ui.capture.scan_settings import ScannerList, load_scan_settings, scan_setting_values

STALE_WORKSPACE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Acquired:
    """What one acquisition delivered: pages, and the reasons files were refused."""

    pages: tuple[Page, ...]
    refused: tuple[str, ...] = ()
    problem: str = ""  # why it stopped early (an error, a cancel) when some pages came first


class MaterialCapture(QObject):
    """Capture services for the intake screen and its dialogs (all slow work off the UI
    thread, through BackgroundOp)."""

    def __init__(self, store: Store, write_pool: QThreadPool, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.store = store
        self.write_pool = write_pool
        self.root = store.profile / "capture"
        self.scanners = ScannerList(parent)
        self._workspace: CaptureWorkspace | None = None

    # --- workspace ----------------------------------------------------------------------------

    @property
    def workspace(self) -> CaptureWorkspace:
        if self._workspace is None:
            self._workspace = CaptureWorkspace(self.root)
        return self._workspace

    def discard(self) -> None:
        """Delete this intake's captured files (after the case saved them, or on 清空)."""
        workspace, self._workspace = self._workspace, None
        if workspace is not None:
            BackgroundOp(self._parent, lambda _ctx: workspace.discard(), lambda _r: None).run()

    def sweep_stale(self) -> None:
        """Remove workspaces a crashed session left behind (older than a day)."""
        root = self.root
        BackgroundOp(self._parent, lambda _ctx: sweep_workspaces(root), lambda _r: None).run()

    # --- settings -----------------------------------------------------------------------------

    def limits(self) -> Limits:
        settings = self.store.settings
        return Limits(
            max_bytes=settings.number("materials.max_file_mb") * 1024 * 1024,
            max_pages=settings.number("materials.max_pages"),
        )

    def scan_settings(self) -> ScanSettings:
        return load_scan_settings(self.store.settings)

    def save_settings(self, values: dict[str, Any]) -> None:
        """Store changed `scan.*` settings for this profile (one audited write, in the queue
        of database writes)."""
        settings = self.store.settings
        changed = {k: v for k, v in values.items() if settings.get(k) != v}
        if not changed:
            return
        store = self.store
        BackgroundOp(
            self._parent,
            lambda _ctx: store.set_settings(changed),
            lambda _r: None,
            pool=self.write_pool,
        ).run()

    def save_scan_settings(self, scan: ScanSettings) -> None:
        self.save_settings(scan_setting_values(scan))

    # --- jobs ---------------------------------------------------------------------------------

    def acquire(
        self,
        parent: QWidget,
        source: CaptureSource,
        settings: ScanSettings,
        label: str,
        on_done: Callable[[Acquired], None],
    ) -> BackgroundOp[Acquired]:
        """Run `source` in the background with progress and cancel."""
        max_pages = self.store.settings.number("materials.max_pages")

        def job(ctx: OpContext) -> Acquired:
            def refused() -> tuple[str, ...]:  # filled while the source runs
                return tuple(getattr(source, "refused", ()))

            try:
                pages = acquire_all(source, settings, ctx.report, ctx.cancelled, max_pages)
            except Cancelled as exc:
                if not exc.partial:
                    raise Cancelled from None
                kept = self.tr("已停止，已采集的 {n} 页保留").format(n=len(exc.partial))
                return Acquired(exc.partial, refused(), kept)
            except CaptureError as exc:
                if not exc.partial:
                    raise
                kept = self.tr("{error}（之前已采集的 {n} 页保留）").format(
                    error=exc, n=len(exc.partial)
                )
                return Acquired(exc.partial, refused(), kept)
            return Acquired(tuple(pages), refused())

        op = BackgroundOp(parent, job, on_done).with_progress(label)
        op.run()
        return op

    def import_files(
        self, parent: QWidget, paths: Sequence[Path], on_done: Callable[[Acquired], None]
    ) -> BackgroundOp[Acquired]:
        source = FileSource(paths, self.workspace, self.limits())
        return self.acquire(parent, source, self.scan_settings(), self.tr("正在导入文件…"), on_done)

    def build_pdf(
        self,
        parent: QWidget,
        code: str,
        pages: Sequence[Page],
        on_done: Callable[[MaterialPdf], None],
    ) -> BackgroundOp[MaterialPdf]:
        """Build the material's single PDF (named after its code) with progress and cancel."""
        out = material_pdf_path(self.workspace, code)
        pages = tuple(pages)
        limits = self.limits()

        def job(ctx: OpContext) -> MaterialPdf:
            pdf = build_material_pdf(pages, out, ctx.report, ctx.cancelled)
            # The same limits the intake checks each file against when it is saved: say so
            # now, while the clerk can still split the material, not at 受理.
            if pdf.page_count > limits.max_pages or pdf.size > limits.max_bytes:
                shutil.rmtree(out.parent, ignore_errors=True)
                raise CaptureError(
                    self.tr(
                        "这份材料共 {n} 页、{mb} MB，超过上限（{pages} 页、{limit} MB），"
                        "请删去多余的页、降低扫描分辨率，或请管理员调整上限"
                    ).format(
                        n=pdf.page_count,
                        mb=round(pdf.size / 1048576, 1),
                        pages=limits.max_pages,
                        limit=limits.max_bytes // 1048576,
                    )
                )
            return pdf

        op = BackgroundOp(parent, job, on_done).with_progress(self.tr("正在生成材料 PDF…"))
        op.run()
        return op


def material_pdf_path(workspace: CaptureWorkspace, code: str) -> Path:
    """A fresh `<code>.pdf` in its own directory of the workspace: the file store keeps the
    name as the material's display name, and an earlier build is never overwritten while an
    intake may be reading it."""
    directory = workspace.new_path("")
    directory.mkdir()
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in code) or "material"
    return directory / f"{safe}.pdf"


def sweep_workspaces(root: Path, max_age: float = STALE_WORKSPACE_SECONDS) -> int:
    """Delete `capture-*` workspaces under `root` not modified for `max_age` seconds."""
    if not root.is_dir():
        return 0
    removed = 0
    now = time.time()
    for entry in root.glob("capture-*"):
        try:
            if entry.is_dir() and now - entry.stat().st_mtime > max_age:
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        except OSError:
            continue
    return removed
