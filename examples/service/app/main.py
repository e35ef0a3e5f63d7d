"""The application factory: routes and middlewares wired together."""

from __future__ import annotations

import redis.asyncio as redis
from fastapi import FastAPI

from app.api.routes import executions, users
from app.core.config import Settings, get_settings
from app.core.middlewares import (
    CacheMiddleware,
    CorsMiddleware,
    MetricsMiddleware,
    RateLimitMiddleware,
    RequestSizeLimitMiddleware,
)
from app.services.rate_limit_service import RateLimitService


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="execution-service")
    app.add_api_route("/api/v1/users/register", users.register, methods=["POST"])
    app.add_api_route("/api/v1/users/login", users.login, methods=["POST"])
    app.add_api_route("/api/v1/executions", executions.submit, methods=["POST"])
    limiter = RateLimitService(redis.from_url(settings.redis_url), settings.rate_limit_per_minute)
    app.add_middleware(RequestSizeLimitMiddleware, max_bytes=settings.max_request_bytes)
    app.add_middleware(RateLimitMiddleware, service=limiter)
    app.add_middleware(CacheMiddleware, redis_url=settings.redis_url)
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(CorsMiddleware, origins=settings.cors_origins)
    return app
