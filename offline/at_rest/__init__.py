"""Data at rest: the encrypted file format, the profile's data key in the OS keyring, key rotation
and the conversion of older clear profiles (docs/at-rest.md)."""
