"""Worker: replays stored events to Kafka, for rebuilding read models."""

from __future__ import annotations

import argparse
import asyncio

import app.infrastructure.kafka.events  # noqa: F401  (registers every event kind)
from app.core.config import get_settings
from app.db.repositories.replay_repository import ReplayRepository
from app.db.session import SessionFactory
from app.infrastructure.kafka.events.base import BaseEvent, event_class_for
from app.infrastructure.kafka.producer import EventProducer


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("replay_id")
    parser.add_argument("--kind", action="append", default=[])
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    if args.batch < 1 or args.batch > 10_000:
        parser.error("--batch must be between 1 and 10000")
    return args


async def replay(args: argparse.Namespace) -> int:
    settings = get_settings()
    sessions = SessionFactory(settings)
    producer = EventProducer(settings.kafka_servers, client_id="event-replay")
    if not args.dry_run:
        await producer.start()
    sent = 0
    try:
        while True:
            async with sessions.session() as session:
                batch = await ReplayRepository(session).batch(args.replay_id, args.kind, args.batch)
            if not batch:
                break
            for stored in batch:
                event_type = event_class_for(stored.kind) or BaseEvent
                event = event_type.model_validate(stored.payload)
                if not args.dry_run:
                    await producer.publish(event)
                sent += 1
    finally:
        if not args.dry_run:
            await producer.stop()
        await sessions.dispose()
    return sent


def main() -> None:
    count = asyncio.run(replay(parse_args()))
    print(f"replayed {count} events")


if __name__ == "__main__":
    main()
