"""Sliding-window rate limits kept in Redis."""

from __future__ import annotations

import time

import redis.asyncio as redis

from app.core.exceptions import RateLimitExceeded


class RateLimitService:
    def __init__(self, client: redis.Redis, per_minute: int, burst: int = 0):
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        self.client = client
        self.per_minute = per_minute
        self.burst = burst

    def window_key(self, client_id: str, now: float | None = None) -> str:
        minute = int((now or time.time()) // 60)
        return f"rl:{client_id}:{minute}"

    async def hits(self, client_id: str) -> int:
        value = await self.client.get(self.window_key(client_id))
        return int(value or 0)

    async def check(self, client_id: str) -> int:
        key = self.window_key(client_id)
        count = await self.client.incr(key)
        if count == 1:
            await self.client.expire(key, 61)
        limit = self.per_minute + self.burst
        if count > limit:
            retry_after = 60 - int(time.time()) % 60
            raise RateLimitExceeded(retry_after)
        return limit - count

    async def reset(self, client_id: str) -> None:
        await self.client.delete(self.window_key(client_id))
