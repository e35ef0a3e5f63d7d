"""Stored domain events: filtering, aggregation, pagination."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.models import StoredEvent

MAX_PAGE = 500


class EventRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def append(self, event_id: str, kind: str, aggregate_id: str, payload: dict) -> StoredEvent:
        event = StoredEvent(id=event_id, kind=kind, aggregate_id=aggregate_id, payload=payload)
        self.session.add(event)
        await self.session.flush()
        return event

    async def find(
        self,
        kinds: list[str] | None = None,
        aggregate_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        page: int = 1,
        page_size: int = 100,
    ) -> list[StoredEvent]:
        if page < 1 or page_size < 1:
            raise ValueError("page and page_size start at 1")
        query = select(StoredEvent)
        if kinds:
            query = query.where(StoredEvent.kind.in_(kinds))
        if aggregate_id:
            query = query.where(StoredEvent.aggregate_id == aggregate_id)
        if since and until and since > until:
            raise ValueError("since is after until")
        if since:
            query = query.where(StoredEvent.created_at >= since)
        if until:
            query = query.where(StoredEvent.created_at < until)
        size = min(page_size, MAX_PAGE)
        query = query.order_by(StoredEvent.created_at).offset((page - 1) * size).limit(size)
        return list((await self.session.execute(query)).scalars())

    async def count_by_kind(self, since: datetime | None = None) -> dict[str, int]:
        query = select(StoredEvent.kind, func.count()).group_by(StoredEvent.kind)
        if since is not None:
            query = query.where(StoredEvent.created_at >= since)
        rows = (await self.session.execute(query)).all()
        return {kind: count for kind, count in rows if count}

    async def latest_for(self, aggregate_id: str) -> StoredEvent | None:
        query = (
            select(StoredEvent)
            .where(StoredEvent.aggregate_id == aggregate_id)
            .order_by(StoredEvent.created_at.desc())
            .limit(1)
        )
        return (await self.session.execute(query)).scalar_one_or_none()
