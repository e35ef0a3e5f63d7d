"""Event replays: which events to send again, and where a replay stands."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.exceptions import ConflictError, NotFoundError
from app.db.models import ReplayCursor, StoredEvent


class ReplayRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def open(self, replay_id: str, kinds: list[str]) -> ReplayCursor:
        cursor = await self.session.get(ReplayCursor, replay_id)
        if cursor is None:
            cursor = ReplayCursor(replay_id=replay_id, kinds=sorted(set(kinds)))
            self.session.add(cursor)
            await self.session.flush()
        elif sorted(set(kinds)) != cursor.kinds:
            raise ConflictError(f"replay {replay_id} was opened for other kinds")
        return cursor

    async def _cursor(self, replay_id: str) -> ReplayCursor:
        cursor = await self.session.get(ReplayCursor, replay_id)
        if cursor is None:
            raise NotFoundError(f"replay {replay_id}")
        return cursor

    async def batch(self, replay_id: str, kinds: list[str], size: int = 100) -> list[StoredEvent]:
        cursor = await self.open(replay_id, kinds)
        if cursor.finished:
            return []
        query = select(StoredEvent).order_by(StoredEvent.created_at, StoredEvent.id)
        if cursor.kinds:
            query = query.where(StoredEvent.kind.in_(cursor.kinds))
        events = list((await self.session.execute(query.offset(cursor.position).limit(size))).scalars())
        cursor.position += len(events)
        cursor.finished = len(events) < size
        return events

    async def position(self, replay_id: str) -> int:
        return (await self._cursor(replay_id)).position

    async def remaining(self, replay_id: str) -> int:
        cursor = await self._cursor(replay_id)
        query = select(func.count()).select_from(StoredEvent)
        if cursor.kinds:
            query = query.where(StoredEvent.kind.in_(cursor.kinds))
        total = (await self.session.execute(query)).scalar_one()
        return max(0, total - cursor.position)

    async def reset(self, replay_id: str) -> None:
        cursor = await self._cursor(replay_id)
        cursor.position = 0
        cursor.finished = False
