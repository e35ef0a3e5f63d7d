"""Request counts and latencies for Prometheus."""

from __future__ import annotations

import time
from collections import defaultdict

DEFAULT_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0)


class MetricsRegistry:
    def __init__(self, buckets=DEFAULT_BUCKETS):
        self.buckets = tuple(sorted(buckets))
        self.requests = defaultdict(int)
        self.histogram = defaultdict(lambda: [0] * (len(self.buckets) + 1))
        self.in_flight = 0

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
        lines.append("# TYPE http_request_duration_seconds histogram")
        for route, counts in sorted(self.histogram.items()):
            running = 0
            for bound, count in zip((*self.buckets, "+Inf"), counts):
                running += count
                lines.append(f'http_request_duration_seconds_bucket{{route="{route}",le="{bound}"}} {running}')
        lines.append(f"http_requests_in_flight {self.in_flight}")
        return "\n".join(lines) + "\n"


class MetricsMiddleware:
    def __init__(self, app, registry: MetricsRegistry | None = None, skip_paths=("/metrics", "/health")):
        self.app = app
        self.registry = registry or MetricsRegistry()
        self.skip = tuple(skip_paths)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] in self.skip:
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = {"code": 500}

        async def record(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        self.registry.in_flight += 1
        try:
            await self.app(scope, receive, record)
        finally:
            self.registry.in_flight -= 1
            route = scope.get("route")
            name = getattr(route, "path", None) or scope["path"]
            self.registry.observe(name, status["code"], time.perf_counter() - started)
