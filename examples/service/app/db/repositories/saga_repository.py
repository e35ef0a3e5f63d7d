"""Saga state: persistence, state updates, step tracking."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.exceptions import ConflictError, NotFoundError
from app.db.models import SagaState, SagaStepLog

TRANSITIONS = {
    "running": {"compensating", "completed", "failed"},
    "compensating": {"failed", "compensated"},
}
FINAL_STATES = {"completed", "failed", "compensated"}


class SagaRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def start(self, name: str, context: dict) -> SagaState:
        if not name:
            raise ValueError("a saga needs a name")
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
        await self.record_step(saga_id, saga.step, "completed")
        saga.step += 1
        if context_update:
            saga.context = {**saga.context, **context_update}
        return saga

    async def transition(self, saga_id: str, state: str, reason: str | None = None) -> SagaState:
        saga = await self.get(saga_id)
        if saga.state == state:
            return saga
        if state not in TRANSITIONS.get(saga.state, set()):
            raise ConflictError(f"saga {saga_id}: {saga.state} -> {state} not allowed")
        if state in ("failed", "compensating"):
            await self.record_step(saga_id, saga.step, state, reason)
        saga.state = state
        return saga

    async def record_step(self, saga_id: str, step: int, outcome: str, detail: str | None = None) -> SagaStepLog:
        entry = SagaStepLog(saga_id=saga_id, step=step, outcome=outcome, detail=detail)
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def history(self, saga_id: str) -> list[SagaStepLog]:
        query = select(SagaStepLog).where(SagaStepLog.saga_id == saga_id).order_by(SagaStepLog.recorded_at)
        return list((await self.session.execute(query)).scalars())

    async def stuck(self, name: str, max_step: int, idle: timedelta | None = None) -> list[SagaState]:
        query = select(SagaState).where(SagaState.name == name, SagaState.state == "running")
        if idle is not None:
            query = query.where(SagaState.updated_at < datetime.utcnow() - idle)
        return [s for s in (await self.session.execute(query)).scalars() if s.step >= max_step]

    async def counts_by_state(self, name: str | None = None) -> dict[str, int]:
        query = select(SagaState.state, func.count()).group_by(SagaState.state)
        if name:
            query = query.where(SagaState.name == name)
        return {state: count for state, count in (await self.session.execute(query)).all()}

    async def finished(self, saga_id: str) -> bool:
        return (await self.get(saga_id)).state in FINAL_STATES
