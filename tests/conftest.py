"""Test set-up shared by every test: Qt offscreen, a test keyring, the root logger put back."""

from __future__ import annotations

import os

# Qt must see this before any QApplication exists; without a display it would abort pytest.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import logging
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest

from tests.capture.support import SANE_TEST_CONF
from tests.file_keyring import FileKeyring


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend that keeps secrets in a dict for the test's lifetime."""

    priority = 1  # type: ignore[assignment]
    chuangkou_protects = True  # offline/at_rest/data_key.py accepts it as a protecting backend

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


# One file-backed test keyring for the whole run, shared by this process and every subprocess
# it starts (the CLI, the window), so a profile made in-process opens in a subprocess too. The
# data keys are per profile (offline/at_rest/data_key.py), so tests never see each other's keys.
_SESSION_KEYRING = Path(tempfile.mkdtemp(prefix="chuangkou-keyring-")) / "keyring.json"
os.environ["PYTHON_KEYRING_BACKEND"] = "tests.file_keyring.FileKeyring"
os.environ["CHUANGKOU_TEST_KEYRING"] = str(_SESSION_KEYRING)
keyring.set_keyring(FileKeyring())

# libsane reads its configuration once per process, at sane_init, whoever calls it first: every
# test process (each xdist worker runs its files in an order of its own) and every subprocess
# it starts sees only SANE's `test` backend (tests/capture/support.py, sane_test_device).
_SANE_CONFIG = Path(tempfile.mkdtemp(prefix="chuangkou-sane-"))
(_SANE_CONFIG / "dll.conf").write_text("test\n")
(_SANE_CONFIG / "test.conf").write_text(SANE_TEST_CONF)
os.environ["SANE_CONFIG_DIR"] = str(_SANE_CONFIG)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[keyring.backend.KeyringBackend]:
    """The test keyring, set again for every test (a test may have replaced it)."""
    previous = keyring.get_keyring()
    backend = FileKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def root_logging() -> Iterator[None]:
    """A verb run in-process (main.main) configures the process's root logger and exception
    hooks (offline/admin/logs.py): put them back, so later tests see the logging they set up."""
    from offline.admin import logs

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    hooks = sys.excepthook, threading.excepthook
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    sys.excepthook, threading.excepthook = hooks
    logs._handler = None
