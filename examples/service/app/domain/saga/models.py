"""A saga's steps and the compensation that undoes each one."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SagaStep:
    name: str
    compensation: str | None = None
    done: bool = False

    def needs_compensation(self) -> bool:
        return self.done and self.compensation is not None


@dataclass
class SagaPlan:
    name: str
    steps: list[SagaStep] = field(default_factory=list)

    def next_step(self) -> SagaStep | None:
        for step in self.steps:
            if not step.done:
                return step
        return None

    def compensations(self) -> list[str]:
        return [s.compensation for s in reversed(self.steps) if s.needs_compensation()]
