"""The clerk's words for stages, lights and delivery states (shared by the screens and CLI)."""

from __future__ import annotations

from client.domain import Stage
from client.i18n import translate
from client.time_limits.workdays import Light


def stage_label(stage: Stage) -> str:
    return {
        Stage.APPLIED: translate("cases", "申请"),
        Stage.ACCEPTED: translate("cases", "受理"),
        Stage.SUPPLEMENT_REQUESTED: translate("cases", "补正告知"),
        Stage.REFUSED: translate("cases", "不予受理"),
        Stage.FIRST_REVIEW: translate("cases", "初审"),
        Stage.SECOND_REVIEW: translate("cases", "复审"),
        Stage.DECIDED: translate("cases", "决定"),
        Stage.CLOSED: translate("cases", "办结"),
    }[stage]


def light_label(light: Light | None) -> str:
    if light is None:
        return "—"
    return {
        Light.GREEN: translate("cases", "绿灯"),
        Light.YELLOW: translate("cases", "黄灯"),
        Light.RED: translate("cases", "红灯"),
    }[light]


def delivery_label(delivery: str) -> str:
    return {
        "delivered": translate("cases", "已送达中心"),
        "pending": translate("cases", "待同步"),
        "attention": translate("cases", "需处理"),
        "training": translate("cases", "培训模式（不上报）"),
    }.get(delivery, delivery)
