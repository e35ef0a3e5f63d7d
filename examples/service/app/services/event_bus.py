"""In-process publish/subscribe between services."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Handler = Callable[[dict], Awaitable[None]]


class EventBus:
    def __init__(self, max_queue: int = 1000):
        self._handlers: dict[str, list[Handler]] = defaultdict(list)
        self._queue: asyncio.Queue = asyncio.Queue(max_queue)
        self._running = False
        self.dropped = 0

    def subscribe(self, kind: str, handler: Handler) -> None:
        if handler not in self._handlers[kind]:
            self._handlers[kind].append(handler)

    def unsubscribe(self, kind: str, handler: Handler) -> bool:
        handlers = self._handlers.get(kind, [])
        if handler in handlers:
            handlers.remove(handler)
            return True
        return False

    def handlers_for(self, kind: str) -> list[Handler]:
        exact = self._handlers.get(kind, [])
        wildcard = [h for prefix, hs in self._handlers.items() if prefix.endswith("*") and kind.startswith(prefix[:-1]) for h in hs]
        return exact + wildcard

    def publish(self, kind: str, payload: dict) -> bool:
        try:
            self._queue.put_nowait((kind, payload))
            return True
        except asyncio.QueueFull:
            self.dropped += 1
            log.warning("event bus full, dropped %s", kind)
            return False

    async def dispatch(self, kind: str, payload: dict) -> int:
        delivered = 0
        for handler in self.handlers_for(kind):
            try:
                await handler(payload)
                delivered += 1
            except Exception:
                log.exception("handler for %s failed", kind)
        return delivered

    async def run(self) -> None:
        self._running = True
        while self._running or not self._queue.empty():
            kind, payload = await self._queue.get()
            await self.dispatch(kind, payload)
            self._queue.task_done()

    def stop(self) -> None:
        self._running = False

    async def drain(self, timeout: float = 5.0) -> bool:
        try:
            await asyncio.wait_for(self._queue.join(), timeout)
            return True
        except asyncio.TimeoutError:
            return False
