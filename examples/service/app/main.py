"""The application factory: routes, middlewares and error handlers wired together."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

import redis.asyncio as redis
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from app.api.routes import executions, users
from app.core.config import Settings, get_settings
from app.core.exceptions import ServiceError
from app.core.middlewares import (
    CacheMiddleware,
    CorsMiddleware,
    MetricsMiddleware,
    MetricsRegistry,
    RateLimitMiddleware,
    RequestSizeLimitMiddleware,
)
from app.db.session import SessionFactory
from app.services.rate_limit_service import RateLimitService

log = logging.getLogger("app")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    sessions = SessionFactory(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if not await sessions.ping():
            log.error("starting without a database at %s", settings.database_url.split("@")[-1])
        yield
        await sessions.dispose()

    app = FastAPI(title="execution-service", lifespan=lifespan)
    app.state.sessions = sessions
    app.add_api_route("/api/v1/users/register", users.register, methods=["POST"])
    app.add_api_route("/api/v1/users/login", users.login, methods=["POST"])
    app.add_api_route("/api/v1/users/me", users.me, methods=["GET"])
    app.add_api_route("/api/v1/executions", executions.submit, methods=["POST"])
    app.add_api_route("/api/v1/executions", executions.list_mine, methods=["GET"])
    app.add_api_route("/api/v1/executions/{execution_id}", executions.get, methods=["GET"])
    app.add_api_route("/api/v1/executions/{execution_id}", executions.cancel, methods=["DELETE"])

    @app.get("/health")
    async def health() -> dict:
        database = await sessions.ping()
        return {"status": "ok" if database else "degraded", "database": database}

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError) -> JSONResponse:
        if exc.status_code >= 500:
            log.exception("unhandled service error on %s", request.url.path)
        return JSONResponse(exc.to_problem(), status_code=exc.status_code)

    limiter = RateLimitService(redis.from_url(settings.redis_url), settings.rate_limit_per_minute)
    registry = MetricsRegistry()

    @app.get("/metrics", response_class=PlainTextResponse)
    async def render_metrics() -> str:
        return registry.render()

    app.add_middleware(RequestSizeLimitMiddleware, max_bytes=settings.max_request_bytes)
    app.add_middleware(RateLimitMiddleware, service=limiter)
    app.add_middleware(CacheMiddleware, redis_url=settings.redis_url)
    app.add_middleware(MetricsMiddleware, registry=registry)
    app.add_middleware(CorsMiddleware, origins=settings.cors_origins)
    return app
