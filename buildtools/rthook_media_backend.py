"""PyInstaller runtime hook (Windows build only): Qt Multimedia's backend is Media Foundation.

Qt prefers its FFmpeg backend where both exist; the Windows bundle leaves FFmpeg out
(buildtools/bundle_rules.py), so the choice is made explicit before QtMultimedia loads rather
than left to Qt's fallback. Set unconditionally: a QT_MEDIA_BACKEND=ffmpeg left in a seat's
environment would otherwise leave the document camera without a backend.
"""

import os

os.environ["QT_MEDIA_BACKEND"] = "windows"
