import pytest

from app.core.security import hash_password


def test_hashes_are_salted():
    assert hash_password("correct horse") != hash_password("correct horse")


def test_same_salt_same_hash():
    assert hash_password("pw", salt="abc") == hash_password("pw", salt="abc")


def test_empty_password_is_refused():
    with pytest.raises(ValueError):
        hash_password("")
