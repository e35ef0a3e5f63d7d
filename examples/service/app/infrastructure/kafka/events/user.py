"""User events."""

from __future__ import annotations

from pydantic import field_validator

from .base import BaseEvent


class UserRegistered(BaseEvent):
    topic = "users"
    kind = "user.registered"
    user_id: int
    email: str

    @field_validator("email")
    @classmethod
    def normalised_email(cls, value: str) -> str:
        if value.count("@") != 1:
            raise ValueError("not an email address")
        return value.strip().lower()

    def masked_email(self) -> str:
        name, _, domain = self.email.partition("@")
        return f"{name[:1]}***@{domain}" if domain else "***"


class UserLoggedIn(BaseEvent):
    topic = "users"
    kind = "user.logged_in"
    user_id: int
    ip: str | None = None
    via: str = "password"

    @field_validator("via")
    @classmethod
    def known_method(cls, value: str) -> str:
        if value not in ("password", "api_key", "refresh"):
            raise ValueError(f"unknown login method {value}")
        return value


class UserSettingsChanged(BaseEvent):
    topic = "users"
    kind = "user.settings_changed"
    user_id: int
    changes: dict

    def touched(self, *keys: str) -> bool:
        return any(key in self.changes for key in keys)


class UserDeactivated(BaseEvent):
    topic = "users"
    kind = "user.deactivated"
    user_id: int
    reason: str = "requested"
