"""What a round learns from one operation's failure: wait and retry, upload again, or park.

The rules (docs/architecture.md, Outbox): no answer is a link fault, never counted against
the operation; 408/423/425/429/5xx and a 409 other than a conflict of content wait with
backoff; an upload the central lost is uploaded again; any other refusal parks the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from client.central.api import CentralError, ProblemError
from client.central.replies import ReplyError
from client.central.retry import is_retryable_status
from client.i18n import translate
from offline.sync.outbox import Operation

# 409s that mean "you sent something else under this id before" or "the case was closed
# without this window's 出证": resending cannot help.
PERMANENT_CONFLICTS = frozenset(
    {
        "case-conflict",
        "material-conflict",
        "audit-record-conflict",
        "upload-conflict",
        "case-already-closed",
        # 即办决定 and 好差评 the central cannot take (the outbox sends a case's operations in
        # order, so the accept went first): a clerk must look, retrying changes nothing.
        "invalid-transition",
        "not-immediate",
        "document-number-taken",
        "case-not-accepted",
        # A 差评 follow-up the central cannot match to a 差评 of the case still open there.
        "rating-not-found",
        "rating-not-bad",
        "rating-already-handled",
    }
)
# The upload behind an attachment is gone or unfinished: upload (again), then attach.
UPLOAD_LOST = frozenset({"upload-gone", "upload-incomplete", "upload-not-found"})


@dataclass
class Cycle:
    """What one round did so far (shared by the round's case workers)."""

    sent: int = 0
    retried: int = 0
    parked: int = 0
    link_lost: bool = False
    logged_out: bool = False


class Outcome(Enum):
    RETRY = "retry"  # wait with backoff, then send again
    UPLOAD_AGAIN = "upload-again"  # forget the upload, send the material again
    PARK = "park"  # refused for good: 需处理 until the clerk retries


def problem_outcome(op: Operation, exc: ProblemError) -> Outcome:
    """What to do with an operation the central answered with a problem."""
    status, kind = exc.status, exc.type.rsplit("/", 1)[-1]
    if op.kind == "material.upload" and kind in UPLOAD_LOST:
        return Outcome.UPLOAD_AGAIN
    transient = is_retryable_status(status) or status >= 500 or status in (408, 423)
    if transient or (status == 409 and kind not in PERMANENT_CONFLICTS):
        return Outcome.RETRY
    return Outcome.PARK


def offline_message(exc: CentralError) -> str:
    """Why the window is offline, for the clerk."""
    if isinstance(exc, ReplyError):  # says itself what is wrong (a portal: log in there)
        return str(exc)
    return translate("sync", "与中心系统的连接中断，恢复后自动同步（{error}）").format(error=exc)
