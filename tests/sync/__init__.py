"""Sync engine tests: outbox delivery, faults, soak, the window's sync view."""
