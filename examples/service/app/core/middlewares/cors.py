"""CORS headers for the browser front end."""

from __future__ import annotations

from collections.abc import Iterable

ALLOWED_METHODS = ("GET", "POST", "PUT", "DELETE", "OPTIONS")


class CorsMiddleware:
    def __init__(self, app, origins: Iterable[str], allow_credentials: bool = True):
        self.app = app
        self.origins = {o.rstrip("/") for o in origins}
        self.allow_credentials = allow_credentials

    def is_allowed(self, origin: str | None) -> bool:
        if not origin:
            return False
        return "*" in self.origins or origin.rstrip("/") in self.origins

    def headers_for(self, origin: str | None, preflight: bool = False) -> dict[str, str]:
        if not self.is_allowed(origin):
            return {}
        headers = {"access-control-allow-origin": origin or ""}
        if self.allow_credentials:
            headers["access-control-allow-credentials"] = "true"
        if preflight:
            headers["access-control-allow-methods"] = ", ".join(ALLOWED_METHODS)
            headers["access-control-max-age"] = "600"
        return headers

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        origin = dict(scope.get("headers", [])).get(b"origin", b"").decode() or None
        extra = self.headers_for(origin, preflight=scope.get("method") == "OPTIONS")

        async def send_with_cors(message):
            if message["type"] == "http.response.start" and extra:
                message.setdefault("headers", [])
                message["headers"] += [(k.encode(), v.encode()) for k, v in extra.items()]
            await send(message)

        await self.app(scope, receive, send_with_cors)
