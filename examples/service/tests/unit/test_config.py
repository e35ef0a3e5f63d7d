from app.core.config import Settings


def test_defaults_without_environment():
    s = Settings.from_env({})
    assert s.rate_limit_per_minute == 120
    assert s.cors_origins == ("http://localhost:3000",)


def test_environment_overrides():
    s = Settings.from_env({"RATE_LIMIT_PER_MINUTE": "7", "CORS_ORIGINS": "https://a.example, https://b.example"})
    assert s.rate_limit_per_minute == 7
    assert s.cors_origins == ("https://a.example", "https://b.example")
