"""Metadata carried by every event: identity, time, tracing."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from pydantic import BaseModel, Field, field_validator

SCHEMA_VERSIONS = (1, 2)


class EventMetadata(BaseModel):
    event_id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    correlation_id: str | None = None
    causation_id: str | None = None
    producer: str = "execution-service"
    schema_version: int = 1

    @field_validator("schema_version")
    @classmethod
    def supported_version(cls, value: int) -> int:
        if value not in SCHEMA_VERSIONS:
            raise ValueError(f"schema version {value} is not supported")
        return value

    @field_validator("occurred_at")
    @classmethod
    def aware_timestamp(cls, value: datetime) -> datetime:
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)

    def caused(self, producer: str | None = None) -> "EventMetadata":
        """Metadata for an event this one caused: same correlation, this event as the cause."""
        return EventMetadata(
            correlation_id=self.correlation_id or self.event_id,
            causation_id=self.event_id,
            producer=producer or self.producer,
            schema_version=self.schema_version,
        )

    def headers(self) -> list[tuple[str, bytes]]:
        pairs = [("event_id", self.event_id), ("producer", self.producer)]
        if self.correlation_id:
            pairs.append(("correlation_id", self.correlation_id))
        return [(name, value.encode()) for name, value in pairs]
