"""RFC 9457 problem details: one exception type, one response builder."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse

TYPE_BASE = "https://chuangkou.example/problems/"
MEDIA_TYPE = "application/problem+json"


class ProblemError(Exception):
    """Raised by handlers; the app turns it into an application/problem+json response."""

    def __init__(
        self,
        status: int,
        slug: str,
        title: str,
        detail: str = "",
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(f"{status} {slug}: {detail or title}")
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


def problem_body(
    status: int, slug: str, title: str, detail: str = "", **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {"type": TYPE_BASE + slug, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return body


def problem_response(error: ProblemError) -> JSONResponse:
    body = problem_body(error.status, error.slug, error.title, error.detail, **error.extra)
    return JSONResponse(
        body, status_code=error.status, headers=error.headers, media_type=MEDIA_TYPE
    )
