"""Translations: Qt's own Chinese (确定/取消), and ours from resources/translations/*.ts.

The source language is Simplified Chinese, so Chinese needs no catalogue of ours, only Qt's
qtbase_zh_CN.qm for the buttons and dialogs Qt draws itself. Other languages (English proves
the pipeline) are .ts files kept in the repository; the .qm Qt loads is compiled from them
with pyside6-lrelease: by build.spec for the packaged app, and at start-up into a cache
folder when running from the source tree (only when the .ts changed). No generated file is
committed.

`python -m ui.translations` updates the .ts files from the sources: pyside6-lupdate reads
ui/ and main.py (self.tr, QCoreApplication.translate) and the literal `translate(context,
text)` calls of client/ and offline/; the calls through a module's one-line wrapper (`_t(text)`
returning `translate("capture", text)`) are extracted here and handed to lupdate as well.
"""

from __future__ import annotations

import ast
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from client.resources import resource

ROOT = Path(__file__).resolve().parent.parent
SOURCE_LANGUAGE = "zh_CN"
LANGUAGES = (SOURCE_LANGUAGE, "en")
QT_CATALOGUES = ("qtbase",)  # Qt's own texts the app shows: buttons, file and print dialogs


def ts_file(language: str) -> Path:
    return ROOT / "resources" / "translations" / f"chuangkou_{language}.ts"


def _qt_tool(name: str) -> Path:
    folder = Path(PySide6.__file__).parent
    for candidate in (folder / name, folder / f"{name}.exe", folder / "Qt" / "bin" / name):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{name} not found in {folder}")


def compile_ts(ts: Path, out_dir: Path) -> Path:
    """The .qm for one .ts, compiled by lrelease into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    qm = out_dir / ts.with_suffix(".qm").name
    subprocess.run(
        [str(_qt_tool("lrelease")), "-silent", str(ts), "-qm", str(qm)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return qm


def compile_all(out_dir: Path) -> list[Path]:
    """Every language's .qm (build.spec bundles them under resources/translations)."""
    return [compile_ts(ts_file(lang), out_dir) for lang in LANGUAGES if ts_file(lang).is_file()]


def _our_catalogue(language: str) -> Path | None:
    """The .qm for `language`: bundled in a packaged app, else compiled (once per .ts
    content) into a cache folder."""
    bundled = resource("translations", f"chuangkou_{language}.qm")
    if bundled.is_file():
        return bundled
    ts = ts_file(language)
    if not ts.is_file():
        return None
    digest = hashlib.sha256(ts.read_bytes()).hexdigest()[:12]
    cache = Path(tempfile.gettempdir()) / "chuangkou-translations" / digest
    qm = cache / ts.with_suffix(".qm").name
    return qm if qm.is_file() else compile_ts(ts, cache)


def _qt_catalogue_dirs() -> list[Path]:
    return [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        Path(PySide6.__file__).parent / "Qt" / "translations",  # Linux, macOS wheels
        Path(PySide6.__file__).parent / "translations",  # Windows wheels
    ]


def install_translations(app: QCoreApplication, language: str = SOURCE_LANGUAGE) -> list[str]:
    """Install the translators for `language` on `app` (replacing earlier ones); returns the
    catalogues loaded. Chinese: Qt's own zh_CN. Another language: ours for it (Qt's own
    texts are English already)."""
    remove_translations(app)
    translators: list[QTranslator] = []
    loaded: list[str] = []
    if language == SOURCE_LANGUAGE:
        for name in QT_CATALOGUES:
            for folder in _qt_catalogue_dirs():
                translator = QTranslator(app)
                if translator.load(f"{name}_{language}", str(folder)):
                    translators.append(translator)
                    loaded.append(f"{name}_{language}")
                    break
    else:
        qm = _our_catalogue(language)
        translator = QTranslator(app)
        if qm is not None and translator.load(str(qm)):
            translators.append(translator)
            loaded.append(qm.stem)
    for translator in translators:
        app.installTranslator(translator)
    app._chuangkou_translators = translators  # type: ignore[attr-defined]  # kept alive
    return loaded


def remove_translations(app: QCoreApplication) -> None:
    """Take out what `install_translations` installed (Qt's built-in English remains)."""
    for old in getattr(app, "_chuangkou_translators", []):
        app.removeTranslator(old)
    app._chuangkou_translators = []  # type: ignore[attr-defined]


# --- extraction (developers: python -m ui.translations) ---


def wrapped_calls(path: Path) -> list[tuple[str, str]]:
    """(context, text) of the literal calls to a module's one-line translate wrapper:
    `def _t(text): return translate("ctx", text)` makes `_t("…")` a message of "ctx"."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wrappers: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and len(node.body) == 1:
            body = node.body[0]
            call = body.value if isinstance(body, ast.Return) else None
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id == "translate"
                and len(call.args) == 2
                and isinstance(call.args[0], ast.Constant)
                and isinstance(call.args[0].value, str)
            ):
                wrappers[node.name] = call.args[0].value
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in wrappers
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((wrappers[node.func.id], node.args[0].value))
    return found


def update_ts(languages: tuple[str, ...] = LANGUAGES[1:]) -> None:
    """Refresh the .ts files from the sources (existing translations are kept)."""
    sources = [ROOT / "ui", ROOT / "client", ROOT / "offline", ROOT / "main.py"]
    modules = [p for folder in ("client", "offline") for p in (ROOT / folder).rglob("*.py")]
    calls = sorted({call for module in modules for call in wrapped_calls(module)})
    with tempfile.TemporaryDirectory() as temp:
        extra = Path(temp) / "wrapped_calls.py"
        extra.write_text(
            "".join(f"translate({ctx!r}, {text!r})\n" for ctx, text in calls), encoding="utf-8"
        )
        for language in languages:
            subprocess.run(
                [str(_qt_tool("lupdate")), "-silent", "-locations", "none", "-no-obsolete"]
                + ["-extensions", "py"]
                + [str(s) for s in [*sources, extra]]
                + ["-source-language", SOURCE_LANGUAGE, "-target-language", language]
                + ["-ts", str(ts_file(language))],
                check=True,
                timeout=300,
            )


if __name__ == "__main__":
    update_ts(tuple(sys.argv[1:]) or LANGUAGES[1:])
