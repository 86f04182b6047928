"""Materials capture tests and their bad-file corpus."""
