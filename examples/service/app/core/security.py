"""Password hashing, access tokens and API keys."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import jwt

from app.core.config import Settings
from app.core.exceptions import AuthenticationError, PermissionDeniedError

_ITERATIONS = 120_000
_API_KEY_PREFIX = "exs_"


def hash_password(password: str, salt: str | None = None) -> str:
    if not password:
        raise ValueError("password must not be empty")
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), _ITERATIONS)
    return f"{salt}${digest.hex()}"


def verify_password(password: str, hashed: str) -> bool:
    try:
        salt, _ = hashed.split("$", 1)
    except ValueError:
        return False
    return hmac.compare_digest(hash_password(password, salt), hashed)


def create_access_token(subject: str, settings: Settings, scopes: list[str] | None = None) -> str:
    now = int(time.time())
    claims = {"sub": subject, "iat": now, "exp": now + settings.jwt_ttl_seconds}
    if scopes:
        claims["scopes"] = sorted(set(scopes))
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")


def decode_token(token: str, settings: Settings) -> dict:
    try:
        claims = jwt.decode(token, settings.jwt_secret, algorithms=["HS256"])
    except jwt.ExpiredSignatureError as exc:
        raise AuthenticationError("token expired") from exc
    except jwt.InvalidTokenError as exc:
        raise AuthenticationError("invalid token") from exc
    if "sub" not in claims or not claims["sub"]:
        raise AuthenticationError("token has no subject")
    return claims


def require_scopes(claims: dict, *needed: str) -> None:
    granted = set(claims.get("scopes", ()))
    if "admin" in granted:
        return
    missing = [scope for scope in needed if scope not in granted]
    if missing:
        raise PermissionDeniedError(f"missing scopes: {', '.join(missing)}")


def generate_api_key() -> tuple[str, str]:
    """A new API key and the digest to store; the key itself is shown once and never stored."""
    key = _API_KEY_PREFIX + secrets.token_urlsafe(32)
    return key, hashlib.sha256(key.encode()).hexdigest()


def verify_api_key(key: str, stored_digest: str) -> bool:
    if not key.startswith(_API_KEY_PREFIX) or len(key) < len(_API_KEY_PREFIX) + 20:
        return False
    return hmac.compare_digest(hashlib.sha256(key.encode()).hexdigest(), stored_digest)
