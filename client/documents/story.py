"""The parts every A4 notice and decision shares: heading, body paragraphs, remedies, signature."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import KeepTogether

from client.documents.data import CaseDocument
from client.documents.layout import Gap, SignatureBlock, Styles, para
from client.documents.templates import DocumentTemplate, format_date
from client.errors import ClerkError


class DocumentError(ClerkError, ValueError):
    """The case cannot have this document (e.g. a decision for an undecided case); in Chinese."""


@dataclass(frozen=True)
class Context:
    doc: CaseDocument
    template: DocumentTemplate
    values: dict[str, str]
    styles: Styles

    def fill(self, text: str) -> str:
        return self.template.fill(text, self.values)

    def body(self, texts: Iterable[str]) -> list[Any]:
        """Body paragraphs; one whose text fills to nothing is left out."""
        out = []
        for text in texts:
            filled = self.fill(text).strip()
            if filled:
                out.append(para(filled, self.styles.body))
        return out

    def labelled(self, label: str, value: str) -> Any:
        """A body paragraph starting with a label in the heading face, e.g. 许可内容：…"""
        return para(value, self.styles.body, label, self.styles.fonts.heading)


def heading(ctx: Context, number: str) -> list[Any]:
    """Issuing department and document title (2号), the number right-aligned below them."""
    styles = ctx.styles
    parts: list[Any] = [
        para(ctx.doc.department.name, styles.title),
        para(ctx.fill(ctx.template.title), styles.title),
    ]
    if number:
        parts += [Gap(6), para(number, styles.number)]
    parts.append(Gap(styles.leading / 2))
    salutation = ctx.fill(ctx.template.salutation).strip()
    if salutation:
        parts.append(para(salutation, styles.salutation))
    return parts


def remedies(ctx: Context) -> list[Any]:
    return ctx.body([ctx.template.remedies]) if ctx.template.remedies else []


def ending(ctx: Context, extra: Iterable[Any] = ()) -> list[Any]:
    """Closing paragraphs, remedies, contact line, then the signature with the seal.

    The last paragraph is kept on the page with the signature, so a signature never stands
    alone on a page (GB/T 9704-2012 7.3.5).
    """
    doc = ctx.doc
    parts = [*ctx.body(ctx.template.closing), *extra, *remedies(ctx)]
    parts += ctx.body([ctx.template.contact]) if ctx.template.contact else []
    signature = SignatureBlock(
        doc.department.name,
        format_date(doc.issued_on),
        ctx.styles.fonts,
        doc.department.seal if doc.sealed else None,
        ctx.styles.leading,
    )
    if parts:
        return [*parts[:-1], KeepTogether([parts[-1], signature])]
    return [signature]
