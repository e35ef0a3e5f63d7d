"""What administrators see of the event store: counts per kind, purging old events."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.models import StoredEvent

MAX_PURGE_DAYS = 3650


class AdminEventsRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def stats(self, since: datetime | None = None) -> dict[str, int]:
        query = select(StoredEvent.kind, func.count()).group_by(StoredEvent.kind)
        if since is not None:
            query = query.where(StoredEvent.created_at >= since)
        rows = await self.session.execute(query)
        return {kind: count for kind, count in rows}

    async def purge(self, older_than_days: int) -> int:
        if older_than_days <= 0 or older_than_days > MAX_PURGE_DAYS:
            raise ValueError(f"older_than_days must be 1..{MAX_PURGE_DAYS}")
        cutoff = datetime.utcnow() - timedelta(days=older_than_days)
        result = await self.session.execute(delete(StoredEvent).where(StoredEvent.created_at < cutoff))
        return result.rowcount or 0

    async def busiest_kind(self) -> str | None:
        counts = await self.stats()
        if not counts:
            return None
        return max(counts, key=counts.get)
