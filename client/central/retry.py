"""The one retry policy for talking to the central system (docs/architecture.md, Outbox).

Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And
Jitter"): the n-th wait is uniform in [0, min(cap, base · 2^n)], so many windows coming back
online together do not hammer the server in lockstep. A server's Retry-After wins when it
asks for longer, up to a hard ceiling.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
from collections.abc import Callable
from dataclasses import dataclass, field

RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float = 0.5
    cap_seconds: float = 60.0
    max_attempts: int = 6  # 1 try + 5 retries
    retry_after_ceiling: float = 600.0  # never sleep longer than this on a server's word
    random: Callable[[], float] = field(default=random.random, compare=False, repr=False)

    def backoff(self, attempt: int) -> float:
        """Seconds to wait before retry number `attempt` (1 = the first retry)."""
        if attempt < 1:
            return 0.0
        ceiling = min(self.cap_seconds, self.base_seconds * 2.0 ** (attempt - 1))
        return float(self.random() * ceiling)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """The wait before retry `attempt`: full jitter, or the server's Retry-After if that
        is longer (capped at `retry_after_ceiling`)."""
        wait = self.backoff(attempt)
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.retry_after_ceiling))
        return wait

    def should_retry(self, attempt: int) -> bool:
        return attempt < self.max_attempts


def is_retryable_status(status: int) -> bool:
    return status in RETRYABLE_STATUS


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


@dataclass(frozen=True)
class ProbePolicy:
    """How often an offline window asks whether the link is back: equal jitter between half
    and all of a doubling interval, so a hall of windows never probes in step."""

    first_seconds: float = 2.0
    cap_seconds: float = 30.0
    random: Callable[[], float] = field(default=random.random, compare=False, repr=False)

    def delay(self, failures: int) -> float:
        ceiling = min(self.cap_seconds, self.first_seconds * 2.0 ** max(0, failures - 1))
        return ceiling / 2 + self.random() * ceiling / 2
