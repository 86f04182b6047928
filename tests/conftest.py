"""Test set-up shared by every test: Qt offscreen, an in-memory keyring."""

from __future__ import annotations

import os

# Qt must see this before any QApplication exists; without a display it would abort pytest.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import keyring
import keyring.backend
import pytest


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend that keeps secrets in a dict for the test's lifetime."""

    priority = 1  # type: ignore[assignment]
    chuangkou_protects = True  # offline/data_key.py accepts it as a protecting backend

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MemoryKeyring]:
    """In-process, a dict; a subprocess (the CLI, the window) gets the file-backed test
    keyring of tests/file_keyring.py unless the test chooses its own backend."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.file_keyring.FileKeyring")
    keyring_file = tmp_path_factory.mktemp("keyring") / "keyring.json"
    monkeypatch.setenv("CHUANGKOU_TEST_KEYRING", str(keyring_file))
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
