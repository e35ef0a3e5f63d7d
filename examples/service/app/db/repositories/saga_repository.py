"""Saga state: persistence, state updates, step tracking."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.exceptions import ConflictError, NotFoundError
from app.db.models import SagaState

TRANSITIONS = {
    "running": {"compensating", "completed", "failed"},
    "compensating": {"failed", "compensated"},
}


class SagaRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def start(self, name: str, context: dict) -> SagaState:
        saga = SagaState(id=str(uuid.uuid4()), name=name, context=dict(context))
        self.session.add(saga)
        await self.session.flush()
        return saga

    async def get(self, saga_id: str) -> SagaState:
        saga = await self.session.get(SagaState, saga_id)
        if saga is None:
            raise NotFoundError(f"saga {saga_id}")
        return saga

    async def advance(self, saga_id: str, context_update: dict | None = None) -> SagaState:
        saga = await self.get(saga_id)
        if saga.state != "running":
            raise ConflictError(f"saga {saga_id} is {saga.state}")
        saga.step += 1
        if context_update:
            saga.context = {**saga.context, **context_update}
        return saga

    async def transition(self, saga_id: str, state: str) -> SagaState:
        saga = await self.get(saga_id)
        if state not in TRANSITIONS.get(saga.state, set()):
            raise ConflictError(f"saga {saga_id}: {saga.state} -> {state} not allowed")
        saga.state = state
        return saga

    async def stuck(self, name: str, max_step: int) -> list[SagaState]:
        query = select(SagaState).where(SagaState.name == name, SagaState.state == "running")
        return [s for s in (await self.session.execute(query)).scalars() if s.step >= max_step]
