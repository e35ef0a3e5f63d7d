from app.api.routes import users
from app.core.exceptions import AuthenticationError
from tests.helpers import make_user


class FakeAuth:
    def __init__(self, password="right"):
        self.password = password
        self.user = make_user("bob@example.com")

    async def register(self, email, password):
        return self.user

    async def authenticate(self, email, password):
        if password != self.password:
            raise AuthenticationError("wrong password")
        return "token-123"

    async def current_user(self, token):
        return self.user


async def test_register_returns_the_new_user():
    assert (await users.register(FakeAuth(), {"email": "bob@example.com", "password": "x" * 12}))["email"] == "bob@example.com"


async def test_login_maps_errors_to_statuses():
    assert (await users.login(FakeAuth(), {"email": "bob@example.com"}))["status"] == 422
    assert (await users.login(FakeAuth(), {"email": "b", "password": "wrong"}))["status"] == 401
    assert (await users.login(FakeAuth(), {"email": "b", "password": "right"}))["access_token"] == "token-123"


async def test_me_needs_a_bearer_token():
    assert (await users.me(FakeAuth(), "Basic abc"))["status"] == 401
    assert (await users.me(FakeAuth(), "Bearer t"))["email"] == "bob@example.com"
