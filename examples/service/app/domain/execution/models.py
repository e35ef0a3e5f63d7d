"""An execution's life: the states it may pass through, in order."""

from __future__ import annotations

from dataclasses import dataclass

ORDER = ["queued", "running", "succeeded", "failed", "cancelled"]
FINAL = {"succeeded", "failed", "cancelled"}


@dataclass
class ExecutionRecord:
    id: str
    status: str = "queued"

    def is_finished(self) -> bool:
        return self.status in FINAL

    def can_move_to(self, status: str) -> bool:
        if status not in ORDER:
            raise ValueError(f"unknown status {status}")
        return not self.is_finished() and ORDER.index(status) > ORDER.index(self.status)
