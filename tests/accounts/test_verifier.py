"""The offline verifier: Argon2id at stated parameters; a verifier edited down or damaged lets
nobody in."""

from __future__ import annotations

from offline.accounts.verifier import check_password, make_verifier


def test_the_verifier_checks_the_password_at_its_parameters() -> None:
    verifier = make_verifier("clerk-pass")
    assert (verifier["algorithm"], verifier["memory_kib"], verifier["iterations"]) == (
        "argon2id",
        65536,
        3,
    )
    assert "clerk-pass" not in str(verifier)
    assert check_password(verifier, "clerk-pass")
    assert not check_password(verifier, "clerk-pass ")
    assert make_verifier("clerk-pass")["salt"] != verifier["salt"]


def test_a_weakened_or_damaged_verifier_matches_nothing() -> None:
    verifier = make_verifier("clerk-pass")
    assert not check_password({**verifier, "memory_kib": 8}, "clerk-pass")
    assert not check_password({**verifier, "algorithm": "plain"}, "clerk-pass")
    assert not check_password({**verifier, "salt": "%%%"}, "clerk-pass")
    assert not check_password({"algorithm": "argon2id"}, "clerk-pass")
    assert not check_password(None, "clerk-pass")
