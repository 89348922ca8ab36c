"""The words of an invitation: the mail a new person receives and the lines the admin sees about it.

One face for this wording, so the CLI and the team pages say the same thing."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage


def invitation_subject(org_name: str) -> str:
    """The mail's subject line: who invites, in plain words."""
    return f"You are invited to {org_name} on pmpath"


def invitation_body(org_name: str, link: str, expires_at: dt.datetime) -> str:
    """The mail's text: the single-use link, when it stops working, and what to do if it has."""
    until = expires_at.astimezone(dt.UTC).strftime("%d %B %Y, %H:%M UTC")
    return (
        f"Hello,\n\n"
        f"You have been invited to join {org_name} on pmpath, where your team tracks the product-manager "
        f"career path.\n\n"
        f"Open this link to choose your password:\n\n{link}\n\n"
        f"The link works once and stops working on {until}. If it has expired or was already used, "
        f"ask your admin for a new one.\n\n"
        f"If you did not expect this invitation, you can ignore this mail.\n"
    )


def invitation_message(sender: str, recipient: str, org_name: str, link: str, expires_at: dt.datetime) -> EmailMessage:
    """The whole mail, ready for an SMTP server."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = invitation_subject(org_name)
    message.set_content(invitation_body(org_name, link, expires_at))
    return message


def delivery_line(recipient: str, problem: str | None) -> str:
    """What the admin is told after a send was tried: mailed, or not mailed and why (the link still stands)."""
    if problem is None:
        return f"The invitation was mailed to {recipient}."
    return f"The invitation mail to {recipient} was NOT sent ({problem}); the invitation is kept: give them the link."
