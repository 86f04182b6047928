"""The reference central's ASGI application: the contract's routers under /api/v1, the back
office and admin routers beside them, problem+json for every error, and the OpenAPI
document in resources/ served as it is (FastAPI's generated schema is switched off)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import yaml
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match
from starlette.types import ASGIApp

from client.resources import resource
from tests.central import (
    admin,
    auth,
    backoffice,
    cases,
    changes,
    department,
    materials,
    orders,
    reference,
    uploads,
)
from tests.central.backoffice import AutoAdvancer
from tests.central.context import Context
from tests.central.faults import FaultMiddleware
from tests.central.problems import ProblemError, problem_response

API = "/api/v1"
_HTTP_SLUGS = {404: "not-found", 405: "method-not-allowed", 400: "bad-request"}


def openapi_path() -> Any:
    return resource("openapi", "central-v1.yaml")


def _allowed_methods(request: Request) -> str:
    """Every method some route offers for this path. Starlette's 405 names only the methods
    of the first route that matched the path, and a path often has one route per method."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _child = route.matches(request.scope)
        if match != Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


def create_app(ctx: Context) -> ASGIApp:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        reference.seed_catalog(ctx.store, ctx.config.catalog_file)
        advancer = None
        if ctx.config.auto_advance:
            advancer = AutoAdvancer(ctx, ctx.config.auto_advance)
            advancer.start()
        try:
            yield
        finally:
            if advancer:
                advancer.stop()

    app = FastAPI(
        title="Chuangkou reference central",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.context = ctx
    routers = (
        auth,
        reference,
        department,
        cases,
        materials,
        uploads,
        changes,
        backoffice,
        orders,
        admin,
    )
    for module in routers:
        app.include_router(module.router, prefix=API)

    @app.get(f"{API}/openapi.yaml", include_in_schema=False)
    def openapi_yaml() -> Response:
        return Response(openapi_path().read_bytes(), media_type="application/yaml")

    @app.get(f"{API}/openapi.json", include_in_schema=False)
    def openapi_json() -> Response:
        document = yaml.safe_load(openapi_path().read_text(encoding="utf-8"))
        return Response(json.dumps(document, ensure_ascii=False), media_type="application/json")

    @app.exception_handler(ProblemError)
    async def on_problem(request: Request, error: Exception) -> Response:
        assert isinstance(error, ProblemError)
        return problem_response(error)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        errors = [
            {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in error.errors()
        ]
        problem = ProblemError(
            422, "invalid-request", "Invalid request", "See errors.", errors=errors
        )
        return problem_response(problem)

    @app.exception_handler(HTTPException)
    async def on_http(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        slug = _HTTP_SLUGS.get(error.status_code, "http-error")
        headers = dict(error.headers or {})
        if error.status_code == 405:
            headers["Allow"] = _allowed_methods(request)
        problem = ProblemError(error.status_code, slug, str(error.detail), headers=headers)
        response: JSONResponse = problem_response(problem)
        return response

    return FaultMiddleware(app, ctx.faults)
