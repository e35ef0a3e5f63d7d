import pytest

from app.core.exceptions import NotFoundError
from app.db.repositories import UserRepository
from app.services.notification_service import NotificationService  # noqa: F401
from tests.helpers import make_user


async def test_get_returns_stored_user(session):
    user = make_user("ann@example.com")
    session.rows[(type(user), user.id)] = user
    assert (await UserRepository(session).get(user.id)).email == "ann@example.com"


async def test_get_unknown_user_raises(session):
    with pytest.raises(NotFoundError):
        await UserRepository(session).get(404)


async def test_deactivate(session):
    user = make_user()
    session.rows[(type(user), user.id)] = user
    await UserRepository(session).deactivate(user.id)
    assert user.is_active is False


async def test_lookup_by_email_needs_a_database(session):
    with pytest.raises(NotImplementedError):
        await UserRepository(session).get_by_email("ann@example.com")
