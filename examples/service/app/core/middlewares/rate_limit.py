"""Per-client request limits, enforced with the rate limit service."""

from __future__ import annotations

from app.core.exceptions import RateLimitExceeded
from app.services.rate_limit_service import RateLimitService


class RateLimitMiddleware:
    def __init__(self, app, service: RateLimitService, exempt_paths=("/health", "/metrics")):
        self.app = app
        self.service = service
        self.exempt = tuple(exempt_paths)

    def client_key(self, scope) -> str:
        headers = dict(scope.get("headers", []))
        forwarded = headers.get(b"x-forwarded-for", b"").decode()
        if forwarded:
            return forwarded.split(",")[0].strip()
        client = scope.get("client") or ("unknown", 0)
        return client[0]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith(self.exempt):
            return await self.app(scope, receive, send)
        try:
            await self.service.check(self.client_key(scope))
        except RateLimitExceeded as exc:
            await send({"type": "http.response.start", "status": 429, "headers": [(b"retry-after", str(exc.args[0]).encode())]})
            await send({"type": "http.response.body", "body": b"rate limit exceeded"})
            return
        await self.app(scope, receive, send)
