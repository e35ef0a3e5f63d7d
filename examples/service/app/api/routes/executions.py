"""Execution routes."""

from __future__ import annotations

from app.core.exceptions import NotFoundError
from app.services.execution_service import ExecutionService


async def submit(service: ExecutionService, user_id: int, payload: dict) -> dict:
    try:
        execution = await service.submit(user_id, payload.get("language", ""), payload.get("source", ""))
    except ValueError as exc:
        return {"status": 422, "detail": str(exc)}
    return {"id": execution.id, "status": execution.status}


async def cancel(service: ExecutionService, user_id: int, execution_id: str) -> dict:
    try:
        cancelled = await service.cancel(execution_id, user_id)
    except NotFoundError:
        return {"status": 404, "detail": "no such execution"}
    return {"cancelled": cancelled}
