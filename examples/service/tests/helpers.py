"""Factories for test data."""

from __future__ import annotations

import itertools

from app.db.models import User

_ids = itertools.count(1)


def make_user(email: str | None = None, active: bool = True) -> User:
    n = next(_ids)
    return User(id=n, email=email or f"user{n}@example.com", password_hash="x$y", is_active=active)


class FakeScheduler:
    def __init__(self):
        self.scheduled = []
        self.cancelled = []

    async def schedule(self, execution_id, runtime):
        self.scheduled.append((execution_id, runtime))

    async def cancel(self, execution_id):
        self.cancelled.append(execution_id)
