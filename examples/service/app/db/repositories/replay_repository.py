"""Event replays: which events to send again, and where a replay stands."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.models import StoredEvent


class ReplayRepository:
    def __init__(self, session: AsyncSession):
        self.session = session
        self._cursors: dict[str, int] = {}

    async def batch(self, replay_id: str, kinds: list[str], size: int = 100) -> list[StoredEvent]:
        offset = self._cursors.get(replay_id, 0)
        query = select(StoredEvent).order_by(StoredEvent.created_at).offset(offset).limit(size)
        if kinds:
            query = query.where(StoredEvent.kind.in_(kinds))
        events = list((await self.session.execute(query)).scalars())
        self._cursors[replay_id] = offset + len(events)
        return events

    def position(self, replay_id: str) -> int:
        return self._cursors.get(replay_id, 0)

    def reset(self, replay_id: str) -> None:
        self._cursors.pop(replay_id, None)
