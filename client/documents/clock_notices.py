"""The notices of a case's clock, following notices.py: the art. 45 pause notice (听证、检验、
检测、鉴定、专家评审 "所需时间书面告知申请人") and the art. 42 延期通知书 ("并应当将延长期限的
理由告知申请人"). Their wording is in resources/templates/documents.toml."""

from __future__ import annotations

from typing import Any

from client.documents.story import Context, DocumentError, ending, heading
from client.i18n import translate


def _t(text: str) -> str:
    return translate("documents", text)


def _number(ctx: Context) -> str:
    return _t("受理编号：{n}").format(n=ctx.doc.case_number)


def pause_notice(ctx: Context) -> list[Any]:
    note = ctx.doc.clock_note
    if note is None or not note.pause_kind or note.start is None:
        raise DocumentError(_t("该办件没有登记听证、检验、检测、鉴定或专家评审，不能出具告知书。"))
    return [*heading(ctx, _number(ctx)), *ctx.body(ctx.template.paragraphs), *ending(ctx)]


def extension_notice(ctx: Context) -> list[Any]:
    note = ctx.doc.clock_note
    if note is None or not note.days or not note.reasons.strip() or not note.approver.strip():
        raise DocumentError(_t("该办件没有经负责人批准的延期，不能出具延期通知书。"))
    return [*heading(ctx, _number(ctx)), *ctx.body(ctx.template.paragraphs), *ending(ctx)]
