"""Sign-up, login and token checks."""

from __future__ import annotations

from app.core.config import Settings
from app.core.exceptions import AuthenticationError
from app.core.security import create_access_token, decode_token, hash_password, verify_password
from app.db.repositories import UserRepository

MIN_PASSWORD_LENGTH = 10


class AuthService:
    def __init__(self, users: UserRepository, settings: Settings):
        self.users = users
        self.settings = settings

    async def register(self, email: str, password: str):
        if "@" not in email or len(password) < MIN_PASSWORD_LENGTH:
            raise ValueError("invalid email or password too short")
        return await self.users.create(email, hash_password(password))

    async def authenticate(self, email: str, password: str) -> str:
        user = await self.users.get_by_email(email)
        if user is None or not user.is_active:
            raise AuthenticationError("unknown or inactive user")
        if not verify_password(password, user.password_hash):
            raise AuthenticationError("wrong password")
        return create_access_token(str(user.id), self.settings)

    async def current_user(self, token: str):
        claims = decode_token(token, self.settings)
        user = await self.users.get(int(claims["sub"]))
        if not user.is_active:
            raise AuthenticationError("inactive user")
        return user
