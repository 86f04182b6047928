"""Pinyin initials of catalog names and the item search of the intake picker.

A query matches an item by its code, name, pinyin initials or department name
(`search_items`); `pinyin_initials` derives the initials the catalog keeps with each item.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from client.domain import ServiceItem


def _keep_alnum(text: str) -> str:
    """Lower-case ASCII letters and digits of `text`; everything else is dropped."""
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())


def pinyin_initials(text: str) -> str:
    """First letters of the pinyin of `text`, e.g. 个体工商户设立登记 → "gtgshsldj".

    Non-Chinese letters and digits are kept (lower-case, full-width folded); punctuation,
    spaces and characters without a reading are dropped.
    """
    from pypinyin import Style, lazy_pinyin  # heavy (~250 ms): only when a catalog is loaded

    normalised = unicodedata.normalize("NFKC", text)
    parts = lazy_pinyin(normalised, style=Style.FIRST_LETTER, errors=_keep_alnum)
    return "".join(_keep_alnum(p) for p in parts)


def _normalise_query(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _rank(item: ServiceItem, q: str) -> int | None:
    code = item.code.casefold()
    name = item.name.casefold()
    initials = item.pinyin_initials
    if code == q:
        return 0
    if code.startswith(q) or name.startswith(q) or initials.startswith(q):
        return 1
    if q in code or q in name or q in initials or q in item.department_name.casefold():
        return 2
    return None


def search_items(items: Iterable[ServiceItem], query: str, limit: int = 50) -> list[ServiceItem]:
    """Items matching `query` by code, name, pinyin initials or department name.

    Ranked exact code first, then prefix matches, then substring matches, each by code.
    An empty query returns every item (no limit), ordered by department then code.
    """
    pool = list(items)
    q = _normalise_query(query)
    if not q:
        return sorted(pool, key=lambda i: (i.department_code, i.code))
    ranked: list[tuple[int, str, ServiceItem]] = []
    for item in pool:
        rank = _rank(item, q)
        if rank is not None:
            ranked.append((rank, item.code, item))
    ranked.sort(key=lambda t: (t[0], t[1]))
    return [item for _, _, item in ranked[: max(limit, 0)]]


__all__ = ["pinyin_initials", "search_items"]
