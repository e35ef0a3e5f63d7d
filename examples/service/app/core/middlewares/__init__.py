from .cache import CacheMiddleware
from .cors import CorsMiddleware
from .metrics import MetricsMiddleware, MetricsRegistry
from .rate_limit import RateLimitMiddleware
from .request_size_limit import RequestSizeLimitMiddleware

__all__ = [
    "CacheMiddleware",
    "CorsMiddleware",
    "MetricsMiddleware",
    "MetricsRegistry",
    "RateLimitMiddleware",
    "RequestSizeLimitMiddleware",
]
