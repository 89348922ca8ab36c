"""What the web app holds between requests: the store, the team operations, the frameworks it can use."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import HTTPException, Request

from pmpath.framework import Framework, builtin_framework, builtin_name, parse_framework
from pmpath.store import Accounts, NotFound, Reviews, Store
from pmpath.teams import Policy


@dataclass(frozen=True)
class TeamConfig:
    """The team server's choices (filled from the settings object)."""

    cookie_secure: bool = False
    session_hours: int = 12
    admin_reads_private: bool = False
    invitation_days: int = 7
    login_limit_account: int = 5
    login_limit_address: int = 50
    login_window_minutes: int = 15
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_sender: str | None = None

    @property
    def policy(self) -> Policy:
        return Policy(admin_reads_private=self.admin_reads_private)


@dataclass
class AppState:
    store: Store
    default: Framework
    config: TeamConfig = field(default_factory=TeamConfig)
    _cache: dict[tuple[str | None, str, str | None], Framework] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.accounts = Accounts(self.store)
        self.reviews = Reviews(self.store)

    def framework(
        self, framework_id: str | None = None, version: str | None = None, org_id: str | None = None
    ) -> Framework:
        """The default framework, a built-in one, or one organization's upload (latest version unless given)."""
        if framework_id is None or framework_id == self.default.id:
            return self.default
        name = builtin_name(framework_id)
        if name is not None:
            return builtin_framework(name)
        key = (org_id, framework_id, version)
        if key not in self._cache:
            try:
                text = self.store.framework_text(framework_id, version, org_id)
            except NotFound as error:
                raise HTTPException(404, str(error)) from None
            self._cache[key] = parse_framework(text, framework_id)
        return self._cache[key]


def state(request: Request) -> AppState:
    return request.app.state.pmpath
