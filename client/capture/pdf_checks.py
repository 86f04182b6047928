"""What makes an applicant's PDF unusable: encryption, damage, too many pages, active content.

pikepdf (qpdf) is used rather than pypdf: img2pdf already depends on it, so it costs nothing
extra; it opens a multi-thousand-page file in tens of milliseconds without touching the pages;
it reports every repair it had to make (so a damaged file is refused instead of silently
patched); and it reads stream data lazily. Stream data is never decoded here: a content stream
can be a decompression bomb, and the material PDF copies streams as they are.

Refused (each with its own reason): encryption of any kind, including owner-password-only
files; any repair qpdf had to make; no pages; more pages than allowed (the page tree's /Count
is checked first, so a 5000-page file is refused without walking it); JavaScript anywhere
(/JS, /JavaScript), /Launch, embedded files (/EmbeddedFile(s), file attachment annotations),
actions that open other files (/GoToR, /GoToE), send or import data (/SubmitForm,
/ImportData), multimedia and dynamic forms (/RichMedia, /Movie, /Sound, /Screen, /XFA).
Every object in the file is looked at, referenced or not.

URI links are allowed: office programs put them in ordinary letters, and the material PDF
keeps no annotations at all (annotations with an appearance are flattened into the page, the
rest are dropped), so no link survives into the stored material.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

import pikepdf


class PdfProblem(StrEnum):
    ENCRYPTED = "encrypted"
    DAMAGED = "damaged"
    NO_PAGES = "no_pages"
    TOO_MANY_PAGES = "too_many_pages"
    JAVASCRIPT = "javascript"
    LAUNCH = "launch"
    EMBEDDED_FILE = "embedded_file"
    OTHER_FILE = "other_file"
    FORM_SUBMIT = "form_submit"
    MULTIMEDIA = "multimedia"


class PdfRefused(Exception):
    def __init__(self, problem: PdfProblem, pages: int = 0) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.pages = pages


@dataclass(frozen=True)
class PdfPageInfo:
    width_pt: float  # as displayed, after the page's own /Rotate
    height_pt: float


_ACTION_PROBLEMS = {
    "/JavaScript": PdfProblem.JAVASCRIPT,
    "/Launch": PdfProblem.LAUNCH,
    "/GoToR": PdfProblem.OTHER_FILE,
    "/GoToE": PdfProblem.OTHER_FILE,
    "/SubmitForm": PdfProblem.FORM_SUBMIT,
    "/ImportData": PdfProblem.FORM_SUBMIT,
    "/Rendition": PdfProblem.MULTIMEDIA,
    "/Movie": PdfProblem.MULTIMEDIA,
    "/Sound": PdfProblem.MULTIMEDIA,
    "/RichMediaExecute": PdfProblem.MULTIMEDIA,
}
_KEY_PROBLEMS = {
    "/JS": PdfProblem.JAVASCRIPT,
    "/JavaScript": PdfProblem.JAVASCRIPT,
    "/EmbeddedFile": PdfProblem.EMBEDDED_FILE,
    "/EmbeddedFiles": PdfProblem.EMBEDDED_FILE,
    "/AF": PdfProblem.EMBEDDED_FILE,  # associated files (PDF/A-3, PDF 2.0)
    "/RichMedia": PdfProblem.MULTIMEDIA,
    "/RichMediaContent": PdfProblem.MULTIMEDIA,
    "/XFA": PdfProblem.MULTIMEDIA,
}
_SUBTYPE_PROBLEMS = {
    "/FileAttachment": PdfProblem.EMBEDDED_FILE,
    "/RichMedia": PdfProblem.MULTIMEDIA,
    "/Movie": PdfProblem.MULTIMEDIA,
    "/Sound": PdfProblem.MULTIMEDIA,
    "/Screen": PdfProblem.MULTIMEDIA,
}


def check_pdf(path: Path, max_pages: int) -> tuple[PdfPageInfo, ...]:
    """The pages' displayed sizes, or PdfRefused with the first problem found."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as exc:
        raise PdfRefused(PdfProblem.ENCRYPTED) from exc
    except Exception as exc:
        raise PdfRefused(PdfProblem.DAMAGED) from exc
    with pdf:
        try:
            return _check_open(pdf, max_pages)
        except PdfRefused:
            raise
        except Exception as exc:  # hostile structure can make any step fail: it is damaged
            raise PdfRefused(PdfProblem.DAMAGED) from exc


def _check_open(pdf: pikepdf.Pdf, max_pages: int) -> tuple[PdfPageInfo, ...]:
    if pdf.is_encrypted:
        raise PdfRefused(PdfProblem.ENCRYPTED)
    if pdf.get_warnings():
        raise PdfRefused(PdfProblem.DAMAGED)
    pages_root: Any = pdf.Root.get("/Pages")
    declared = pages_root.get("/Count", 0) if isinstance(pages_root, pikepdf.Dictionary) else 0
    if isinstance(declared, int) and declared > max_pages:
        raise PdfRefused(PdfProblem.TOO_MANY_PAGES, declared)
    count = len(pdf.pages)
    if count > max_pages:
        raise PdfRefused(PdfProblem.TOO_MANY_PAGES, count)
    if count == 0:
        raise PdfRefused(PdfProblem.NO_PAGES)
    # The trailer too: a catalog written directly into it is not among `pdf.objects`.
    for obj in (pdf.trailer, *pdf.objects):
        problem = _object_problem(obj)
        if problem is not None:
            raise PdfRefused(problem)
    infos = tuple(_page_info(page) for page in pdf.pages)
    if pdf.get_warnings():  # repairs made while resolving objects or the page tree
        raise PdfRefused(PdfProblem.DAMAGED)
    return infos


def _object_problem(obj: Any, depth: int = 0) -> PdfProblem | None:
    """The problem with an object or any direct object inside it (indirect ones are visited
    on their own by the caller's walk over every object)."""
    if depth > 100:
        raise ValueError("objects nested too deeply")
    if isinstance(obj, pikepdf.Array):
        children: Any = obj
    elif isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        problem = _dictionary_problem(obj)
        if problem is not None:
            return problem
        children = obj.values()
    else:
        return None
    for child in children:
        if isinstance(child, pikepdf.Object) and not child.is_indirect:
            problem = _object_problem(child, depth + 1)
            if problem is not None:
                return problem
    return None


def _dictionary_problem(obj: Any) -> PdfProblem | None:
    keys = obj.keys()
    for key in keys:
        if key in _KEY_PROBLEMS:
            return _KEY_PROBLEMS[key]
    if "/S" in keys:
        action = _name(obj.get("/S"))
        if action in _ACTION_PROBLEMS:
            return _ACTION_PROBLEMS[action]
    if "/Subtype" in keys:
        subtype = _name(obj.get("/Subtype"))
        if subtype in _SUBTYPE_PROBLEMS:
            return _SUBTYPE_PROBLEMS[subtype]
    # A file stream, or a file specification carrying one under any /Type.
    if "/EF" in keys or _name(obj.get("/Type")) == "/EmbeddedFile":
        return PdfProblem.EMBEDDED_FILE
    return None


def _name(value: Any) -> str:
    return str(value) if isinstance(value, pikepdf.Name) else ""


def inherited(page: pikepdf.Dictionary, key: str) -> Any:
    """A page attribute, looked up through its /Parent chain (MediaBox, Rotate, Resources…)."""
    node: Any = page
    for _ in range(64):  # a deeper tree is damaged or hostile
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        if not isinstance(parent, pikepdf.Dictionary):
            return None
        node = parent
    raise ValueError("page tree too deep")


def page_box(page: pikepdf.Dictionary) -> tuple[float, float, float, float]:
    box = inherited(page, "/CropBox") or inherited(page, "/MediaBox")
    if not isinstance(box, pikepdf.Array) or len(box) != 4:
        raise ValueError("page without a media box")
    x0, y0, x1, y1 = (float(Decimal(v)) if isinstance(v, Decimal) else float(v) for v in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def page_rotation(page: pikepdf.Dictionary) -> int:
    value = inherited(page, "/Rotate")
    return int(value) % 360 // 90 * 90 if isinstance(value, int) else 0


def _page_info(page: pikepdf.Page) -> PdfPageInfo:
    x0, y0, x1, y1 = page_box(page.obj)
    width, height = x1 - x0, y1 - y0
    if width <= 0 or height <= 0:
        raise ValueError("empty page box")
    if page_rotation(page.obj) in (90, 270):
        width, height = height, width
    return PdfPageInfo(round(width, 2), round(height, 2))
