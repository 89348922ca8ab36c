"""Alembic environment: the URL comes from pmpath's configuration, the metadata from store.models."""

from alembic import context

from pmpath.store.database import make_engine
from pmpath.store.models import Base

config = context.config


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("pmpath's migrations run with sqlalchemy.url set (pmpath.store.migrate sets it)")
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection, target_metadata=Base.metadata, render_as_batch=connection.dialect.name == "sqlite"
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
