"""The web app: pages and JSON API over the same core as the CLI, on SQLite or PostgreSQL."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from pmpath import __version__
from pmpath.framework import Framework
from pmpath.settings import Settings, settings
from pmpath.store import Store, database_url, migrate

from . import api, auth, docs, errors, jd_api, jd_pages, pages, team_api, team_pages
from .frameworks import framework_from_spec
from .pdf_cache import PdfCache
from .redirects import LocalRedirects
from .security import SecurityGate
from .state import AppState


def create_app(url: str | None = None, framework: Framework | None = None, config: Settings | None = None) -> FastAPI:
    """An app on the given database (migrated on the spot) and default framework; whatever is not
    given comes from the settings (PMPATH_* environment variables, read once)."""
    config = config or settings()
    url = database_url(url or config.database_url)
    migrate(url)
    app = FastAPI(
        title="pmpath",
        version=__version__,
        description="The product manager career path: ladder, assessments, plans, posting levels.",
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,  # one URL per resource; no redirect ever built from the request's Host
    )
    store = Store(url)
    default = framework or framework_from_spec(config.framework, store, config)
    app.state.pmpath = AppState(store=store, default=default, settings=config, pdfs=PdfCache(config.pdf_cache_entries))
    errors.install(app, config)
    app.add_middleware(LocalRedirects)
    app.include_router(api.router)
    app.include_router(team_api.router)
    app.include_router(auth.router)
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.include_router(team_pages.router)
    app.include_router(jd_api.router)
    app.include_router(jd_pages.router)
    docs.describe_security(app)
    app.mount(docs.SWAGGER, StaticFiles(directory=str(docs.swagger_folder())), name="swagger")
    app.mount("/static", StaticFiles(directory=str(docs.STATIC)), name="static")
    # outermost: every response gets the security headers, every request meets the login and CSRF gate
    app.add_middleware(
        SecurityGate,
        accounts=app.state.pmpath.accounts,
        cookie_secure=config.cookie_secure,
        max_body=config.max_body_bytes,
        public_url=config.public_url,
    )
    return app


def app_from_settings() -> FastAPI:
    """The app uvicorn's worker processes build (`pmpath serve --workers N`): everything from the settings,
    which the serve command sets as PMPATH_* variables (the framework as a file path or stored id)."""
    from .worker import exit_with_parent, tune_garbage_collector

    exit_with_parent()
    app = create_app()
    tune_garbage_collector()
    return app
