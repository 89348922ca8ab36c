"""The web app: pages and JSON API over the same core as the CLI, on SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from pmpath import __version__
from pmpath.framework import Framework, builtin_framework
from pmpath.store import Store, database_url, migrate

from . import api, errors, jd_api, jd_pages, pages
from .state import AppState


def create_app(url: str | None = None, framework: Framework | None = None) -> FastAPI:
    """An app on the given database (migrated on the spot) and default framework."""
    url = database_url(url)
    migrate(url)
    app = FastAPI(
        title="pmpath",
        version=__version__,
        description="The product manager career path: ladder, assessments, plans, posting levels.",
    )
    app.state.pmpath = AppState(store=Store(url), default=framework or builtin_framework())
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(jd_api.router)
    app.include_router(jd_pages.router)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    return app


def app_from_environment() -> FastAPI:
    """The app uvicorn's worker processes build (`pmpath serve --workers N`): settings come from
    PMPATH_DATABASE_URL and PMPATH_FRAMEWORK_TEXT, set by the serve command before it forks."""
    import os

    from pmpath.framework import parse_framework

    text = os.environ.get("PMPATH_FRAMEWORK_TEXT")
    return create_app(os.environ.get("PMPATH_DATABASE_URL"), parse_framework(text, "framework") if text else None)
