import pytest

from app.core.exceptions import NotFoundError
from app.db.repositories.admin import AdminSettingsRepository


async def test_defaults_until_updated(session):
    repo = AdminSettingsRepository(session)
    assert await repo.get("maintenance") == "off"
    await repo.update("maintenance", "on")
    assert session.added[0].value == "on"


async def test_unknown_keys_are_refused(session):
    with pytest.raises(NotFoundError):
        await AdminSettingsRepository(session).get("colour")
