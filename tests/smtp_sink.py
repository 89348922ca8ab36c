"""A small SMTP listener on loopback for the invitation tests: it speaks enough SMTP for smtplib (EHLO,
STARTTLS when given a certificate, MAIL, RCPT, DATA, QUIT), keeps each mail it accepts with whether it came
over TLS, or refuses every recipient when told to."""

from __future__ import annotations

import email
import email.policy
import socketserver
import ssl
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage


@dataclass
class Inbox:
    """What the listener received: each mail with its envelope recipients."""

    mails: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    refuse: bool = False
    logins: list[str] = field(default_factory=list)
    over_tls: list[bool] = field(default_factory=list)  # per mail: whether its connection was encrypted
    tls_versions: list[str] = field(default_factory=list)


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.connection.sendall(line.encode() + b"\r\n")  # the plain socket, or the TLS one after STARTTLS

    def start_tls(self, context: ssl.SSLContext) -> None:
        """Wrap the connection in TLS as the server side; reads and writes go through it from here on."""
        self.reply("220 go ahead")
        self.connection = context.wrap_socket(self.connection, server_side=True)
        self.rfile = self.connection.makefile("rb")
        self.server.inbox.tls_versions.append(self.connection.version())  # type: ignore[attr-defined]

    def handle(self) -> None:
        inbox: Inbox = self.server.inbox  # type: ignore[attr-defined]
        context: ssl.SSLContext | None = self.server.tls  # type: ignore[attr-defined]
        recipients: list[str] = []
        self.reply("220 sink ready")
        while raw := self.rfile.readline():
            command = raw.decode(errors="replace").strip()
            verb = command.split(" ", 1)[0].upper()
            encrypted = isinstance(self.connection, ssl.SSLSocket)
            if verb in ("EHLO", "HELO"):
                self.reply("250-sink")
                if context is not None and not encrypted:
                    self.reply("250-STARTTLS")
                self.reply("250 AUTH PLAIN")
            elif verb == "STARTTLS" and context is not None and not encrypted:
                try:
                    self.start_tls(context)
                except (ssl.SSLError, OSError):  # the client did not trust the certificate and hung up
                    return
            elif verb == "AUTH":
                inbox.logins.append(command)
                self.reply("235 ok")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 ok")
            elif verb == "RCPT":
                if inbox.refuse:
                    self.reply("550 no such mailbox here")
                else:
                    recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                    self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go on")
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line[1:] if line.startswith(b"..") else line)
                message = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
                inbox.mails.append((recipients, message))  # type: ignore[arg-type]
                inbox.over_tls.append(encrypted)
                self.reply("250 queued")
            elif verb == "RSET":
                recipients = []
                self.reply("250 ok")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not here")


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.inbox = Inbox()
        self.tls = tls  # offer STARTTLS with this server context
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
