"""Per-user settings."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.db.models import UserSettings

THEMES = ("light", "dark", "system")


class UserSettingsRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get_or_default(self, user_id: int) -> UserSettings:
        found = await self.session.get(UserSettings, user_id)
        return found or UserSettings(user_id=user_id)

    async def update(self, user_id: int, theme: str | None = None, notifications: dict | None = None) -> UserSettings:
        current = await self.get_or_default(user_id)
        if theme is not None:
            if theme not in THEMES:
                raise ValueError(f"unknown theme {theme}")
            current.theme = theme
        if notifications:
            current.notifications = {**(current.notifications or {}), **notifications}
        await self.session.merge(current)
        return current
