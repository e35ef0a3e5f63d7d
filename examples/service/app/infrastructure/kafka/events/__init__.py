from .base import BaseEvent, EventDecodeError, event_class_for
from .execution import (
    ExecutionCompleted,
    ExecutionFailed,
    ExecutionRequested,
    ExecutionStarted,
    ExecutionTimedOut,
)
from .metadata import EventMetadata
from .notification import NotificationDelivered, NotificationFailed, NotificationRequested
from .saga import SagaCompensated, SagaFailed, SagaStarted, SagaStepCompleted
from .user import UserDeactivated, UserLoggedIn, UserRegistered, UserSettingsChanged
