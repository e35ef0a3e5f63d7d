"""The base of every Kafka event: topic, key and serialisation."""

from __future__ import annotations

import json
from typing import ClassVar

from pydantic import BaseModel, Field, ValidationError

from .metadata import EventMetadata


class EventDecodeError(ValueError):
    """Raised for bytes that are not an event of the expected kind."""


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
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise EventDecodeError("event is not JSON") from exc
        kind = data.pop("kind", cls.kind)
        target = cls if kind == cls.kind else event_class_for(kind)
        if target is None or not issubclass(target, cls):
            raise EventDecodeError(f"not a {cls.kind} event: {kind}")
        try:
            return target.model_validate(data)
        except ValidationError as exc:
            raise EventDecodeError(f"invalid {kind} event") from exc

    def follow_up(self, event_type: type["BaseEvent"], **fields) -> "BaseEvent":
        """An event caused by this one, carrying its correlation id."""
        return event_type(metadata=self.metadata.caused(), **fields)


def event_class_for(kind: str) -> type[BaseEvent] | None:
    pending = list(BaseEvent.__subclasses__())
    while pending:
        candidate = pending.pop()
        if candidate.kind == kind:
            return candidate
        pending.extend(candidate.__subclasses__())
    return None
