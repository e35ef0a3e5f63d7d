"""Execution lifecycle events."""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from .base import BaseEvent

LANGUAGES = ("python", "node", "go")
TIMEOUT_LIMIT_SECONDS = 300


class ExecutionRequested(BaseEvent):
    topic = "executions"
    kind = "execution.requested"
    execution_id: str
    user_id: int
    language: str
    timeout_seconds: int = 30
    memory_mb: int = 256

    @field_validator("language")
    @classmethod
    def known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"unknown language {value}")
        return value

    @model_validator(mode="after")
    def within_limits(self) -> "ExecutionRequested":
        if not 1 <= self.timeout_seconds <= TIMEOUT_LIMIT_SECONDS:
            raise ValueError(f"timeout must be between 1 and {TIMEOUT_LIMIT_SECONDS} seconds")
        if self.memory_mb not in (128, 256, 512, 1024):
            raise ValueError(f"unsupported memory size {self.memory_mb}")
        return self


class ExecutionStarted(BaseEvent):
    topic = "executions"
    kind = "execution.started"
    execution_id: str
    pod_name: str
    node: str | None = None


class ExecutionCompleted(BaseEvent):
    topic = "executions"
    kind = "execution.completed"
    execution_id: str
    exit_code: int
    duration_ms: int = Field(ge=0)
    stdout_bytes: int = 0
    stderr_bytes: int = 0

    @property
    def succeeded(self) -> bool:
        return self.exit_code == 0

    def outcome(self) -> str:
        match self.exit_code:
            case 0:
                return "succeeded"
            case 137:
                return "killed"
            case 124:
                return "timed_out"
            case code if code < 0:
                return "crashed"
            case _:
                return "failed"


class ExecutionFailed(BaseEvent):
    topic = "executions"
    kind = "execution.failed"
    execution_id: str
    error: str
    retryable: bool = False

    @field_validator("error")
    @classmethod
    def short_error(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("error must not be empty")
        return value[:2000]


class ExecutionTimedOut(BaseEvent):
    topic = "executions"
    kind = "execution.timed_out"
    execution_id: str
    timeout_seconds: int
    elapsed_ms: int

    def overrun_ms(self) -> int:
        return max(0, self.elapsed_ms - self.timeout_seconds * 1000)
