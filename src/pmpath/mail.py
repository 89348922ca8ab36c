"""Sending invitation mails over SMTP (shell): only when the settings name a server, never blocking a caller
longer than the configured timeout, and never showing the SMTP password."""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from dataclasses import dataclass

from pmpath.reports.invitation_mail import invitation_message
from pmpath.settings import Settings


@dataclass(frozen=True)
class Delivery:
    """The outcome of one invitation mail: whether a send was tried, and the problem if it failed."""

    recipient: str
    attempted: bool
    problem: str | None = None

    @property
    def sent(self) -> bool:
        return self.attempted and self.problem is None


def mail_configured(config: Settings) -> bool:
    """Whether invitations are mailed at all (an SMTP host is set)."""
    return bool(config.smtp_host)


def tls_context(config: Settings) -> ssl.SSLContext:
    """The system's trusted CAs, plus the configured CA file if any; certificates and host names are always checked."""
    context = ssl.create_default_context()
    if config.smtp_ca_file is not None:
        context.load_verify_locations(cafile=str(config.smtp_ca_file))
    return context


def send_invitation(config: Settings, recipient: str, org_name: str, link: str, expires_at: dt.datetime) -> Delivery:
    """Mail the invitation when SMTP is configured; a failure is returned, not raised, so the invitation stays."""
    if not config.smtp_host:
        return Delivery(recipient, attempted=False)
    sender = config.smtp_sender or (config.smtp_username or f"pmpath@{config.smtp_host}")
    message = invitation_message(sender, recipient, org_name, link, expires_at)
    where = f"{config.smtp_host}:{config.smtp_port}"
    try:
        with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.smtp_timeout_seconds) as smtp:
            if config.smtp_starttls:
                smtp.starttls(context=tls_context(config))
            if config.smtp_username:
                password = config.smtp_password.get_secret_value() if config.smtp_password else ""
                smtp.login(config.smtp_username, password)
            smtp.send_message(message)
    except smtplib.SMTPResponseException as error:
        text = (
            error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else str(error.smtp_error)
        )
        return Delivery(
            recipient, True, f"{where} answered {error.smtp_code} {text.splitlines()[0] if text else ''}".strip()
        )
    except smtplib.SMTPRecipientsRefused as error:
        codes = ", ".join(f"{code}" for code, _ in error.recipients.values())
        return Delivery(recipient, True, f"{where} refused the recipient ({codes})")
    except (smtplib.SMTPException, OSError) as error:
        detail = str(error).splitlines()[0] if str(error) else ""
        return Delivery(
            recipient, True, f"cannot mail through {where}: {error.__class__.__name__}: {detail}".rstrip(": ")
        )
    return Delivery(recipient, True)
