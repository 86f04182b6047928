"""The profile's data key: the AES-256 key its material files and documents are encrypted with.

The key itself lives only in the OS keyring, in a backend that protects it (Windows Credential
Manager, Secret Service, macOS Keychain); the profile keeps `data-key.json` with its own random
id and the ids (not the keys) of the current key and, during a rotation, the next one. A
profile copied to another PC therefore opens nowhere without its key, and says so.

This key is separate from the login tokens' key (offline/storage/secrets.py): that one is disposable
(lost, the clerk logs in again), this one is not (lost, the files are lost), and rotating it
must not log anybody out.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

import keyring
import keyring.backends.chainer
import keyring.errors
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from client.errors import ClerkError
from client.i18n import translate
from offline.at_rest.crypto_files import fsync_dir, key_id
from offline.storage.private_files import open_private

KEY_FILE = "data-key.json"
# Training only, on a PC without a protecting keyring: the key in the profile itself (0600).
LOCAL_KEY_FILE = "data-key.local"
KEYRING_SERVICE = "chuangkou"

# Backends that keep a secret encrypted under the user's login (class paths as keyring names
# them). Anything else — keyrings.alt's plaintext files, the `fail` and `null` backends — is
# refused. A backend class may also declare `chuangkou_protects = True` (the tests' own).
PROTECTING_BACKENDS = frozenset(
    {
        "keyring.backends.Windows.WinVaultKeyring",
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.libsecret.Keyring",
        "keyring.backends.macOS.Keyring",
        "keyring.backends.kwallet.DBusKeyring",
    }
)


def _t(text: str) -> str:
    return translate("datakey", text)


class DataKeyMissing(ClerkError, RuntimeError):
    """The profile's files are encrypted under a key this PC's keyring does not have."""


class KeyringRefused(ClerkError, RuntimeError):
    """The keyring backend would not protect the data key (a plaintext file, or none)."""


def backend_name(backend: keyring.backend.KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


def backend_protects(backend: keyring.backend.KeyringBackend) -> bool:
    if getattr(type(backend), "chuangkou_protects", False):
        return True
    if isinstance(backend, keyring.backends.chainer.ChainerBackend):
        chained = backend.backends
        return bool(chained) and all(backend_protects(b) for b in chained)
    return backend_name(backend) in PROTECTING_BACKENDS


@dataclass
class KeyState:
    profile_id: str
    current: str  # key id, hex
    next: str = ""  # during a rotation
    converted: bool = False  # files stored in clear by older versions are all encrypted
    local: bool = False  # a training profile's key kept in the profile (no protecting keyring)


class DataKeys:
    """The keys of one profile, fetched from the keyring when the profile opens.

    `training`: the profile is (or will start as) a training profile. On a PC whose keyring
    cannot protect a secret (a headless Linux, a desktop without Secret Service), such a
    profile keeps its key in the profile itself, so training works anywhere; it holds only
    practice data, and it can never go live (offline/accounts/connect.py refuses). A connected
    profile never does this."""

    def __init__(self, profile: Path, training: bool = False) -> None:
        self.path = profile / KEY_FILE
        self.local_path = profile / LOCAL_KEY_FILE
        self._training = training
        self._keys: dict[bytes, bytes] = {}
        self.state = self._open()

    @property
    def local(self) -> bool:
        """The key lives in the profile, not in a protecting keyring (training only)."""
        return self.state.local

    def _account(self, kid: str) -> str:
        return f"profile-data-key:{self.state_id}:{kid}"

    def _open(self) -> KeyState:
        backend = keyring.get_keyring()
        existing = self._read_state()
        local = existing.local if existing else self._training and not backend_protects(backend)
        self._local_new = local
        if not local and not backend_protects(backend):
            raise KeyringRefused(
                _t("系统密钥库（{name}）不能安全保存数据密钥，本程序拒绝使用它。").format(
                    name=backend_name(backend)
                ),
                _t(
                    "请使用 Windows 凭据管理器、Secret Service（GNOME 密钥环/KWallet）或"
                    " macOS 钥匙串；不要配置明文文件或空的密钥库后端。"
                ),
            )
        if existing is not None:
            state = existing
            self.state_id = state.profile_id
            for kid in filter(None, (state.current, state.next)):
                key = self._fetch(kid)
                if key is None:
                    if kid == state.next:  # a rotation died before storing it: start over
                        state.next = ""
                        continue
                    raise DataKeyMissing(
                        _t(
                            "找不到这个配置目录的数据密钥（{path}）：材料文件和文书无法解密。"
                        ).format(path=self.path.parent),
                        _t(
                            "这个配置目录可能是从另一台电脑复制来的，或本机的系统密钥库被重置。"
                            "请在原来的电脑上打开它，或联系管理员恢复密钥库。"
                        ),
                    )
                self._keys[bytes.fromhex(kid)] = key
            return state
        # A new profile, or one from before files were encrypted (converted on open).
        self.state_id = str(uuid.uuid4())
        key = self.new_key()
        state = KeyState(self.state_id, key_id(key).hex(), local=local)
        self._keys[key_id(key)] = key
        try:
            self.save(state, exclusive=True)
        except FileExistsError:  # another process made it first (the window and a verb): use it
            self.forget(state.current)
            self._keys.clear()
            return self._open()
        return state

    def _read_state(self) -> KeyState | None:
        if not self.path.is_file():
            return None
        return KeyState(**json.loads(self.path.read_text(encoding="utf-8")))

    def _local_keys(self) -> dict[str, str]:
        if not self.local_path.is_file():
            return {}
        keys: dict[str, str] = json.loads(self.local_path.read_text(encoding="utf-8"))
        return keys

    def _is_local(self) -> bool:
        state = getattr(self, "state", None)
        return state.local if state is not None else getattr(self, "_local_new", False)

    def _fetch(self, kid: str) -> bytes | None:
        if self._is_local():
            stored_local = self._local_keys().get(kid)
            if stored_local is None:
                return None
            key = base64.b64decode(stored_local)
            return key if key_id(key).hex() == kid else None
        try:
            stored = keyring.get_password(KEYRING_SERVICE, self._account(kid))
        except keyring.errors.KeyringError as exc:
            raise _keyring_failed(exc) from exc
        if stored is None:
            return None
        key = base64.b64decode(stored)
        return key if key_id(key).hex() == kid else None

    def new_key(self) -> bytes:
        """A fresh key, stored in the keyring before anything is encrypted with it."""
        key = AESGCM.generate_key(bit_length=256)
        if self._is_local():
            keys = self._local_keys()
            keys[key_id(key).hex()] = base64.b64encode(key).decode()
            tmp = self.local_path.with_name(f"{self.local_path.name}.{os.getpid()}.tmp")
            with os.fdopen(open_private(tmp, os.O_WRONLY | os.O_TRUNC), "w") as f:
                json.dump(keys, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.local_path)
            return key
        try:
            keyring.set_password(
                KEYRING_SERVICE, self._account(key_id(key).hex()), base64.b64encode(key).decode()
            )
        except keyring.errors.KeyringError as exc:
            raise _keyring_failed(exc) from exc
        return key

    def adopt(self, key: bytes) -> None:
        self._keys[key_id(key)] = key

    def forget(self, kid: str) -> None:
        self._keys.pop(bytes.fromhex(kid), None)
        if self._is_local():
            keys = self._local_keys()
            if keys.pop(kid, None) is not None:
                self.local_path.write_text(json.dumps(keys))
            return
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(KEYRING_SERVICE, self._account(kid))

    def save(self, state: KeyState, exclusive: bool = False) -> None:
        """Durably: the state names the keys every file can be read with. `exclusive`: only
        if there is none yet (FileExistsError otherwise)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            with os.fdopen(open_private(tmp, os.O_WRONLY | os.O_TRUNC), "w", encoding="utf-8") as f:
                json.dump(asdict(state), f)
                f.flush()
                os.fsync(f.fileno())
            if exclusive:
                os.link(tmp, self.path)  # atomic, and fails if the file exists
                tmp.unlink()
            else:
                os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)
        fsync_dir(self.path.parent)
        self.state = state

    def writing_key(self) -> bytes:
        """New files go under the next key while a rotation runs, so it never falls behind."""
        return self._keys[bytes.fromhex(self.state.next or self.state.current)]

    def key_ids(self) -> list[str]:
        """The current key's id, then the next one's during a rotation."""
        return [kid for kid in (self.state.current, self.state.next) if kid]

    def key(self, kid: str) -> bytes:
        return self._keys[bytes.fromhex(kid)]

    def key_for(self, kid: bytes) -> bytes:
        try:
            return self._keys[kid]
        except KeyError:
            raise DataKeyMissing(
                _t("文件使用了未知的数据密钥加密（密钥编号 {kid}）。").format(kid=kid.hex()),
                _t("请运行 keys rotate-data-key 完成密钥轮换，或联系管理员。"),
            ) from None


def _keyring_failed(exc: Exception) -> KeyringRefused:
    return KeyringRefused(
        _t("无法访问系统密钥库：{detail}").format(detail=exc),
        _t("请确认已登录桌面会话且密钥库已解锁，然后重试。"),
    )
