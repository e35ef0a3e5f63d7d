"""Response cache for idempotent GET requests, kept in Redis."""

from __future__ import annotations

import hashlib
import json

import redis.asyncio as redis

CACHEABLE_PREFIXES = ("/api/v1/languages", "/api/v1/limits")


class CacheMiddleware:
    def __init__(self, app, redis_url: str, ttl_seconds: int = 30):
        self.app = app
        self.redis = redis.from_url(redis_url)
        self.ttl = ttl_seconds

    @staticmethod
    def cache_key(path: str, query: bytes) -> str:
        return "cache:" + hashlib.sha1(path.encode() + b"?" + query).hexdigest()

    def is_cacheable(self, scope) -> bool:
        return (
            scope["type"] == "http"
            and scope.get("method") == "GET"
            and any(scope["path"].startswith(p) for p in CACHEABLE_PREFIXES)
        )

    async def __call__(self, scope, receive, send):
        if not self.is_cacheable(scope):
            return await self.app(scope, receive, send)
        key = self.cache_key(scope["path"], scope.get("query_string", b""))
        cached = await self.redis.get(key)
        if cached is not None:
            entry = json.loads(cached)
            await send({"type": "http.response.start", "status": 200, "headers": entry["headers"]})
            await send({"type": "http.response.body", "body": entry["body"].encode()})
            return
        captured = {"headers": [], "body": ""}

        async def capture(message):
            if message["type"] == "http.response.start" and message["status"] == 200:
                captured["headers"] = message.get("headers", [])
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"").decode()
                if not message.get("more_body"):
                    await self.redis.set(key, json.dumps(captured), ex=self.ttl)
            await send(message)

        await self.app(scope, receive, capture)
