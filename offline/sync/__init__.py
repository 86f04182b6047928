"""The sync engine and everything it drives: the outbox delivered exactly once, uploads, the
changes feed, audit and reference sync, retention, the health gate, the status the window shows,
and the sync/queue verbs. See docs/architecture.md.
"""
