"""The database engine and sessions."""

from __future__ import annotations

from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from app.core.config import Settings


class SessionFactory:
    def __init__(self, settings: Settings, echo: bool = False):
        self.engine = create_async_engine(settings.database_url, echo=echo, pool_pre_ping=True)
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

    async def dispose(self) -> None:
        await self.engine.dispose()
