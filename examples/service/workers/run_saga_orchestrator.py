"""Worker: drives sagas forward and compensates the ones that fail."""

from __future__ import annotations

import asyncio
import logging
import signal

from app.core.config import get_settings
from app.db.repositories.saga_repository import SagaRepository
from app.db.session import SessionFactory
from app.domain.saga.models import SagaPlan, SagaStep
from app.infrastructure.kafka.events.saga import SagaCompensated, SagaStarted, SagaStepCompleted
from app.infrastructure.kafka.producer import EventProducer

log = logging.getLogger("saga-orchestrator")
STEPS = ("reserve_pod", "upload_source", "start_execution", "collect_output")
PLAN = SagaPlan("execution", [SagaStep(name, compensation=f"undo_{name}") for name in STEPS])


class SagaOrchestrator:
    def __init__(self, sessions: SessionFactory, producer: EventProducer, max_attempts: int = 3):
        self.sessions = sessions
        self.producer = producer
        self.max_attempts = max_attempts
        self.stopping = asyncio.Event()

    async def step(self, saga_id: str, attempt: int = 1) -> bool:
        async with self.sessions.session() as session:
            sagas = SagaRepository(session)
            saga = await sagas.get(saga_id)
            if saga.step >= len(STEPS):
                await sagas.transition(saga_id, "completed")
                return True
            try:
                await self.run_step(STEPS[saga.step], saga.context)
            except Exception as exc:
                if attempt < self.max_attempts:
                    return await self.step(saga_id, attempt + 1)
                await sagas.transition(saga_id, "compensating")
                await self.producer.publish(SagaCompensated(saga_id=saga_id, reason=str(exc), failed_step=saga.step))
                return False
            await sagas.advance(saga_id)
            await self.producer.publish(SagaStepCompleted(saga_id=saga_id, step=saga.step))
            return True

    async def begin(self, name: str, context: dict) -> str:
        async with self.sessions.session() as session:
            saga = await SagaRepository(session).start(name, context)
        await self.producer.publish(SagaStarted(saga_id=saga.id, name=name, steps=list(STEPS)))
        return saga.id

    async def run_step(self, name: str, context: dict) -> None:
        log.info("running %s for %s", name, context.get("execution_id"))
        await asyncio.sleep(0)

    async def loop(self, poll_seconds: float = 1.0) -> None:
        while not self.stopping.is_set():
            async with self.sessions.session() as session:
                stuck = await SagaRepository(session).stuck("execution", max_step=0)
            for saga in stuck:
                await self.step(saga.id)
            await asyncio.sleep(poll_seconds)


async def main() -> None:
    settings = get_settings()
    producer = EventProducer(settings.kafka_servers)
    await producer.start()
    orchestrator = SagaOrchestrator(SessionFactory(settings), producer)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, orchestrator.stopping.set)
    try:
        await orchestrator.loop()
    finally:
        await producer.stop()


if __name__ == "__main__":
    asyncio.run(main())
