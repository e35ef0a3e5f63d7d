"""Worker: retries messages from the dead-letter topic, parks the hopeless ones."""

from __future__ import annotations

import asyncio
import json
import logging

from aiokafka import AIOKafkaConsumer

from app.core.config import get_settings
from app.infrastructure.kafka.events.notification import NotificationRequested
from app.infrastructure.kafka.producer import EventProducer

log = logging.getLogger("dlq")
MAX_RETRIES = 5


def classify(message: dict) -> str:
    retries = int(message.get("headers", {}).get("retries", 0))
    error = message.get("error", "")
    if retries >= MAX_RETRIES:
        return "park"
    if "ValidationError" in error or "DecodeError" in error:
        return "park"
    if "Timeout" in error or "ConnectionError" in error:
        return "retry"
    return "retry" if retries < 2 else "park"


async def process(consumer: AIOKafkaConsumer, producer: EventProducer) -> tuple[int, int]:
    retried = parked = 0
    async for record in consumer:
        message = json.loads(record.value)
        if classify(message) == "retry":
            await producer.publish(NotificationRequested.model_validate(message["payload"]))
            retried += 1
        else:
            log.error("parking message %s: %s", record.offset, message.get("error"))
            parked += 1
    return retried, parked


async def main() -> None:
    settings = get_settings()
    consumer = AIOKafkaConsumer("dead-letter", bootstrap_servers=settings.kafka_servers, group_id="dlq")
    producer = EventProducer(settings.kafka_servers, client_id="dlq-processor")
    await consumer.start()
    await producer.start()
    try:
        await process(consumer, producer)
    finally:
        await consumer.stop()
        await producer.stop()


if __name__ == "__main__":
    asyncio.run(main())
