from .base import BaseEvent
from .execution import ExecutionCompleted, ExecutionRequested, ExecutionStarted
from .metadata import EventMetadata
from .notification import NotificationRequested
from .saga import SagaCompensated, SagaStepCompleted
from .user import UserRegistered, UserSettingsChanged
