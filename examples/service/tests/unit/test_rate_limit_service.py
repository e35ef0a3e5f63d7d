# Placeholder written with the service; the real tests need a Redis.
from app.services.rate_limit_service import RateLimitService  # noqa: F401


def test_limit_is_configured(settings):
    assert settings.rate_limit_per_minute > 0
