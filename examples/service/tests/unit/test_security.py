import pytest

from app.core.security import hash_password


def test_hashes_are_salted():
    assert hash_password("correct horse") != hash_password("correct horse")


def test_same_salt_same_hash():
    assert hash_password("pw", salt="abc") == hash_password("pw", salt="abc")


def test_empty_password_is_refused():
    with pytest.raises(ValueError):
        hash_password("")


def test_hash_keeps_the_salt_in_front():
    salt, _, digest = hash_password("pw", salt="s4lt").partition("$")
    assert salt == "s4lt"
    assert len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)


@pytest.mark.parametrize("password", ["a", "pässwörd", "x" * 1000])
def test_any_nonempty_password_hashes(password):
    assert "$" in hash_password(password)
