"""Saga orchestration events."""

from __future__ import annotations

from .base import BaseEvent


class SagaStepCompleted(BaseEvent):
    topic = "sagas"
    kind = "saga.step_completed"
    saga_id: str
    step: int
    output: dict = {}


class SagaCompensated(BaseEvent):
    topic = "sagas"
    kind = "saga.compensated"
    saga_id: str
    reason: str
    failed_step: int

    def summary(self) -> str:
        return f"saga {self.saga_id} compensated after step {self.failed_step}: {self.reason}"
