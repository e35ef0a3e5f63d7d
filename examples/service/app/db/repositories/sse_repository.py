"""Server-sent event subscriptions and recent messages, kept in Redis."""

from __future__ import annotations

import json
import time

import redis.asyncio as redis

SUBSCRIPTION_TTL = 3600
BACKLOG = 100


class SSERepository:
    def __init__(self, client: redis.Redis, prefix: str = "sse"):
        self.client = client
        self.prefix = prefix

    def _key(self, user_id: int, what: str) -> str:
        return f"{self.prefix}:{user_id}:{what}"

    async def subscribe(self, user_id: int, channel: str) -> None:
        if not channel or ":" in channel:
            raise ValueError(f"bad channel name {channel!r}")
        key = self._key(user_id, "channels")
        await self.client.sadd(key, channel)
        await self.client.expire(key, SUBSCRIPTION_TTL)

    async def unsubscribe(self, user_id: int, channel: str | None = None) -> int:
        key = self._key(user_id, "channels")
        if channel is None:
            return await self.client.delete(key)
        return await self.client.srem(key, channel)

    async def channels(self, user_id: int) -> set[str]:
        return {c.decode() for c in await self.client.smembers(self._key(user_id, "channels"))}

    async def push(self, user_id: int, channel: str, data: dict) -> bool:
        if channel not in await self.channels(user_id):
            return False
        message = json.dumps({"channel": channel, "data": data, "at": time.time()})
        key = self._key(user_id, "backlog")
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.lpush(key, message)
            pipe.ltrim(key, 0, BACKLOG - 1)
            await pipe.execute()
        return True

    async def backlog(self, user_id: int, since: float = 0.0) -> list[dict]:
        raw = await self.client.lrange(self._key(user_id, "backlog"), 0, BACKLOG - 1)
        messages = [json.loads(m) for m in raw]
        return [m for m in reversed(messages) if m["at"] > since]
