"""User events."""

from __future__ import annotations

from .base import BaseEvent


class UserRegistered(BaseEvent):
    topic = "users"
    kind = "user.registered"
    user_id: int
    email: str

    def masked_email(self) -> str:
        name, _, domain = self.email.partition("@")
        return f"{name[:1]}***@{domain}" if domain else "***"


class UserSettingsChanged(BaseEvent):
    topic = "users"
    kind = "user.settings_changed"
    user_id: int
    changes: dict
