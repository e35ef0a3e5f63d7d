"""The database engine and sessions."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from app.core.config import Settings
from app.db.models import Base

log = logging.getLogger(__name__)


class SessionFactory:
    def __init__(self, settings: Settings, echo: bool = False):
        pool = {} if settings.database_url.startswith("sqlite") else {"pool_size": 10, "max_overflow": 20}
        self.engine = create_async_engine(settings.database_url, echo=echo, pool_pre_ping=True, **pool)
        self._maker = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def session(self):
        session: AsyncSession = self._maker()
        try:
            yield session
            await session.commit()
        except Exception:
            await session.rollback()
            raise
        finally:
            await session.close()

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            return True
        except OperationalError as exc:
            log.warning("database unreachable: %s", exc)
            return False

    async def create_all(self) -> None:
        async with self.engine.begin() as connection:
            await connection.run_sync(Base.metadata.create_all)

    async def dispose(self) -> None:
        await self.engine.dispose()
