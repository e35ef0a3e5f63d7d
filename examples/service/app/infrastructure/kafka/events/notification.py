"""Notification events."""

from __future__ import annotations

from pydantic import field_validator

from .base import BaseEvent

CHANNELS = ("email", "sse", "webhook")
MAX_BODY = 4000


class NotificationRequested(BaseEvent):
    topic = "notifications"
    kind = "notification.requested"
    user_id: int
    channel: str
    body: str
    priority: int = 3

    @field_validator("channel")
    @classmethod
    def known_channel(cls, value: str) -> str:
        if value not in CHANNELS:
            raise ValueError(f"unknown channel {value}")
        return value

    @field_validator("body")
    @classmethod
    def bounded_body(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("empty body")
        return value if len(value) <= MAX_BODY else value[: MAX_BODY - 1] + "…"


class NotificationDelivered(BaseEvent):
    topic = "notifications"
    kind = "notification.delivered"
    notification_id: int
    channel: str
    attempts: int = 1


class NotificationFailed(BaseEvent):
    topic = "notifications"
    kind = "notification.failed"
    notification_id: int
    channel: str
    error: str
    attempts: int

    def should_retry(self, max_attempts: int = 5) -> bool:
        permanent = "unknown channel" in self.error or "410" in self.error
        return not permanent and self.attempts < max_attempts
