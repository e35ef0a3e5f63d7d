"""Settings read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class Settings:
    database_url: str = "postgresql+asyncpg://app:app@localhost/app"
    kafka_servers: str = "localhost:9092"
    redis_url: str = "redis://localhost:6379/0"
    jwt_secret: str = "change-me"
    jwt_ttl_seconds: int = 3600
    max_request_bytes: int = 1_048_576
    rate_limit_per_minute: int = 120
    cors_origins: tuple[str, ...] = field(default_factory=lambda: ("http://localhost:3000",))

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        origins = tuple(o.strip() for o in env.get("CORS_ORIGINS", "").split(",") if o.strip())
        return cls(
            database_url=env.get("DATABASE_URL", cls.database_url),
            kafka_servers=env.get("KAFKA_SERVERS", cls.kafka_servers),
            redis_url=env.get("REDIS_URL", cls.redis_url),
            jwt_secret=env.get("JWT_SECRET", cls.jwt_secret),
            jwt_ttl_seconds=int(env.get("JWT_TTL_SECONDS", cls.jwt_ttl_seconds)),
            max_request_bytes=int(env.get("MAX_REQUEST_BYTES", cls.max_request_bytes)),
            rate_limit_per_minute=int(env.get("RATE_LIMIT_PER_MINUTE", cls.rate_limit_per_minute)),
            cors_origins=origins or ("http://localhost:3000",),
        )


@lru_cache
def get_settings() -> Settings:
    return Settings.from_env()
