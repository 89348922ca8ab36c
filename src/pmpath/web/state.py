"""What the web app holds between requests: the store, the frameworks it can use, the settings, caches."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from fastapi import HTTPException, Request

from pmpath.framework import Framework, ProblemsError, builtin_framework, builtin_name, parse_framework
from pmpath.settings import Settings
from pmpath.store import NotFound, Store

from .pdf_cache import PdfCache


@dataclass
class AppState:
    store: Store
    default: Framework
    settings: Settings
    pdfs: PdfCache
    _exact: dict[tuple[str, str], Framework] = field(default_factory=dict)
    _kept: set[tuple[str, str]] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def current(self, framework_id: str) -> Framework | None:
        """The default or a built-in framework by id (its version of today), None for uploads."""
        if framework_id == self.default.id:
            return self.default
        name = builtin_name(framework_id)
        return builtin_framework(name) if name is not None else None

    def uploads(self) -> list[dict[str, str]]:
        """Every stored framework version uploaded by a user, newest first (not the stored copies of
        built-in ladders that keep old assessments rendering)."""
        return [row for row in self.store.frameworks() if self.current(row["id"]) is None]

    def framework(self, framework_id: str | None = None, version: str | None = None) -> Framework:
        """The framework new work uses: the default, a built-in one, or an upload's latest version
        (looked up on every call, so an upload counts at once in every worker)."""
        if framework_id is None:
            return self.default
        current = self.current(framework_id)
        if current is not None and version in (None, current.version):
            return current
        if version is None:
            try:
                version = self.store.latest_framework_version(framework_id)
            except NotFound as error:
                raise HTTPException(404, str(error)) from None
        return self.framework_of(framework_id, version)

    def framework_of(self, framework_id: str, version: str) -> Framework:
        """Exactly the framework an assessment was made with: its stored copy, else today's if the version
        is the same. Versions never change once stored, so each is parsed once per process."""
        key = (framework_id, version)
        known = self._exact.get(key)
        if known is not None:
            return known
        current = self.current(framework_id)
        try:
            fw = parse_framework(self.store.framework_text(framework_id, version), f"{framework_id} {version}")
        except NotFound:
            if current is None or current.version != version:
                raise HTTPException(
                    404, f"framework '{framework_id}' version {version} is not stored on this server"
                ) from None
            fw = current
        except ProblemsError as error:  # stored under an older format this pmpath no longer reads
            if current is None or current.version != version:
                raise HTTPException(
                    409,
                    f"framework '{framework_id}' version {version} is stored in a format this pmpath cannot read: "
                    f"{error.problems[0]}",
                ) from None
            fw = current
        with self._lock:
            self._exact[key] = fw
        return fw

    def keep(self, fw: Framework) -> None:
        """Store a copy of a built-in or default framework the first time an assessment uses its version,
        so the assessment renders from it after the ladder changes."""
        key = (fw.id, fw.version)
        if key in self._kept:
            return
        self.store.keep_framework(fw.id, fw.version, fw.name, fw.model_dump_json(by_alias=True))
        with self._lock:
            self._kept.add(key)
            self._exact.setdefault(key, fw)


def state(request: Request) -> AppState:
    return request.app.state.pmpath
