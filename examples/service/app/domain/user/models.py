"""A user as the domain sees one: a profile, and the rules for what a user may do."""

from __future__ import annotations

from dataclasses import dataclass

MAX_DAILY_EXECUTIONS = {"free": 20, "team": 500}


@dataclass(frozen=True)
class UserProfile:
    email: str
    plan: str = "free"
    is_admin: bool = False

    def display_name(self) -> str:
        return self.email.split("@", 1)[0]

    def daily_limit(self) -> int:
        if self.is_admin:
            return 0
        if self.plan not in MAX_DAILY_EXECUTIONS:
            raise ValueError(f"unknown plan {self.plan}")
        return MAX_DAILY_EXECUTIONS[self.plan]
