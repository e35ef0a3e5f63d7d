"""Executions."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.exceptions import NotFoundError
from app.db.models import Execution

TERMINAL_STATES = {"succeeded", "failed", "timed_out", "cancelled"}


class ExecutionRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def create(self, user_id: int, language: str, source: str) -> Execution:
        execution = Execution(id=str(uuid.uuid4()), user_id=user_id, language=language, source=source)
        self.session.add(execution)
        await self.session.flush()
        return execution

    async def get(self, execution_id: str) -> Execution:
        execution = await self.session.get(Execution, execution_id)
        if execution is None:
            raise NotFoundError(f"execution {execution_id}")
        return execution

    async def set_status(self, execution_id: str, status: str, exit_code: int | None = None) -> None:
        values = {"status": status}
        if status in TERMINAL_STATES and exit_code is not None:
            values["exit_code"] = exit_code
        await self.session.execute(update(Execution).where(Execution.id == execution_id).values(**values))

    async def list_for_user(self, user_id: int, limit: int = 50) -> list[Execution]:
        query = select(Execution).where(Execution.user_id == user_id).limit(min(limit, 200))
        return list((await self.session.execute(query)).scalars())
