"""Turns Grafana alert webhooks into notifications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

SEVERITY_BY_LABEL = {"critical": 1, "page": 1, "error": 2, "warning": 3, "info": 4}


class AlertPayloadError(ValueError):
    pass


@dataclass
class Alert:
    name: str
    severity: int
    status: str
    summary: str
    starts_at: datetime | None
    labels: dict


def severity_of(labels: dict) -> int:
    label = str(labels.get("severity", "")).lower()
    if label in SEVERITY_BY_LABEL:
        return SEVERITY_BY_LABEL[label]
    if labels.get("team") == "oncall" or labels.get("page") == "true":
        return 1
    return 3


def parse_alert(raw: dict) -> Alert:
    labels = raw.get("labels") or {}
    name = labels.get("alertname")
    if not name:
        raise AlertPayloadError("alert has no alertname label")
    starts = raw.get("startsAt")
    try:
        starts_at = datetime.fromisoformat(starts.replace("Z", "+00:00")) if starts else None
    except ValueError as exc:
        raise AlertPayloadError(f"bad startsAt {starts!r}") from exc
    annotations = raw.get("annotations") or {}
    return Alert(
        name=name,
        severity=severity_of(labels),
        status=raw.get("status", "firing"),
        summary=annotations.get("summary") or annotations.get("description") or name,
        starts_at=starts_at,
        labels=labels,
    )


class GrafanaAlertProcessor:
    def __init__(self, notify, min_severity: int = 3):
        self.notify = notify
        self.min_severity = min_severity
        self._seen: set[tuple[str, str]] = set()

    def process_webhook(self, payload: dict) -> list[Alert]:
        if payload.get("version") not in ("1", "4", None):
            raise AlertPayloadError(f"unsupported webhook version {payload.get('version')}")
        handled = []
        for raw in payload.get("alerts", []):
            alert = parse_alert(raw)
            key = (alert.name, alert.status)
            if key in self._seen or alert.severity > self.min_severity:
                continue
            self._seen.add(key)
            self.notify(self.format(alert))
            handled.append(alert)
        return handled

    @staticmethod
    def format(alert: Alert) -> str:
        icon = "RESOLVED" if alert.status == "resolved" else f"SEV{alert.severity}"
        return f"[{icon}] {alert.name}: {alert.summary}"
