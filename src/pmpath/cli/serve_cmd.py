"""`pmpath serve`: the web app and JSON API on uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import FrameworkOption, console, fail, load_framework


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            envvar="PMPATH_DATABASE_URL",
            help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db; default: an SQLite file in your data folder.",
        ),
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (one per core serves the most requests).")] = 1,
    framework: FrameworkOption = "standard",
) -> None:
    """Start the web app: the ladder, assessments over time, planner, posting leveler, JSON API at /api/v1."""
    import uvicorn
    from sqlalchemy.exc import SQLAlchemyError

    from pmpath.store import database_url as resolve
    from pmpath.web import create_app

    url = resolve(database_url)
    try:
        app = create_app(url, load_framework(framework))
    except SQLAlchemyError as error:
        fail(f"cannot use the database {url.split('@')[-1]}: {error.__class__.__name__}: {str(error).splitlines()[0]}")
    console.print(
        f"pmpath on http://{host}:{port}  (database: {url.split('@')[-1]}; API docs at /docs)", highlight=False
    )
    if workers > 1:  # each worker process builds its own app from the environment
        import os

        os.environ["PMPATH_DATABASE_URL"] = url
        os.environ["PMPATH_FRAMEWORK_TEXT"] = app.state.pmpath.default.model_dump_json(by_alias=True)
        app.state.pmpath.store.close()
        uvicorn.run(
            "pmpath.web.app:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
    else:
        uvicorn.run(app, host=host, port=port, log_level="warning")
