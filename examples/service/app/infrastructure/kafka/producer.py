"""Publishing events to Kafka."""

from __future__ import annotations

import logging

from aiokafka import AIOKafkaProducer

from app.infrastructure.kafka.events.base import BaseEvent

log = logging.getLogger(__name__)


class EventProducer:
    def __init__(self, servers: str, client_id: str = "execution-service"):
        self._producer = AIOKafkaProducer(bootstrap_servers=servers, client_id=client_id, acks="all")
        self._started = False

    async def start(self) -> None:
        if not self._started:
            await self._producer.start()
            self._started = True

    async def publish(self, event: BaseEvent) -> None:
        if not self._started:
            raise RuntimeError("producer not started")
        await self._producer.send_and_wait(event.topic, event.to_bytes(), key=event.key())
        log.debug("published %s to %s", event.kind, event.topic)

    async def stop(self) -> None:
        if self._started:
            await self._producer.stop()
            self._started = False
