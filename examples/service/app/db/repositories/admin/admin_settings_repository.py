"""System settings an administrator can change, kept as one row per key."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.exceptions import NotFoundError

DEFAULTS = {"max_executions_per_user": "10", "maintenance": "off"}


@dataclass
class Setting:
    key: str
    value: str


class AdminSettingsRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get(self, key: str) -> str:
        row = await self.session.get(Setting, key)
        if row is not None:
            return row.value
        if key in DEFAULTS:
            return DEFAULTS[key]
        raise NotFoundError(f"setting {key}")

    async def update(self, key: str, value: str) -> None:
        if key not in DEFAULTS:
            raise NotFoundError(f"setting {key}")
        row = await self.session.get(Setting, key)
        if row is None:
            self.session.add(Setting(key=key, value=value))
        else:
            row.value = value
