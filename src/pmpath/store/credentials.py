"""Secrets the store keeps: Argon2 password hashes, and SHA-256 digests of random tokens."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()  # argon2id, the library's maintained defaults
_DUMMY = _HASHER.hash("pmpath: a hash to check against when there is no account")
MIN_PASSWORD = 10
MAX_PASSWORD = 1000


def new_id() -> str:
    """A random id for URLs: 128 bits, so ids cannot be guessed or counted through."""
    return secrets.token_urlsafe(16)


def new_token() -> str:
    """A secret for a cookie, an invitation link or an access token: 256 bits."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """What the database keeps of a token: enough to recognise it, useless to whoever reads the table."""
    return hashlib.sha256(token.encode()).hexdigest()


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None."""
    if len(password) < MIN_PASSWORD:
        return f"a password needs at least {MIN_PASSWORD} characters"
    if len(password) > MAX_PASSWORD:
        return f"a password has at most {MAX_PASSWORD} characters"
    return None


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def password_matches(stored: str | None, given: str) -> bool:
    """Check a password; with no stored hash a dummy is checked so timing tells nothing."""
    try:
        return _HASHER.verify(stored or _DUMMY, given[:MAX_PASSWORD]) and stored is not None
    except (VerificationError, InvalidHashError):
        return False
