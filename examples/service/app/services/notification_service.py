"""Delivers notifications by email, server-sent events and webhooks."""

from __future__ import annotations

import asyncio
import logging

import httpx

from app.db.repositories.notification_repository import NotificationRepository

log = logging.getLogger(__name__)
RETRY_DELAYS = (1, 5, 30)


class DeliveryError(Exception):
    pass


class NotificationService:
    def __init__(self, repository: NotificationRepository, http: httpx.AsyncClient, mailer=None, sse=None):
        self.repository = repository
        self.http = http
        self.mailer = mailer
        self.sse = sse

    async def notify(self, user_id: int, body: str, channels: tuple[str, ...] = ("sse",)) -> list[int]:
        created = []
        for channel in channels:
            note = await self.repository.create(user_id, channel, body)
            created.append(note.id)
        return created

    async def deliver(self, note) -> None:
        if note.channel == "email":
            if self.mailer is None:
                raise DeliveryError("no mailer configured")
            await self.mailer.send(note.user_id, note.body)
        elif note.channel == "sse":
            if self.sse is not None:
                await self.sse.push(note.user_id, note.body)
        elif note.channel == "webhook":
            response = await self.http.post(f"/hooks/{note.user_id}", json={"body": note.body})
            if response.status_code >= 400:
                raise DeliveryError(f"webhook answered {response.status_code}")
        else:
            raise DeliveryError(f"unknown channel {note.channel}")

    async def deliver_pending(self, batch: int = 50) -> tuple[int, int]:
        sent = failed = 0
        for note in await self.repository.pending(batch):
            for attempt, delay in enumerate(RETRY_DELAYS, start=1):
                try:
                    await self.deliver(note)
                    await self.repository.mark(note.id, "sent")
                    sent += 1
                    break
                except DeliveryError as exc:
                    log.warning("delivery %s failed (attempt %d): %s", note.id, attempt, exc)
                    if attempt == len(RETRY_DELAYS):
                        await self.repository.mark(note.id, "failed")
                        failed += 1
                    else:
                        await asyncio.sleep(delay)
        return sent, failed

    async def unread(self, user_id: int) -> int:
        return await self.repository.unread_count(user_id)
