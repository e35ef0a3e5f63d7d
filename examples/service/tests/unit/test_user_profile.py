from app.domain.user.models import UserProfile


def test_profiles_are_values():
    assert UserProfile("ann@example.com") == UserProfile("ann@example.com")
