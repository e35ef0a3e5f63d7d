"""Errors the services raise and the API turns into responses."""


class ServiceError(Exception):
    status_code = 500


class NotFoundError(ServiceError):
    status_code = 404


class ConflictError(ServiceError):
    status_code = 409


class AuthenticationError(ServiceError):
    status_code = 401


class RateLimitExceeded(ServiceError):
    status_code = 429
