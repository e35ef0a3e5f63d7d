import pytest

from app.core.config import Settings


def test_defaults_without_environment():
    s = Settings.from_env({})
    assert s.rate_limit_per_minute == 120
    assert s.cors_origins == ("http://localhost:3000",)


def test_environment_overrides():
    s = Settings.from_env({"RATE_LIMIT_PER_MINUTE": "7", "CORS_ORIGINS": "https://a.example, https://b.example"})
    assert s.rate_limit_per_minute == 7
    assert s.cors_origins == ("https://a.example", "https://b.example")


def test_bad_numbers_are_refused():
    with pytest.raises(ValueError):
        Settings.from_env({"JWT_TTL_SECONDS": "an hour"})


def test_settings_are_frozen():
    s = Settings.from_env({})
    with pytest.raises(AttributeError):
        s.jwt_secret = "other"
