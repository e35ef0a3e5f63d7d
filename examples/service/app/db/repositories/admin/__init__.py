from .admin_events_repository import AdminEventsRepository
from .admin_settings_repository import AdminSettingsRepository

__all__ = ["AdminEventsRepository", "AdminSettingsRepository"]
