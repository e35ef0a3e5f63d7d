"""Execution lifecycle events."""

from __future__ import annotations

from pydantic import field_validator

from .base import BaseEvent


class ExecutionRequested(BaseEvent):
    topic = "executions"
    kind = "execution.requested"
    execution_id: str
    user_id: int
    language: str

    @field_validator("language")
    @classmethod
    def known_language(cls, value: str) -> str:
        if value not in ("python", "node", "go"):
            raise ValueError(f"unknown language {value}")
        return value


class ExecutionStarted(BaseEvent):
    topic = "executions"
    kind = "execution.started"
    execution_id: str
    pod_name: str


class ExecutionCompleted(BaseEvent):
    topic = "executions"
    kind = "execution.completed"
    execution_id: str
    exit_code: int
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.exit_code == 0
