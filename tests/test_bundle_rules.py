"""What the build keeps per platform: the document camera's backend and TLS (bundle_rules.py).

A Windows bundle cannot be built here, so its rules are checked against the file names of
PySide6's win_amd64 wheel (6.11, the version the project pins); the Linux rules against the
PySide6 installed here. tests/test_build.py checks the Linux bundle itself.
"""

from __future__ import annotations

from pathlib import Path

import PySide6

from buildtools.bundle_rules import keep

# As PyInstaller names them in a Windows build (PySide6 6.11, win_amd64 wheel).
WINDOWS_FILES = {
    "PySide6/plugins/multimedia/ffmpegmediaplugin.dll": False,
    "PySide6/plugins/multimedia/windowsmediaplugin.dll": True,
    "PySide6/avcodec-61.dll": False,
    "PySide6/avformat-61.dll": False,
    "PySide6/avutil-59.dll": False,
    "PySide6/swresample-5.dll": False,
    "PySide6/swscale-8.dll": False,
    "PySide6/plugins/tls/qopensslbackend.dll": False,
    "PySide6/plugins/tls/qschannelbackend.dll": True,
    "PySide6/plugins/tls/qcertonlybackend.dll": True,
    "PySide6/Qt6DBus.dll": False,
    "PySide6/opengl32sw.dll": False,
    # What the window, the camera and printing need stays.
    "PySide6/Qt6Multimedia.dll": True,
    "PySide6/Qt6MultimediaWidgets.dll": True,
    "PySide6/Qt6Network.dll": True,
    "PySide6/Qt6Pdf.dll": True,
    "PySide6/plugins/platforms/qwindows.dll": True,
    "PySide6/plugins/styles/qmodernwindowsstyle.dll": True,
    "PySide6/translations/qtbase_zh_CN.qm": True,
    "PySide6/translations/qtbase_de.qm": False,
}


def test_windows_ships_media_foundation_and_schannel_only() -> None:
    kept = {name: keep(name.replace("/", "\\"), "win32") for name in WINDOWS_FILES}
    assert kept == WINDOWS_FILES


def _installed(folder: str) -> list[str]:
    plugins = Path(PySide6.__file__).parent / "Qt" / "plugins" / folder
    return [f"PySide6/Qt/plugins/{folder}/{p.name}" for p in sorted(plugins.iterdir())]


def test_linux_ships_no_qt_multimedia_and_the_systems_openssl() -> None:
    """The Linux camera is read through V4L2 (client/capture/devices/v4l2.py)."""
    assert not [name for name in _installed("multimedia") if keep(name, "linux")]
    tls = {Path(name).name for name in _installed("tls") if keep(name, "linux")}
    assert tls == {"libqopensslbackend.so", "libqcertonlybackend.so"}
    lib = Path(PySide6.__file__).parent / "Qt" / "lib"
    multimedia = [
        f"PySide6/Qt/lib/{p.name}"
        for p in lib.iterdir()
        if p.name.startswith(("libav", "libsw", "libQt6FFmpeg", "libQt6Multimedia"))
    ]
    assert len(multimedia) >= 7  # FFmpeg's five, Qt Multimedia and its widgets, the stubs
    assert not [name for name in multimedia if keep(name, "linux")]
    assert not keep("PySide6/QtMultimedia.abi3.so", "linux")
    for needed in ("libQt6Gui.so.6", "libQt6Widgets.so.6", "libQt6Pdf.so.6", "libQt6DBus.so.6"):
        assert keep(f"PySide6/Qt/lib/{needed}", "linux"), needed  # Gui links to DBus
