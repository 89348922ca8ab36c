"""The web shell: FastAPI pages (Jinja2 + HTMX) and the JSON API under /api/v1."""

from .app import create_app

__all__ = ["create_app"]
