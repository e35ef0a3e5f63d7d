"""Stored domain events: filtering, aggregation, pagination."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.exceptions import InvalidInputError
from app.db.models import StoredEvent

MAX_PAGE = 500


@dataclass
class EventPage:
    items: list[StoredEvent]
    page: int
    page_size: int
    total: int
    filters: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


class EventRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def append(self, event_id: str, kind: str, aggregate_id: str, payload: dict) -> StoredEvent:
        event = StoredEvent(id=event_id, kind=kind, aggregate_id=aggregate_id, payload=payload)
        self.session.add(event)
        await self.session.flush()
        return event

    def _filtered(self, query, kinds, aggregate_id, since, until):
        if kinds:
            query = query.where(StoredEvent.kind.in_(kinds))
        if aggregate_id:
            query = query.where(StoredEvent.aggregate_id == aggregate_id)
        if since and until and since > until:
            raise InvalidInputError("since is after until")
        if since:
            query = query.where(StoredEvent.created_at >= since)
        if until:
            query = query.where(StoredEvent.created_at < until)
        return query

    @staticmethod
    def _ordering(order: str):
        match order:
            case "oldest":
                return (StoredEvent.created_at.asc(), StoredEvent.id.asc())
            case "newest":
                return (StoredEvent.created_at.desc(), StoredEvent.id.desc())
            case "kind":
                return (StoredEvent.kind.asc(), StoredEvent.created_at.asc())
            case _:
                raise InvalidInputError(f"unknown order {order!r}")

    async def find(
        self,
        kinds: list[str] | None = None,
        aggregate_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        page: int = 1,
        page_size: int = 100,
        order: str = "oldest",
    ) -> list[StoredEvent]:
        if page < 1 or page_size < 1:
            raise InvalidInputError("page and page_size start at 1")
        query = self._filtered(select(StoredEvent), kinds, aggregate_id, since, until)
        size = min(page_size, MAX_PAGE)
        query = query.order_by(*self._ordering(order)).offset((page - 1) * size).limit(size)
        return list((await self.session.execute(query)).scalars())

    async def page(self, page: int = 1, page_size: int = 100, **filters) -> EventPage:
        counted = self._filtered(
            select(func.count()).select_from(StoredEvent),
            filters.get("kinds"),
            filters.get("aggregate_id"),
            filters.get("since"),
            filters.get("until"),
        )
        total = (await self.session.execute(counted)).scalar_one()
        items = await self.find(page=page, page_size=page_size, **filters) if total else []
        return EventPage(items=items, page=page, page_size=min(page_size, MAX_PAGE), total=total, filters=filters)

    async def count_by_kind(self, since: datetime | None = None) -> dict[str, int]:
        query = select(StoredEvent.kind, func.count()).group_by(StoredEvent.kind)
        if since is not None:
            query = query.where(StoredEvent.created_at >= since)
        rows = (await self.session.execute(query)).all()
        return {kind: count for kind, count in rows if count}

    async def timeline(self, aggregate_id: str, bucket: str = "hour") -> list[tuple[datetime, int]]:
        if bucket not in ("minute", "hour", "day"):
            raise InvalidInputError(f"unknown bucket {bucket}")
        slot = func.date_trunc(bucket, StoredEvent.created_at)
        query = (
            select(slot, func.count())
            .where(StoredEvent.aggregate_id == aggregate_id)
            .group_by(slot)
            .order_by(slot)
        )
        return [(at, count) for at, count in (await self.session.execute(query)).all()]

    async def latest_for(self, aggregate_id: str) -> StoredEvent | None:
        query = (
            select(StoredEvent)
            .where(StoredEvent.aggregate_id == aggregate_id)
            .order_by(StoredEvent.created_at.desc())
            .limit(1)
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def purge_before(self, cutoff: datetime, keep_kinds: tuple[str, ...] = ()) -> int:
        statement = delete(StoredEvent).where(StoredEvent.created_at < cutoff)
        if keep_kinds:
            statement = statement.where(StoredEvent.kind.not_in(keep_kinds))
        result = await self.session.execute(statement)
        return result.rowcount or 0
