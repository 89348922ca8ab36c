"""What the web app holds between requests: the store and the team operations over it, the frameworks
it can use (uploads belong to an organization), the settings, caches."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from fastapi import HTTPException, Request

from pmpath.framework import Framework, ProblemsError, builtin_framework, builtin_name, parse_framework
from pmpath.settings import Settings
from pmpath.store import Accounts, NotFound, Reviews, Store
from pmpath.teams import Policy

from .pdf_cache import PdfCache
from .security import current_org


@dataclass
class AppState:
    store: Store
    default: Framework
    settings: Settings
    pdfs: PdfCache
    _exact: dict[tuple[str | None, str, str], Framework] = field(default_factory=dict)
    _kept: set[tuple[str, str]] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.accounts = Accounts(self.store)
        self.reviews = Reviews(self.store)

    @property
    def policy(self) -> Policy:
        """Who sees what, as the organization chose (admins read private work only when set)."""
        return Policy(admin_reads_private=self.settings.admin_reads_private)

    def current(self, framework_id: str) -> Framework | None:
        """The default or a built-in framework by id (its version of today), None for uploads."""
        if framework_id == self.default.id:
            return self.default
        name = builtin_name(framework_id)
        return builtin_framework(name) if name is not None else None

    def uploads(self, org_id: str | None = None) -> list[dict[str, str]]:
        """Every framework version the organization uploaded, newest first (not the stored copies of
        built-in ladders that keep old assessments rendering)."""
        org_id = org_id if org_id is not None else current_org.get()
        return [row for row in self.store.frameworks(org_id) if self.current(row["id"]) is None]

    def framework(
        self, framework_id: str | None = None, version: str | None = None, org_id: str | None = None
    ) -> Framework:
        """The framework new work uses: the default, a built-in one, or an organization's upload, latest
        version (looked up on every call, so an upload counts at once in every worker)."""
        if framework_id is None:
            return self.default
        org_id = org_id if org_id is not None else current_org.get()
        current = self.current(framework_id)
        if current is not None and version in (None, current.version):
            return current
        if version is None:
            try:
                version = self.store.latest_framework_version(framework_id, org_id)
            except NotFound as error:
                raise HTTPException(404, str(error)) from None
        return self.framework_of(framework_id, version, org_id)

    def framework_of(self, framework_id: str, version: str, org_id: str | None = None) -> Framework:
        """Exactly the framework an assessment was made with: the organization's stored copy, else a kept
        copy of a built-in one, else today's if the version is the same. Each is parsed once per process."""
        org_id = org_id if org_id is not None else current_org.get()
        key = (org_id, framework_id, version)
        known = self._exact.get(key)
        if known is not None:
            return known
        current = self.current(framework_id)
        fw: Framework | None = None
        for owner in dict.fromkeys([org_id, None]):
            try:
                text = self.store.framework_text(framework_id, version, owner)
            except NotFound:
                continue
            try:
                fw = parse_framework(text, f"{framework_id} {version}")
            except ProblemsError as error:  # stored under an older format this pmpath no longer reads
                if current is None or current.version != version:
                    raise HTTPException(
                        409,
                        f"framework '{framework_id}' version {version} is stored in a format this pmpath cannot "
                        f"read: {error.problems[0]}",
                    ) from None
                fw = current
            break
        if fw is None:
            if current is None or current.version != version:
                raise HTTPException(
                    404, f"framework '{framework_id}' version {version} is not stored on this server"
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
            self._exact.setdefault((None, *key), fw)


def state(request: Request) -> AppState:
    return request.app.state.pmpath
