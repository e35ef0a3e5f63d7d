import pytest

from app.core.exceptions import NotFoundError
from app.services.execution_service import ExecutionService
from tests.helpers import FakeScheduler


class FakeExecutions:
    def __init__(self):
        self.rows = {}
        self.statuses = []

    async def create(self, user_id, language, source):
        row = type("Row", (), {"id": f"e{len(self.rows) + 1}", "user_id": user_id, "status": "queued"})()
        self.rows[row.id] = row
        return row

    async def get(self, execution_id):
        return self.rows[execution_id]

    async def set_status(self, execution_id, status, exit_code=None):
        self.statuses.append((execution_id, status, exit_code))
        self.rows[execution_id].status = status


@pytest.fixture
def service():
    return ExecutionService(FakeExecutions(), FakeScheduler())


async def test_submit_schedules_the_runtime(service):
    execution = await service.submit(1, "python", "print(1)")
    assert service.scheduler.scheduled == [(execution.id, "3.12")]


async def test_submit_refuses_unknown_languages(service):
    with pytest.raises(ValueError):
        await service.submit(1, "cobol", "DISPLAY 'HI'")


async def test_finish_maps_exit_codes(service):
    execution = await service.submit(1, "go", "package main")
    assert await service.finish(execution.id, 0) == "succeeded"
    assert await service.finish(execution.id, 3) == "failed"


async def test_cancel_checks_the_owner(service):
    execution = await service.submit(1, "node", "1")
    with pytest.raises(NotFoundError):
        await service.cancel(execution.id, user_id=2)
    assert await service.cancel(execution.id, user_id=1) is True


@pytest.mark.parametrize("source", ["", "   \n", "x" * 64_001])
async def test_submit_refuses_empty_or_huge_sources(service, source):
    with pytest.raises(ValueError):
        await service.submit(1, "python", source)
    assert service.scheduler.scheduled == []


async def test_cancelling_a_finished_execution_changes_nothing(service):
    execution = await service.submit(1, "python", "print(1)")
    await service.finish(execution.id, 0)
    assert await service.cancel(execution.id, user_id=1) is False
    assert service.scheduler.cancelled == []
