"""The retry policy: full-jitter backoff, caps, Retry-After in both forms."""

from __future__ import annotations

import datetime as dt

from client.central.retry import RetryPolicy, is_retryable_status, parse_retry_after


def test_full_jitter_grows_exponentially_up_to_the_cap() -> None:
    top = RetryPolicy(base_seconds=0.5, cap_seconds=8, random=lambda: 0.999999)
    assert [round(top.backoff(n), 3) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    bottom = RetryPolicy(random=lambda: 0.0)
    assert bottom.backoff(5) == 0.0  # full jitter reaches down to zero


def test_jitter_spreads_windows_that_retry_together() -> None:
    import random

    rng = random.Random(7)
    policy = RetryPolicy(base_seconds=1, cap_seconds=30, random=rng.random)
    waits = [policy.backoff(4) for _ in range(1000)]
    assert 0 <= min(waits) < 0.5 and 7.5 < max(waits) <= 8
    assert 3 < sum(waits) / len(waits) < 5  # uniform in [0, 8]


def test_retry_after_wins_when_longer_and_is_capped() -> None:
    policy = RetryPolicy(random=lambda: 0.5, retry_after_ceiling=120)
    assert policy.delay(1, retry_after=30) == 30
    assert policy.delay(1, retry_after=0) == policy.backoff(1)
    assert policy.delay(1, retry_after=3600) == 120


def test_attempts_are_bounded() -> None:
    policy = RetryPolicy(max_attempts=3)
    assert [policy.should_retry(n) for n in (1, 2, 3)] == [True, True, False]


def test_retry_after_parsing() -> None:
    now = dt.datetime(2026, 11, 22, 8, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Sun, 22 Nov 2026 08:01:30 GMT", now) == 90
    assert parse_retry_after("Sun, 22 Nov 2026 07:59:00 GMT", now) == 0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_which_statuses_are_worth_retrying() -> None:
    assert all(is_retryable_status(s) for s in (408, 429, 500, 502, 503, 504))
    assert not any(is_retryable_status(s) for s in (400, 401, 403, 404, 409, 422, 460))
