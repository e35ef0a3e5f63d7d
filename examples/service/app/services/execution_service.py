"""Submitting code for execution and following it to the end."""

from __future__ import annotations

from app.core.exceptions import NotFoundError
from app.db.repositories.execution_repository import ExecutionRepository
from app.domain.execution.models import ExecutionRecord

LANGUAGES = {"python": "3.12", "node": "20", "go": "1.22"}
MAX_SOURCE_BYTES = 64_000


class ExecutionService:
    def __init__(self, executions: ExecutionRepository, scheduler):
        self.executions = executions
        self.scheduler = scheduler

    async def submit(self, user_id: int, language: str, source: str):
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language}")
        if not source.strip() or len(source.encode()) > MAX_SOURCE_BYTES:
            raise ValueError("source is empty or too large")
        execution = await self.executions.create(user_id, language, source)
        await self.scheduler.schedule(execution.id, LANGUAGES[language])
        return execution

    async def finish(self, execution_id: str, exit_code: int) -> str:
        status = "succeeded" if exit_code == 0 else "failed"
        await self.executions.set_status(execution_id, status, exit_code)
        return status

    async def cancel(self, execution_id: str, user_id: int) -> bool:
        execution = await self.executions.get(execution_id)
        if execution.user_id != user_id:
            raise NotFoundError(f"execution {execution_id}")
        if ExecutionRecord(execution.id, execution.status).is_finished():
            return False
        await self.scheduler.cancel(execution_id)
        await self.executions.set_status(execution_id, "cancelled")
        return True
