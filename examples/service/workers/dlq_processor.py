"""Worker: retries messages from the dead-letter topic, parks the hopeless ones."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer

import app.infrastructure.kafka.events  # noqa: F401  (registers every event kind)
from app.core.config import get_settings
from app.infrastructure.kafka.events.base import EventDecodeError, event_class_for
from app.infrastructure.kafka.events.notification import NotificationFailed, NotificationRequested
from app.infrastructure.kafka.producer import EventProducer

log = logging.getLogger("dlq")
MAX_RETRIES = 5
PERMANENT_ERRORS = ("ValidationError", "DecodeError", "EventDecodeError")
TRANSIENT_ERRORS = ("Timeout", "ConnectionError", "BrokerNotAvailable")


@dataclass
class DlqStats:
    retried: int = 0
    parked: int = 0
    dropped: int = 0

    def total(self) -> int:
        return self.retried + self.parked + self.dropped


def classify(message: dict) -> str:
    retries = int(message.get("headers", {}).get("retries", 0))
    error = message.get("error", "")
    if retries >= MAX_RETRIES:
        return "park"
    if any(name in error for name in PERMANENT_ERRORS):
        return "park"
    if any(name in error for name in TRANSIENT_ERRORS):
        return "retry"
    return "retry" if retries < 2 else "park"


def rebuild(message: dict):
    kind = message.get("kind", "")
    match kind.split("."):
        case ["notification", "requested"]:
            return NotificationRequested.model_validate(message["payload"])
        case ["notification", "failed"]:
            failed = NotificationFailed.model_validate(message["payload"])
            return failed if failed.should_retry(MAX_RETRIES) else None
        case [_, _]:
            event_type = event_class_for(kind)
            if event_type is None:
                raise EventDecodeError(f"unknown event kind {kind}")
            return event_type.model_validate(message["payload"])
        case _:
            raise EventDecodeError(f"malformed kind {kind!r}")


async def process(consumer: AIOKafkaConsumer, producer: EventProducer, stats: DlqStats | None = None) -> DlqStats:
    stats = stats or DlqStats()
    async for record in consumer:
        try:
            message = json.loads(record.value)
        except json.JSONDecodeError:
            log.error("dropping unreadable message at offset %s", record.offset)
            stats.dropped += 1
            continue
        if classify(message) != "retry":
            log.error("parking message %s: %s", record.offset, message.get("error"))
            stats.parked += 1
            continue
        try:
            event = rebuild(message)
        except EventDecodeError as exc:
            log.error("parking message %s: %s", record.offset, exc)
            stats.parked += 1
            continue
        if event is None:
            stats.dropped += 1
            continue
        await producer.publish(event)
        stats.retried += 1
    return stats


async def main() -> None:
    settings = get_settings()
    consumer = AIOKafkaConsumer("dead-letter", bootstrap_servers=settings.kafka_servers, group_id="dlq")
    producer = EventProducer(settings.kafka_servers, client_id="dlq-processor")
    await consumer.start()
    await producer.start()
    try:
        stats = await process(consumer, producer)
        log.info("dlq done: %d retried, %d parked, %d dropped", stats.retried, stats.parked, stats.dropped)
    finally:
        await consumer.stop()
        await producer.stop()


if __name__ == "__main__":
    asyncio.run(main())
