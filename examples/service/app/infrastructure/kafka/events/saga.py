"""Saga orchestration events."""

from __future__ import annotations

from pydantic import Field, field_validator

from .base import BaseEvent


class SagaStarted(BaseEvent):
    topic = "sagas"
    kind = "saga.started"
    saga_id: str
    name: str
    steps: list[str]

    @field_validator("steps")
    @classmethod
    def unique_steps(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("a saga needs at least one step")
        if len(set(value)) != len(value):
            raise ValueError("saga steps must be unique")
        return value


class SagaStepCompleted(BaseEvent):
    topic = "sagas"
    kind = "saga.step_completed"
    saga_id: str
    step: int = Field(ge=0)
    output: dict = {}

    def is_last_of(self, started: SagaStarted) -> bool:
        return started.saga_id == self.saga_id and self.step == len(started.steps) - 1


class SagaCompensated(BaseEvent):
    topic = "sagas"
    kind = "saga.compensated"
    saga_id: str
    reason: str
    failed_step: int

    def summary(self) -> str:
        return f"saga {self.saga_id} compensated after step {self.failed_step}: {self.reason}"


class SagaFailed(BaseEvent):
    topic = "sagas"
    kind = "saga.failed"
    saga_id: str
    reason: str
    compensation_errors: list[str] = []

    @property
    def needs_operator(self) -> bool:
        return bool(self.compensation_errors) or "timeout" in self.reason.lower()
