"""Identifiers the client generates without coordination: UUIDv7 ids and case numbers."""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
import time
import uuid

WINDOW_CODE = re.compile(r"^[A-Z0-9]{1,5}$")  # longer codes make the Code128 too dense for 80 mm

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def uuid7() -> str:
    """RFC 9562 UUIDv7: time-ordered, so ids sort by creation; monotonic within a process."""
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            ms = _last_ms
            _counter += 1
            if _counter > 0xFFF:
                ms += 1
                _counter = 0
        else:
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
        _last_ms = ms
        rand_a = _counter
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= rand_a << 64
    value |= 0b10 << 62
    value |= rand_b
    return str(uuid.UUID(int=value))


def format_case_number(window_code: str, day: dt.date, sequence: int) -> str:
    """Window code + date + daily sequence, e.g. PX01-20261122-0007.

    Unique across windows because window codes are unique in a hall, and within a window
    because the sequence is persisted in the same transaction as the case.
    """
    if not WINDOW_CODE.match(window_code):
        raise ValueError(f"bad window code {window_code!r}")
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    return f"{window_code}-{day:%Y%m%d}-{sequence:04d}"


def format_decision_number(department_code: str, year: int, window_code: str, sequence: int) -> str:
    """The 文号 of a decision made at the window (即办), e.g. XZSP即〔2026〕PX01-0003号.

    机关代字 (the department's code) + 即 + 〔year〕 + window code + the window's yearly
    sequence. The window code keeps it unique across windows without asking the central, so
    it can be given offline; the central's own numbers never contain 即 and a window code.
    """
    if not WINDOW_CODE.match(window_code):
        raise ValueError(f"bad window code {window_code!r}")
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    return f"{department_code}即〔{year}〕{window_code}-{sequence:04d}号"


def mask_id_number(id_number: str) -> str:
    """Keep the first 4 and last 4 characters: enough for the applicant to recognise it."""
    if len(id_number) <= 8:
        return id_number[:1] + "*" * max(len(id_number) - 2, 0) + id_number[-1:]
    return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]
