"""The one settings object of pmpath's shells: read once from PMPATH_* environment variables (or given).

Every limit a stranger's input meets and every deployment choice lives here, so the CLI, the API and
the pages apply the same ones. Other shells add their own fields here rather than reading os.environ.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from pmpath.framework.source_map import Budget


class Settings(BaseSettings):
    """Deployment settings; `PMPATH_DATABASE_URL=... pmpath serve` sets `database_url`, and so on."""

    model_config = SettingsConfigDict(env_prefix="PMPATH_", extra="ignore", frozen=True)

    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; None means an SQLite file in the user's data folder."
    )
    framework: str = Field(
        default="standard",
        description="The default ladder: a built-in name ('standard', 'compact'), a framework file path, "
        "or 'stored:ID' / 'stored:ID@VERSION' for an uploaded one.",
    )
    # -- budgets on what a stranger can send --------------------------------------------------------
    max_body_bytes: int = Field(default=2_000_000, ge=1, description="Largest request body accepted.")
    max_framework_bytes: int = Field(default=1_000_000, ge=1, description="Largest framework file accepted.")
    max_framework_nodes: int = Field(
        default=200_000, ge=1, description="Most YAML nodes a framework file may expand to (aliases counted each use)."
    )
    max_framework_depth: int = Field(default=40, ge=1, description="Deepest nesting a framework file may have.")
    max_framework_aliases: int = Field(
        default=100, ge=0, description="Most YAML aliases (*name) a framework file may use."
    )
    max_posting_chars: int = Field(default=1_000_000, ge=1)
    max_batch_postings: int = Field(default=1000, ge=1)
    max_level_seconds: float = Field(
        default=10.0, gt=0, description="Longest one request may spend leveling postings; a batch over it is refused."
    )
    max_name_chars: int = Field(default=200, ge=1, description="Longest person's name stored with an assessment.")
    # -- browser state ------------------------------------------------------------------------------
    cookie_secure: bool = Field(default=False, description="Send cookies over HTTPS only (set behind TLS).")
    public_url: str | None = Field(
        default=None,
        pattern=r"^https?://[^/\s]+/?$",
        description="Where people reach pmpath (https://pmpath.acme.example): invitation links are built from "
        "it and a browser's Origin may name it. Unset: the request's own Host, which a proxy must pass through.",
    )
    cookie_max_age_days: int = Field(default=30, ge=1)
    draft_max_age_days: int = Field(default=30, ge=1, description="Wizard drafts untouched this long are removed.")
    # -- teams: accounts, sessions, privacy ---------------------------------------------------------
    session_hours: int = Field(default=12, ge=1, le=24 * 90, description="How long a login lasts.")
    admin_reads_private: bool = Field(
        default=False, description="Whether admins can read self-assessments their authors have not shared."
    )
    invitation_days: int = Field(default=7, ge=1, le=90, description="How long an invitation link works.")
    login_limit_account: int = Field(default=5, ge=1, description="Failed logins allowed per account per window.")
    login_limit_address: int = Field(default=50, ge=1, description="Failed logins allowed per address per window.")
    login_window_minutes: int = Field(default=15, ge=1, description="The window the login limits count in.")
    smtp_host: str | None = Field(default=None, description="Mail invitations through this server; unset: only shown.")
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_sender: str | None = Field(default=None, description="The From address of invitation mails.")
    smtp_starttls: bool = Field(default=True, description="Upgrade the SMTP connection with STARTTLS before sending.")
    smtp_ca_file: Path | None = Field(
        default=None,
        description="A PEM file of CA certificates trusted for the SMTP server's STARTTLS certificate, beside the "
        "system's (a private mail relay with its own CA).",
    )
    smtp_username: str | None = Field(default=None, description="Log in to the SMTP server as this user, if set.")
    smtp_password: SecretStr | None = Field(default=None, description="The SMTP login's password (never shown).")
    smtp_timeout_seconds: float = Field(default=10.0, gt=0, le=120, description="Longest wait for the SMTP server.")
    max_drafts: int = Field(default=10_000, ge=1, description="Most wizard drafts kept; the least recent go first.")
    # -- caches -------------------------------------------------------------------------------------
    pdf_cache_entries: int = Field(default=256, ge=0, description="Rendered PDFs kept in memory per worker.")
    max_render_seconds: float = Field(
        default=30.0, gt=0, description="Longest a framework check or a PDF may take in the helper process."
    )

    @property
    def framework_budget(self) -> Budget:
        """The limits every framework text meets before it is expanded, in the CLI, the API and the pages."""
        return Budget(
            max_bytes=self.max_framework_bytes,
            max_nodes=self.max_framework_nodes,
            max_depth=self.max_framework_depth,
            max_aliases=self.max_framework_aliases,
        )


@cache
def settings() -> Settings:
    """The settings of this process, read from the environment once."""
    return Settings()
