"""Notifications: CRUD, status updates, queries."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.exceptions import ConflictError, NotFoundError
from app.db.models import Notification

STATUSES = ("pending", "sent", "failed", "read")
CHANNELS = ("email", "sse", "webhook")
# Which status may follow which; "read" is final.
NEXT_STATUSES = {
    "pending": {"sent", "failed"},
    "failed": {"pending"},
    "sent": {"read"},
}
MAX_ATTEMPTS = 5


class NotificationRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def create(self, user_id: int, channel: str, body: str) -> Notification:
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel}")
        if not body.strip():
            raise ValueError("empty notification body")
        note = Notification(user_id=user_id, channel=channel, body=body)
        self.session.add(note)
        await self.session.flush()
        return note

    async def get(self, notification_id: int) -> Notification:
        note = await self.session.get(Notification, notification_id)
        if note is None:
            raise NotFoundError(f"notification {notification_id}")
        return note

    async def mark(self, notification_id: int, status: str) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status}")
        note = await self.get(notification_id)
        if status not in NEXT_STATUSES.get(note.status, set()):
            raise ConflictError(f"notification {notification_id}: {note.status} -> {status}")
        values = {"status": status}
        if status == "failed":
            values["attempts"] = note.attempts + 1
        await self.session.execute(update(Notification).where(Notification.id == notification_id).values(**values))

    async def pending(self, limit: int = 100) -> list[Notification]:
        query = (
            select(Notification)
            .where(Notification.status == "pending", Notification.attempts < MAX_ATTEMPTS)
            .order_by(Notification.created_at)
            .limit(limit)
        )
        return list((await self.session.execute(query)).scalars())

    async def list_for_user(
        self, user_id: int, unread_only: bool = False, before: datetime | None = None, limit: int = 50
    ) -> list[Notification]:
        query = select(Notification).where(Notification.user_id == user_id)
        if unread_only:
            query = query.where(Notification.status != "read")
        if before is not None:
            query = query.where(Notification.created_at < before)
        query = query.order_by(Notification.created_at.desc()).limit(max(1, min(limit, 200)))
        return list((await self.session.execute(query)).scalars())

    async def unread_count(self, user_id: int) -> int:
        query = select(func.count()).where(Notification.user_id == user_id, Notification.status != "read")
        return (await self.session.execute(query)).scalar_one()

    async def mark_all_read(self, user_id: int) -> int:
        result = await self.session.execute(
            update(Notification)
            .where(Notification.user_id == user_id, Notification.status == "sent")
            .values(status="read")
        )
        return result.rowcount or 0

    async def counts_by_status(self, since: timedelta = timedelta(days=1)) -> dict[str, int]:
        cutoff = datetime.now(timezone.utc) - since
        query = (
            select(Notification.status, func.count())
            .where(Notification.created_at >= cutoff)
            .group_by(Notification.status)
        )
        counts = dict((await self.session.execute(query)).all())
        return {status: counts.get(status, 0) for status in STATUSES}

    async def delete_for_user(self, user_id: int) -> int:
        notes = (await self.session.execute(select(Notification).where(Notification.user_id == user_id))).scalars()
        count = 0
        for note in notes:
            await self.session.delete(note)
            count += 1
        return count
