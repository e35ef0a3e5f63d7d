"""Notification events."""

from __future__ import annotations

from .base import BaseEvent


class NotificationRequested(BaseEvent):
    topic = "notifications"
    kind = "notification.requested"
    user_id: int
    channel: str
    body: str
