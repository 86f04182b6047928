"""Which collected files the one-folder build keeps, per platform (build.spec uses keep()).

The rules live here rather than in the spec so that tests/test_bundle_rules.py can check them
against the file names of each platform's wheels without building (a Windows build cannot be
made on Linux). What they leave out and why: docs/install.md, Build size.
"""

from __future__ import annotations

# Qt plugins kept, per folder (substring of the file name); a folder not listed goes.
_PLUGINS_COMMON: dict[str, tuple[str, ...]] = {
    "platforms": ("xcb", "offscreen", "minimal.", "qminimal.dll", "windows", "cocoa"),
    "xcbglintegrations": ("",),
    "platforminputcontexts": ("compose", "ibus"),  # Chinese input methods
    "platformthemes": ("xdgdesktopportal",),  # not gtk3: it would bring all of GTK
    "imageformats": ("jpeg", "gif", "ico", "svg", "tiff", "webp"),
    "iconengines": ("svg",),
    "printsupport": ("",),
    "networkinformation": ("",),  # the sync controller's reachability (NetworkManager, ...)
    "styles": ("",),
}
# The document camera's backend and the TLS backends differ per platform. Windows: Media
# Foundation (windowsmediaplugin, a part of Windows) instead of FFmpeg and its 18 MiB of DLLs,
# and schannel (Windows' own TLS) instead of a second OpenSSL. Linux: no Qt Multimedia at all
# (its only Linux backend in the wheel is FFmpeg; the camera is read through V4L2 instead,
# client/capture/devices/v4l2.py), and OpenSSL is the system's. macOS keeps Qt's defaults.
_PLUGINS_BY_PLATFORM: dict[str, dict[str, tuple[str, ...]]] = {
    "win32": {"multimedia": ("windowsmediaplugin",), "tls": ("schannel", "certonly")},
    "linux": {"multimedia": (), "tls": ("openssl", "certonly")},
    "other": {"multimedia": ("ffmpeg", "darwin"), "tls": ("openssl", "certonly")},
}
# Qt libraries left without a user once the plugins are gone, and big optional DLLs.
DROP_PARTS = (
    "WebEngine",
    "Qml",
    "Quick",
    "Qt3D",
    "VirtualKeyboard",
    "Designer",
    "Charts",
    "DataVisualization",
    "Graphs",
    "Location",
    "Pdfquick",
    "qtwebengine",
    "Wayland",
    "WlShell",
    "EglFS",
    "EglFs",
    "opengl32sw",
)
# Windows: PyInstaller collects every DLL of the PySide6 folder a kept module may load, and
# linked() (the spec's DT_NEEDED walk) is Linux only, so what only the FFmpeg plugin loads and
# QtDBus (which nothing on Windows links to; the app never imports it) are named here.
WINDOWS_DROP = ("avcodec-", "avformat-", "avutil-", "swscale-", "swresample-", "Qt6DBus.dll")
# Linux: Qt Multimedia, FFmpeg and Qt's FFmpeg stubs (22 MiB; the camera is V4L2's there). Qt's
# lib folder is not in the spec's DT_NEEDED walk, so they are named.
LINUX_DROP = (
    "libavcodec.",
    "libavformat.",
    "libavutil.",
    "libswscale.",
    "libswresample.",
    "libQt6FFmpegStub",
    "libQt6Multimedia",
    "QtMultimedia",
)
# Qt's own translations: only Chinese (确定/取消 in message boxes and button boxes).
QT_TRANSLATIONS = ("qtbase_zh_CN.qm", "qt_zh_CN.qm", "qtmultimedia_zh_CN.qm")


def qt_plugins(platform: str) -> dict[str, tuple[str, ...]]:
    """The plugin allow-list for a sys.platform value."""
    key = "win32" if platform == "win32" else "linux" if platform.startswith("linux") else "other"
    return {**_PLUGINS_COMMON, **_PLUGINS_BY_PLATFORM[key]}


def keep(dest: str, platform: str) -> bool:
    """Whether the file collected as `dest` (its path inside the bundle) ships."""
    name = dest.replace("\\", "/")
    if any(part in name for part in DROP_PARTS):
        return False
    file_name = name.rsplit("/", 1)[-1]
    if platform == "win32" and "PySide6" in name and file_name.startswith(WINDOWS_DROP):
        return False
    linux = platform.startswith("linux")
    if linux and "PySide6" in name and file_name.startswith(LINUX_DROP):
        return False
    if "/translations/" in name and name.endswith(".qm") and "PySide6" in name:
        return file_name in QT_TRANSLATIONS
    if "/plugins/" in name and "PySide6" in name:
        folder, _, file = name.split("/plugins/", 1)[1].partition("/")
        return any(part in file for part in qt_plugins(platform).get(folder, ()))
    return True
