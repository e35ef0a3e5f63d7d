"""Publishing events to Kafka."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError

from app.infrastructure.kafka.events.base import BaseEvent

log = logging.getLogger(__name__)
RETRY_DELAYS = (0.2, 1.0, 5.0)


class ProducerNotStarted(RuntimeError):
    pass


class EventProducer:
    def __init__(self, servers: str, client_id: str = "execution-service", topic_prefix: str = ""):
        self._producer = AIOKafkaProducer(bootstrap_servers=servers, client_id=client_id, acks="all")
        self._started = False
        self.topic_prefix = topic_prefix
        self.published = 0
        self.failed = 0

    def topic_for(self, event: BaseEvent) -> str:
        return f"{self.topic_prefix}.{event.topic}" if self.topic_prefix else event.topic

    async def start(self) -> None:
        if not self._started:
            await self._producer.start()
            self._started = True

    async def publish(self, event: BaseEvent) -> None:
        if not self._started:
            raise ProducerNotStarted("producer not started")
        topic = self.topic_for(event)
        for attempt, delay in enumerate((*RETRY_DELAYS, None), start=1):
            try:
                await self._producer.send_and_wait(
                    topic, event.to_bytes(), key=event.key(), headers=event.metadata.headers()
                )
                break
            except (KafkaConnectionError, KafkaTimeoutError) as exc:
                if delay is None:
                    self.failed += 1
                    raise
                log.warning("publish %s attempt %d failed: %s", event.kind, attempt, exc)
                await asyncio.sleep(delay)
        self.published += 1
        log.debug("published %s to %s", event.kind, topic)

    async def publish_many(self, events: Iterable[BaseEvent], stop_on_error: bool = False) -> int:
        sent = 0
        for event in events:
            try:
                await self.publish(event)
                sent += 1
            except (KafkaConnectionError, KafkaTimeoutError):
                if stop_on_error:
                    raise
                log.error("giving up on %s %s", event.kind, event.metadata.event_id)
        return sent

    async def stop(self) -> None:
        if self._started:
            await self._producer.flush()
            await self._producer.stop()
            self._started = False

    async def __aenter__(self) -> "EventProducer":
        await self.start()
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.stop()
