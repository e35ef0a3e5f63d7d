"""Fixtures shared by unit and integration tests."""

from __future__ import annotations

import pytest

from app.core.config import Settings


class FakeSession:
    """Just enough of an AsyncSession for the repositories under test."""

    def __init__(self):
        self.added = []
        self.rows = {}

    def add(self, obj):
        self.added.append(obj)

    async def flush(self):
        for i, obj in enumerate(self.added, start=1):
            if getattr(obj, "id", None) is None:
                obj.id = i
            self.rows[(type(obj), obj.id)] = obj

    async def get(self, model, key):
        return self.rows.get((model, key))

    async def execute(self, statement):
        raise NotImplementedError("use a real database for queries")


@pytest.fixture
def settings() -> Settings:
    return Settings(jwt_secret="test-secret", rate_limit_per_minute=5)


@pytest.fixture
def session() -> FakeSession:
    return FakeSession()
