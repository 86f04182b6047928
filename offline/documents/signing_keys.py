"""Which certificate signs a window's decisions, and where its passphrase lives.

Training mode generates its own training certificate (subject says 培训) in the profile, its
passphrase in the OS keyring. A real department certificate (connected mode) is configured by
a later issue and must live behind the keyring; nothing secret is ever kept on disk in clear.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from client.domain import Department
from offline.secrets import SecretStoreUnavailable, keyring_secret
from offline.store import Store

if TYPE_CHECKING:
    from client.documents.signing import SigningIdentity

# Without any keyring backend (headless Linux) the *training* key falls back to this published
# passphrase: it signs nothing of legal value, and `doctor` reports the missing keyring.
TRAINING_FALLBACK_PASSPHRASE = b"chuangkou-training-only"


def training_passphrase(store: Store) -> bytes:
    account = f"training-seal:{store.profile.resolve()}"
    try:
        stored = keyring_secret(account, lambda: secrets.token_urlsafe(32))
    except SecretStoreUnavailable:
        return TRAINING_FALLBACK_PASSPHRASE
    assert stored is not None  # created when missing
    return stored.encode()


def identity_for(store: Store, department: Department) -> SigningIdentity | None:
    """The identity that signs this profile's decisions, or None when none is configured."""
    if not store.training:
        return None
    from client.documents.signing import TRAINING_P12, SigningError, make_training_identity

    keys, passphrase = store.profile / "keys", training_passphrase(store)
    name = department.seal.department_name
    try:
        return make_training_identity(keys, name, passphrase)
    except SigningError:
        # The passphrase changed (a keyring appeared or was reset): a training key has no
        # value to keep, so make a new one rather than leave decisions unsignable.
        (keys / TRAINING_P12).unlink(missing_ok=True)
        return make_training_identity(keys, name, passphrase)
