"""好差评: the five levels of GB/T 39734/39735, what makes a rating a 差评, and its checks.

A score is 1 (非常不满意) to 5 (非常满意); a score of 2 or less is a 差评, which needs a reason
and is flagged to the chief representative. Plain values only: the store and the window use it.
"""

from __future__ import annotations

from enum import StrEnum

from client.errors import ClerkError
from client.i18n import translate

BAD_AT_MOST = 2  # 不满意 and 非常不满意 are 差评
REASON_MAX = 500


def _t(text: str) -> str:
    return translate("rating", text)


class RatingError(ClerkError, ValueError):
    """The rating cannot be recorded; nothing was written."""


class Level(StrEnum):
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"
    VERY_DISSATISFIED = "very_dissatisfied"

    @property
    def score(self) -> int:
        return SCORES[self]

    @property
    def label(self) -> str:
        return {
            Level.VERY_SATISFIED: _t("非常满意"),
            Level.SATISFIED: _t("满意"),
            Level.BASICALLY_SATISFIED: _t("基本满意"),
            Level.DISSATISFIED: _t("不满意"),
            Level.VERY_DISSATISFIED: _t("非常不满意"),
        }[self]


SCORES = {
    Level.VERY_SATISFIED: 5,
    Level.SATISFIED: 4,
    Level.BASICALLY_SATISFIED: 3,
    Level.DISSATISFIED: 2,
    Level.VERY_DISSATISFIED: 1,
}
LEVELS_BY_SCORE = {score: level for level, score in SCORES.items()}


class Channel(StrEnum):
    WINDOW = "window"  # on the window's dialog
    QR = "qr"  # later, through the slip's QR code (reported by the central)


def level_of(score: int) -> Level:
    if isinstance(score, bool) or score not in LEVELS_BY_SCORE:
        raise RatingError(
            _t("评价分值“{score}”无效").format(score=score),
            _t("请选择 1（非常不满意）到 5（非常满意）之间的一个分值"),
        )
    return LEVELS_BY_SCORE[score]


def is_bad(score: int) -> bool:
    return score <= BAD_AT_MOST


def checked_reason(score: int, reason: str) -> str:
    """The reason as stored: required for a 差评, bounded in length."""
    text = " ".join(reason.split())
    if is_bad(score) and not text:
        raise RatingError(
            _t("差评须写明原因"),
            _t("请申请人选择或说明不满意的原因，便于首席代表跟进整改"),
        )
    if len(text) > REASON_MAX:
        raise RatingError(_t("评价原因过长（最多 {n} 字）").format(n=REASON_MAX))
    return text


def bad_reasons() -> tuple[str, ...]:
    """The short list the rating dialog offers for a 差评 (the text box adds to it)."""
    return (
        _t("等候时间长"),
        _t("工作人员态度不好"),
        _t("一次性告知不清楚"),
        _t("要求提交的材料过多"),
        _t("办理时间长"),
        _t("环境或设施不便"),
    )
