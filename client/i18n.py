"""Translation hook for text produced outside the UI layer.

`client/` and `offline/` stay free of Qt, yet every message a clerk reads must go through Qt's
translator. They call `translate(context, text)`; the UI installs Qt's
`QCoreApplication.translate` at start-up, and until then the Chinese source text is returned.
"""

from __future__ import annotations

from collections.abc import Callable

_translator: Callable[[str, str], str] | None = None


def install_translator(translator: Callable[[str, str], str] | None) -> None:
    global _translator
    _translator = translator


def translate(context: str, text: str) -> str:
    return _translator(context, text) if _translator else text
