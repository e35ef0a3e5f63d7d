from .event_repository import EventRepository
from .execution_repository import ExecutionRepository
from .notification_repository import NotificationRepository
from .replay_repository import ReplayRepository
from .saga_repository import SagaRepository
from .sse_repository import SSERepository
from .user_repository import UserRepository
from .user_settings_repository import UserSettingsRepository

__all__ = [
    "EventRepository",
    "ExecutionRepository",
    "NotificationRepository",
    "ReplayRepository",
    "SagaRepository",
    "SSERepository",
    "UserRepository",
    "UserSettingsRepository",
]
