"""Errors the services raise and the API turns into responses."""

from __future__ import annotations


class ServiceError(Exception):
    status_code = 500
    code = "internal_error"

    def to_problem(self) -> dict:
        """The error as an RFC 7807 problem document."""
        detail = str(self) or self.__class__.__name__
        return {"type": f"about:blank#{self.code}", "status": self.status_code, "detail": detail}


class NotFoundError(ServiceError):
    status_code = 404
    code = "not_found"


class ConflictError(ServiceError):
    status_code = 409
    code = "conflict"


class AuthenticationError(ServiceError):
    status_code = 401
    code = "unauthenticated"


class PermissionDeniedError(ServiceError):
    status_code = 403
    code = "forbidden"


class InvalidInputError(ServiceError):
    status_code = 422
    code = "invalid_input"


class RateLimitExceeded(ServiceError):
    status_code = 429
    code = "rate_limited"
