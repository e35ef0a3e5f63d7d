"""Execution routes: submit, look up, list, cancel."""

from __future__ import annotations

from app.core.exceptions import NotFoundError
from app.db.repositories.execution_repository import TERMINAL_STATES, ExecutionRepository
from app.services.execution_service import ExecutionService


def _view(execution) -> dict:
    view = {"id": execution.id, "status": execution.status, "language": execution.language}
    if execution.status in TERMINAL_STATES:
        view["exit_code"] = execution.exit_code
    return view


async def submit(service: ExecutionService, user_id: int, payload: dict) -> dict:
    try:
        execution = await service.submit(user_id, payload.get("language", ""), payload.get("source", ""))
    except ValueError as exc:
        return {"status": 422, "detail": str(exc)}
    return {"id": execution.id, "status": execution.status}


async def get(executions: ExecutionRepository, user_id: int, execution_id: str) -> dict:
    try:
        execution = await executions.get(execution_id)
    except NotFoundError:
        return {"status": 404, "detail": "no such execution"}
    if execution.user_id != user_id:
        return {"status": 404, "detail": "no such execution"}
    return _view(execution)


async def list_mine(executions: ExecutionRepository, user_id: int, status: str | None = None, limit: int = 50) -> dict:
    rows = await executions.list_for_user(user_id, limit)
    items = [_view(row) for row in rows if status is None or row.status == status]
    return {"items": items, "count": len(items)}


async def cancel(service: ExecutionService, user_id: int, execution_id: str) -> dict:
    try:
        cancelled = await service.cancel(execution_id, user_id)
    except NotFoundError:
        return {"status": 404, "detail": "no such execution"}
    return {"cancelled": cancelled}
