"""Per-user settings."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.exceptions import InvalidInputError
from app.db.models import UserSettings

THEMES = ("light", "dark", "system")
DEFAULT_NOTIFICATIONS = {"email": True, "sse": True, "webhook": False}


class UserSettingsRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get_or_default(self, user_id: int) -> UserSettings:
        found = await self.session.get(UserSettings, user_id)
        return found or UserSettings(user_id=user_id, theme="light", notifications=dict(DEFAULT_NOTIFICATIONS))

    async def update(self, user_id: int, theme: str | None = None, notifications: dict | None = None) -> UserSettings:
        current = await self.get_or_default(user_id)
        if theme is not None:
            if theme not in THEMES:
                raise InvalidInputError(f"unknown theme {theme}")
            current.theme = theme
        if notifications:
            unknown = [name for name in notifications if name not in DEFAULT_NOTIFICATIONS]
            if unknown:
                raise InvalidInputError(f"unknown notification channels: {', '.join(sorted(unknown))}")
            current.notifications = {**(current.notifications or {}), **notifications}
        await self.session.merge(current)
        return current

    async def enabled_channels(self, user_id: int) -> list[str]:
        current = await self.get_or_default(user_id)
        merged = {**DEFAULT_NOTIFICATIONS, **(current.notifications or {})}
        return [channel for channel, on in merged.items() if on]

    async def reset(self, user_id: int) -> UserSettings:
        current = await self.get_or_default(user_id)
        current.theme = "light"
        current.notifications = dict(DEFAULT_NOTIFICATIONS)
        await self.session.merge(current)
        return current
