import pytest

from app.core.exceptions import NotFoundError
from app.db.repositories.execution_repository import ExecutionRepository


async def test_create_then_get(session):
    repo = ExecutionRepository(session)
    created = await repo.create(1, "python", "print(1)")
    assert (await repo.get(created.id)).language == "python"


async def test_list_for_user_needs_a_database(session):
    with pytest.raises(NotImplementedError):
        await ExecutionRepository(session).list_for_user(1)


async def test_set_status_needs_a_database(session):
    with pytest.raises(NotImplementedError):
        await ExecutionRepository(session).set_status("e1", "failed", 1)


async def test_get_unknown_execution_raises(session):
    with pytest.raises(NotFoundError):
        await ExecutionRepository(session).get("missing")


async def test_create_assigns_distinct_ids(session):
    repo = ExecutionRepository(session)
    first = await repo.create(1, "python", "print(1)")
    second = await repo.create(1, "go", "package main")
    assert first.id != second.id
    assert (await repo.get(second.id)).language == "go"
