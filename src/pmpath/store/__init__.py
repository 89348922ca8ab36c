"""Storage: assessments over time and uploaded frameworks, in SQLite or PostgreSQL (shell)."""

from .database import database_url, default_sqlite_url, migrate
from .repository import NotFound, Store, StoredAssessment

__all__ = ["NotFound", "Store", "StoredAssessment", "database_url", "default_sqlite_url", "migrate"]
