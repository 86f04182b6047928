"""Realistic test data: a valid applicant, a complete materials set, an open profile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from client.catalog.loading import load_department
from client.domain import (
    Action,
    ApplicantKind,
    IdType,
    IntakeRequest,
    MaterialForm,
    MaterialSubmission,
    Party,
    Requirement,
    ServiceItem,
)
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from offline.storage.store import Store

VALID_ID = "11010519491231002X"  # GB 11643's own example
FOOD_PERMIT = "SCJG-0201"  # 食品经营许可, a 承诺件 with a promised limit


def resident_id(first17: str) -> str:
    """Complete 17 digits with the GB 11643 check character (computed here, independently)."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    return first17 + "10X98765432"[total % 11]


def person(name: str = "张三", id_number: str = VALID_ID, phone: str = "13812345678") -> Party:
    return Party(ApplicantKind.PERSON, name, IdType.RESIDENT_ID, id_number, phone)


def complete_materials(
    item: ServiceItem, files: dict[str, list[Path]] | None = None
) -> tuple[MaterialSubmission, ...]:
    """Every required material received in the form the item asks for; conditional ones
    marked not applicable."""
    files = files or {}
    return tuple(
        MaterialSubmission(
            code=m.code,
            files=tuple(str(p) for p in files.get(m.code, [])),
            original=m.form is not MaterialForm.COPY,
            copies=m.copies if m.form is not MaterialForm.ORIGINAL else 0,
            applicable=m.requirement is Requirement.REQUIRED,
        )
        for m in item.materials
    )


def make_files(directory: Path, count: int, size: int = 2048, prefix: str = "scan") -> list[Path]:
    """`count` small valid one-page PDFs of roughly `size` bytes, each with its own content (the
    file store names files by hash, and attaching checks files by content)."""
    import pikepdf

    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = directory / f"{prefix}-{i}.pdf"
        pdf = pikepdf.new()
        pdf.add_blank_page(page_size=(595, 842))
        text = f"BT /F1 24 Tf 72 720 Td ({prefix}-{i}) Tj ET\n".encode()
        padding = max(0, size - 600 - len(text))
        stream = text + b"%" + b"0" * padding + b"\n"
        page = pdf.pages[0]
        page.obj.Contents = pdf.make_stream(stream)
        page.obj.Resources = pikepdf.Dictionary(
            Font=pikepdf.Dictionary(
                F1=pikepdf.Dictionary(
                    Type=pikepdf.Name.Font,
                    Subtype=pikepdf.Name.Type1,
                    BaseFont=pikepdf.Name.Helvetica,
                )
            )
        )
        pdf.save(path, compress_streams=False, deterministic_id=True)
        paths.append(path)
    return paths


def open_service(profile: Path) -> IntakeService:
    return IntakeService(open_profile(profile), load_department())


def accept_request(
    store: Store, item_code: str = FOOD_PERMIT, /, **files: list[Path]
) -> IntakeRequest:
    item = store.item(item_code)
    assert item is not None
    return IntakeRequest(
        item_code=item_code,
        applicant=person(),
        materials=complete_materials(item, dict(files)),
        action=Action.ACCEPT,
    )


def open_main_window(qtbot: Any, profile: Path, show: bool = True) -> Any:
    """The real main window on a new training profile, with the bundled font installed."""
    from PySide6.QtWidgets import QApplication

    from ui.app import install_fonts
    from ui.main_window import MainWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_fonts(app)
    window = MainWindow(IntakeService(open_profile(profile)))  # as ui/app.py builds it
    qtbot.addWidget(window)
    if show:
        window.show()
        qtbot.waitExposed(window)
    return window
