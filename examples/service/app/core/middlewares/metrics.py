"""Request counts and latencies for Prometheus."""

from __future__ import annotations

import time
from collections import defaultdict


class MetricsMiddleware:
    def __init__(self, app, buckets=(0.01, 0.05, 0.1, 0.5, 1.0, 5.0)):
        self.app = app
        self.buckets = tuple(sorted(buckets))
        self.requests = defaultdict(int)
        self.histogram = defaultdict(lambda: [0] * (len(self.buckets) + 1))

    def observe(self, route: str, status: int, seconds: float) -> None:
        self.requests[(route, status // 100)] += 1
        for i, bound in enumerate(self.buckets):
            if seconds <= bound:
                self.histogram[route][i] += 1
                break
        else:
            self.histogram[route][-1] += 1

    def render(self) -> str:
        lines = ["# TYPE http_requests_total counter"]
        for (route, klass), count in sorted(self.requests.items()):
            lines.append(f'http_requests_total{{route="{route}",class="{klass}xx"}} {count}')
        return "\n".join(lines) + "\n"

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = {"code": 500}

        async def record(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            self.observe(scope.get("route", scope["path"]), status["code"], time.perf_counter() - started)
