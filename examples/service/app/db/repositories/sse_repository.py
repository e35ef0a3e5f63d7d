"""Server-sent event subscriptions kept in Redis."""

from __future__ import annotations

import redis.asyncio as redis


class SSERepository:
    def __init__(self, client: redis.Redis):
        self.client = client

    async def subscribe(self, user_id: int, channel: str) -> None:
        await self.client.sadd(f"sse:{user_id}", channel)

    async def channels(self, user_id: int) -> set[str]:
        return {c.decode() for c in await self.client.smembers(f"sse:{user_id}")}
