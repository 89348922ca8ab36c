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
    """Start the web app: the ladder, assessments over time, planner, posting leveler, JSON API at /api/v1.

    --framework takes a built-in name, a file, or stored:ID[@VERSION] for a framework uploaded earlier.
    Other settings (limits, cookies) come from PMPATH_* variables; see pmpath.settings.
    """
    import os
    from pathlib import Path

    import uvicorn
    from sqlalchemy.exc import SQLAlchemyError

    from pmpath.framework import ProblemsError, builtin_name
    from pmpath.settings import Settings
    from pmpath.store import NotFound
    from pmpath.store import database_url as resolve
    from pmpath.web import create_app
    from pmpath.web.frameworks import STORED

    url = resolve(database_url)
    spec = framework
    if builtin_name(spec) is None and not spec.startswith(STORED):
        load_framework(spec)  # a clear message and exit 2 for a missing or invalid file
        spec = str(Path(spec).resolve())  # workers find the file by its path, whatever their folder
    try:
        app = create_app(config=Settings(database_url=url, framework=spec))
    except SQLAlchemyError as error:
        fail(f"cannot use the database {url.split('@')[-1]}: {error.__class__.__name__}: {str(error).splitlines()[0]}")
    except ProblemsError as error:
        fail(f"{spec} is not a valid framework: {error.problems[0]}")
    except NotFound as error:
        fail(f"{spec}: {error}")
    console.print(
        f"pmpath on http://{host}:{port}  (database: {url.split('@')[-1]}; API docs at /docs)",
        markup=False,
        highlight=False,
    )
    if workers > 1:  # each worker builds its own app from the settings: the framework by path or stored id
        os.environ["PMPATH_DATABASE_URL"] = url
        os.environ["PMPATH_FRAMEWORK"] = spec
        app.state.pmpath.store.close()
        uvicorn.run(
            "pmpath.web.app:app_from_settings",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
    else:
        from pmpath.web.worker import tune_garbage_collector

        tune_garbage_collector()
        uvicorn.run(app, host=host, port=port, log_level="warning")
