"""Which database, and bringing its schema up to date with Alembic."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

ENV_VAR = "PMPATH_DATABASE_URL"


def default_sqlite_url() -> str:
    """An SQLite file in the user's data directory: works at once, no server."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("pmpath"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'pmpath.sqlite3'}"


def database_url(explicit: str | None = None) -> str:
    """--database-url, else PMPATH_DATABASE_URL, else the default SQLite file."""
    return explicit or os.environ.get(ENV_VAR) or default_sqlite_url()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")  # durable across app crashes in WAL mode; fsync per checkpoint
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def migrate(url: str) -> None:
    """Apply every Alembic migration the database does not have yet."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")
