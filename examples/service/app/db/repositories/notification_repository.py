"""Notifications: CRUD and status updates."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.exceptions import NotFoundError
from app.db.models import Notification

STATUSES = ("pending", "sent", "failed", "read")


class NotificationRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def create(self, user_id: int, channel: str, body: str) -> Notification:
        if channel not in ("email", "sse", "webhook"):
            raise ValueError(f"unknown channel {channel}")
        note = Notification(user_id=user_id, channel=channel, body=body)
        self.session.add(note)
        await self.session.flush()
        return note

    async def mark(self, notification_id: int, status: str) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status}")
        result = await self.session.execute(
            update(Notification).where(Notification.id == notification_id).values(status=status)
        )
        if result.rowcount == 0:
            raise NotFoundError(f"notification {notification_id}")

    async def pending(self, limit: int = 100) -> list[Notification]:
        query = select(Notification).where(Notification.status == "pending").limit(limit)
        return list((await self.session.execute(query)).scalars())

    async def unread_count(self, user_id: int) -> int:
        query = select(Notification).where(Notification.user_id == user_id, Notification.status != "read")
        return len((await self.session.execute(query)).scalars().all())

    async def delete_for_user(self, user_id: int) -> int:
        notes = (await self.session.execute(select(Notification).where(Notification.user_id == user_id))).scalars()
        count = 0
        for note in notes:
            await self.session.delete(note)
            count += 1
        return count
