"""The base of every Kafka event: topic, key and serialisation."""

from __future__ import annotations

import json
from typing import ClassVar

from pydantic import BaseModel, Field

from .metadata import EventMetadata


class BaseEvent(BaseModel):
    topic: ClassVar[str] = "events"
    kind: ClassVar[str] = "event"
    metadata: EventMetadata = Field(default_factory=EventMetadata)

    def key(self) -> bytes:
        return self.metadata.event_id.encode()

    def to_bytes(self) -> bytes:
        return json.dumps({"kind": self.kind, **self.model_dump(mode="json")}).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> "BaseEvent":
        data = json.loads(raw)
        if data.pop("kind", cls.kind) != cls.kind:
            raise ValueError(f"not a {cls.kind} event")
        return cls.model_validate(data)
