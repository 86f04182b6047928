"""Benchmarks (docs/benchmarks.md)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path


def use_test_keyring() -> None:
    """A profile needs its data key in a protecting keyring (offline/at_rest/data_key.py): the
    benches' temporary profiles get the file-backed test keyring, in this process and its
    children, never the desktop's real one."""
    import keyring

    from tests.file_keyring import FileKeyring

    folder = tempfile.mkdtemp(prefix="chuangkou-bench-keyring-")
    atexit.register(shutil.rmtree, folder, True)
    os.environ["PYTHON_KEYRING_BACKEND"] = "tests.file_keyring.FileKeyring"
    os.environ["CHUANGKOU_TEST_KEYRING"] = str(Path(folder) / "keyring.json")
    keyring.set_keyring(FileKeyring())
