"""Storage: assessments over time and uploaded frameworks, in SQLite or PostgreSQL (shell); with teams,
the organizations, people, sessions, cycles and audit log around them."""

from .accounts import Accounts, AuditEntry, NewPerson, Person, Refused, TokenInfo
from .database import database_url, default_sqlite_url, migrate
from .repository import NotFound, Store, StoredAssessment
from .reviews import Cycle, Promotion, Reviews, work_of

__all__ = [
    "Accounts",
    "AuditEntry",
    "Cycle",
    "NewPerson",
    "NotFound",
    "Person",
    "Promotion",
    "Refused",
    "Reviews",
    "Store",
    "StoredAssessment",
    "TokenInfo",
    "database_url",
    "default_sqlite_url",
    "migrate",
    "work_of",
]
