from app.services import notification_service  # noqa: F401  (kept for the upcoming delivery tests)
from tests.helpers import make_user


def test_factory_users_are_active_by_default():
    assert make_user().is_active
    assert not make_user(active=False).is_active
