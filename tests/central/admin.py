"""Admin endpoints of the reference central (not part of the contract): the fault switches."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from tests.central.auth import Principal, require_role
from tests.central.faults import Faults


class FaultUpdate(BaseModel):
    model_config = {"extra": "forbid"}

    fail_next: int | None = Field(default=None, ge=0)
    retry_after: int | None = Field(default=None, ge=0)
    drop_next: int | None = Field(default=None, ge=0)
    token_ttl: float | None = Field(default=None, ge=0)
    delay_ms: int | None = Field(default=None, ge=0)
    method: str | None = None
    path_prefix: str | None = None


router = APIRouter(prefix="/admin/faults", tags=["admin"])
Admin = Annotated[Principal, Depends(require_role("admin"))]


def _faults(who: Principal) -> Faults:
    return who.context.faults


@router.get("")
def get_faults(who: Admin) -> dict[str, Any]:
    return _faults(who).snapshot()


@router.post("")
def set_faults(update: FaultUpdate, who: Admin) -> dict[str, Any]:
    """Change the given switches only; `token_ttl: null` is not a change (DELETE resets)."""
    return _faults(who).update(**update.model_dump(exclude_none=True))


@router.delete("", status_code=204)
def clear_faults(who: Admin) -> None:
    _faults(who).clear()
