"""Page thumbnails, made in a worker thread: image pages through the capture core, PDF pages
rendered with QtPdf. Thumbnails are unrotated; the page strip turns them when painting, so a
rotation never needs a new decode."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument

from client.capture.imaging import thumbnail
from client.capture.pages import Page, PageKind

ThumbKey = tuple[str, int]  # (page file, page/frame index)


def thumb_key(page: Page) -> ThumbKey:
    return (str(page.source), page.index)


def render_thumbnails(
    pages: Sequence[Page], max_px: int, cancelled: Callable[[], bool]
) -> dict[ThumbKey, QImage]:
    """Thumbnails for `pages` (runs in a worker: QImage and QPdfDocument, no widgets)."""
    out: dict[ThumbKey, QImage] = {}
    documents: dict[Path, QPdfDocument] = {}
    try:
        for page in pages:
            if cancelled():
                break
            if page.kind is PageKind.PDF:
                document = documents.get(page.source)
                if document is None:
                    document = documents[page.source] = QPdfDocument()
                    document.load(str(page.source))
                image = _pdf_thumbnail(document, page.index, max_px)
            else:
                image = QImage.fromData(thumbnail(replace(page, rotation=0), max_px))
            if not image.isNull():
                out[thumb_key(page)] = image
    finally:
        for document in documents.values():
            document.close()
    return out


def _pdf_thumbnail(document: QPdfDocument, index: int, max_px: int) -> QImage:
    size = document.pagePointSize(index)
    if size.isEmpty():
        return QImage()
    scale = max_px / max(size.width(), size.height())
    image = document.render(index, QSize(round(size.width() * scale), round(size.height() * scale)))
    if image.isNull():
        return image
    painter = QPainter(image)  # white paper under the transparent render
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationOver)
    painter.fillRect(image.rect(), QColor("white"))
    painter.end()
    return image
