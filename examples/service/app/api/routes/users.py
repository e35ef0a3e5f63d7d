"""User routes: sign-up, login, profile."""

from __future__ import annotations

from app.core.exceptions import AuthenticationError
from app.services.auth_service import AuthService


async def register(service: AuthService, payload: dict) -> dict:
    user = await service.register(payload.get("email", ""), payload.get("password", ""))
    return {"id": user.id, "email": user.email}


async def login(service: AuthService, payload: dict) -> dict:
    try:
        token = await service.authenticate(payload["email"], payload["password"])
    except KeyError:
        return {"status": 422, "detail": "email and password are required"}
    except AuthenticationError:
        return {"status": 401, "detail": "invalid credentials"}
    return {"access_token": token, "token_type": "bearer"}


async def me(service: AuthService, authorization: str) -> dict:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return {"status": 401, "detail": "bearer token required"}
    user = await service.current_user(token)
    return {"id": user.id, "email": user.email, "active": user.is_active}
