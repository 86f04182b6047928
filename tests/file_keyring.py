"""A keyring backend for subprocess tests only: secrets in a JSON file named by the
CHUANGKOU_TEST_KEYRING environment variable (a real backend, selected with
PYTHON_KEYRING_BACKEND=tests.file_keyring.FileKeyring). Never used by the application."""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend


class FileKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]
    chuangkou_protects = True  # offline/at_rest/data_key.py accepts it as a protecting backend

    @property
    def path(self) -> Path:
        return Path(os.environ["CHUANGKOU_TEST_KEYRING"])

    def _all(self) -> dict[str, str]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._all().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._all()
        data[f"{service}\n{username}"] = password
        self.path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._all()
        data.pop(f"{service}\n{username}", None)
        self.path.write_text(json.dumps(data))
