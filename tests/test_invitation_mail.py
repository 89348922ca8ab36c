"""Invitation mails through a real SMTP listener on loopback: sent by `pmpath admin invite|import` and by the
team page when SMTP is set, with a link that works once; a refusing or absent server keeps the invitation,
shows the link and says plainly that the mail was not sent."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from conftest import ADMIN_EMAIL, log_in, make_admin
from pmpath.settings import Settings
from pmpath.store import Accounts, Store
from smtp_sink import SmtpSink

SMTP_PASSWORD = "smtp-secret-never-shown"
LINK = re.compile(r"http://[^\s<]+/invitations/([A-Za-z0-9_\-]+)")


@pytest.fixture
def sink():
    listener = SmtpSink()
    yield listener
    listener.stop()


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def smtp_env(port: int) -> dict[str, str]:
    return {
        "PMPATH_SMTP_HOST": "127.0.0.1",
        "PMPATH_SMTP_PORT": str(port),
        "PMPATH_SMTP_STARTTLS": "false",
        "PMPATH_SMTP_SENDER": "pmpath@acme.example",
        "PMPATH_SMTP_USERNAME": "mailer",
        "PMPATH_SMTP_PASSWORD": SMTP_PASSWORD,
        "PMPATH_SMTP_TIMEOUT_SECONDS": "5",
    }


def pmpath(db_url: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """The real CLI in its own process, so it reads the PMPATH_* settings as a deployment would."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PMPATH_SMTP")}
    return subprocess.run(
        [sys.executable, "-c", "from pmpath.cli import main; main()", "admin", *args, "--database-url", db_url],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def invitation_of(db_url: str, token: str):
    store = Store(db_url)
    try:
        return Accounts(store).invited(token)
    finally:
        store.close()


def works_once(db_url: str, token: str, email: str) -> None:
    """The mailed link opens the password form, sets a password once, and is dead afterwards."""
    from pmpath.web import create_app

    with TestClient(create_app(db_url)) as client:
        form = client.get(f"/invitations/{token}")
        assert form.status_code == 200 and email in form.text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        password = "a new member's long password"
        done = client.post(
            f"/invitations/{token}",
            data={"password": password, "repeat": password, "csrf_token": csrf},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert client.get(f"/invitations/{token}").status_code == 404
        client.app.state.pmpath.store.close()


def test_cli_invite_mails_the_link_that_works_once(db_url, sink):
    make_admin(db_url)
    done = pmpath(db_url, smtp_env(sink.port), "invite", "Ann@Acme.example", "--name", "Ann", "--expires-days", "3")
    assert done.returncode == 0, done.stderr
    shown = LINK.search(done.stdout).group(1)
    assert "mailed to ann@acme.example" in done.stdout
    assert SMTP_PASSWORD not in done.stdout + done.stderr
    assert len(sink.inbox.mails) == 1 and sink.inbox.logins  # logged in with the configured user
    recipients, mail = sink.inbox.mails[0]
    assert recipients == ["ann@acme.example"] and mail["To"] == "ann@acme.example"
    assert mail["From"] == "pmpath@acme.example" and "Acme" in mail["Subject"]
    body = mail.get_content()
    assert LINK.search(body).group(1) == shown and "works once" in body and "UTC" in body
    works_once(db_url, shown, "ann@acme.example")


def test_cli_import_mails_each_person(db_url, sink, tmp_path):
    make_admin(db_url)
    roster = tmp_path / "team.csv"
    roster.write_text(
        "name,email,title,level,manager_email,years_experience,years_leading,company_size\n"
        f"Bo,bo@acme.example,PM,pm,{ADMIN_EMAIL},3,0,\n"
        f"Cy,cy@acme.example,PM,pm,{ADMIN_EMAIL},4,0,\n"
    )
    done = pmpath(db_url, smtp_env(sink.port), "import", str(roster))
    assert done.returncode == 0, done.stderr
    shown = dict(re.findall(r"(\S+@acme\.example)\s+http://\S+/invitations/(\S+)", done.stdout))
    mailed = {recipients[0]: LINK.search(mail.get_content()).group(1) for recipients, mail in sink.inbox.mails}
    assert mailed == shown and set(shown) == {"bo@acme.example", "cy@acme.example"}


@pytest.mark.parametrize("server", ["refusing", "down"])
def test_cli_mail_not_sent_keeps_the_invitation(db_url, sink, server):
    make_admin(db_url)
    port = sink.port if server == "refusing" else closed_port()
    sink.inbox.refuse = True
    done = pmpath(db_url, smtp_env(port), "invite", "dee@acme.example")
    assert done.returncode == 1  # the invitation stands, but the admin's script learns the mail did not go
    token = LINK.search(done.stdout).group(1)
    assert "mail to dee@acme.example was NOT sent" in done.stderr and f"127.0.0.1:{port}" in done.stderr
    assert ("550" in done.stderr) if server == "refusing" else ("ConnectionRefused" in done.stderr)
    assert SMTP_PASSWORD not in done.stdout + done.stderr
    assert sink.inbox.mails == []
    assert invitation_of(db_url, token).email == "dee@acme.example"


def test_cli_without_smtp_only_shows_the_link(db_url, sink):
    make_admin(db_url)
    done = pmpath(db_url, {}, "invite", "eve@acme.example")
    assert done.returncode == 0 and LINK.search(done.stdout) and "mail" not in done.stdout + done.stderr
    assert sink.inbox.mails == []


def web_admin(db_url: str, port: int) -> TestClient:
    from pmpath.web import create_app

    make_admin(db_url)
    config = Settings(
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_starttls=False,
        smtp_sender="pmpath@acme.example",
        smtp_timeout_seconds=5,
    )
    return TestClient(create_app(db_url, config=config))


def test_team_page_mails_the_invitation(db_url, sink):
    with web_admin(db_url, sink.port) as client:
        log_in(client, ADMIN_EMAIL)
        page = client.post("/team/invite", data={"email": "fay@acme.example", "name": "Fay", "title_level": "pm"})
        assert page.status_code == 200
        shown = re.search(r'id="invitation-link">[^<]*/invitations/([^<]+)<', page.text).group(1)
        assert re.search(
            r'id="invitation-mail" class="ok"[^>]*>The invitation was mailed to fay@acme.example', page.text
        )
        client.app.state.pmpath.store.close()
    [(recipients, mail)] = sink.inbox.mails
    assert recipients == ["fay@acme.example"] and LINK.search(mail.get_content()).group(1) == shown
    works_once(db_url, shown, "fay@acme.example")


@pytest.mark.parametrize("server", ["refusing", "down"])
def test_team_page_mail_not_sent_keeps_the_invitation(db_url, sink, server):
    sink.inbox.refuse = True
    with web_admin(db_url, sink.port if server == "refusing" else closed_port()) as client:
        log_in(client, ADMIN_EMAIL)
        page = client.post("/team/invite", data={"email": "gus@acme.example", "name": "Gus"})
        assert page.status_code == 200  # the invitation was made; only the mail failed
        shown = re.search(r'id="invitation-link">[^<]*/invitations/([^<]+)<', page.text).group(1)
        assert re.search(
            r'id="invitation-mail" class="error"[^>]*>The invitation mail to gus@acme.example was NOT sent', page.text
        )
        client.app.state.pmpath.store.close()
    assert sink.inbox.mails == []
    assert invitation_of(db_url, shown).email == "gus@acme.example"


def test_starttls_and_login_are_used_as_configured(sink):
    """With STARTTLS on (the default) a server without it is a clear failure; the login carries the password."""
    import base64
    import datetime as dt

    from pmpath.mail import send_invitation

    expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    tls = Settings(smtp_host="127.0.0.1", smtp_port=sink.port, smtp_sender="pmpath@acme.example")
    refused = send_invitation(tls, "hal@acme.example", "Acme", "http://x/invitations/t", expires)
    assert refused.attempted and not refused.sent and "STARTTLS" in refused.problem and sink.inbox.mails == []
    plain = Settings(
        **{**tls.model_dump(), "smtp_starttls": False, "smtp_username": "mailer", "smtp_password": SMTP_PASSWORD}
    )
    assert send_invitation(plain, "hal@acme.example", "Acme", "http://x/invitations/t", expires).sent
    credentials = base64.b64decode(sink.inbox.logins[0].split()[-1]).split(b"\0")
    assert credentials[1:] == [b"mailer", SMTP_PASSWORD.encode()]
    assert SMTP_PASSWORD not in repr(plain)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[str, str]:
    """A throwaway self-signed certificate for 127.0.0.1 (and localhost), made by openssl for this test run."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    made = subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=pmpath test relay",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    return str(cert), str(key)


@pytest.fixture
def tls_sink(certificate):
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    listener = SmtpSink(tls=context)
    yield listener
    listener.stop()


def test_starttls_delivers_over_tls_to_a_relay_with_its_own_ca(tls_sink, certificate):
    """A private relay's self-signed certificate, trusted through PMPATH_SMTP_CA_FILE: the mail and the
    login travel encrypted; without that CA the certificate is refused and nothing is sent."""
    import base64
    import datetime as dt

    from pmpath.mail import send_invitation

    expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    relay = Settings(
        smtp_host="127.0.0.1",
        smtp_port=tls_sink.port,
        smtp_sender="pmpath@acme.example",
        smtp_username="mailer",
        smtp_password=SMTP_PASSWORD,
        smtp_timeout_seconds=5,
    )
    untrusted = send_invitation(relay, "ida@acme.example", "Acme", "http://x/invitations/t", expires)
    assert untrusted.attempted and not untrusted.sent and "CERTIFICATE_VERIFY_FAILED" in untrusted.problem
    assert tls_sink.inbox.mails == [] and tls_sink.inbox.logins == []  # the password never went out in the clear

    trusted = Settings(**{**relay.model_dump(), "smtp_password": SMTP_PASSWORD, "smtp_ca_file": certificate[0]})
    delivery = send_invitation(trusted, "ida@acme.example", "Acme", "http://x/invitations/tok", expires)
    assert delivery.sent, delivery.problem
    [(recipients, mail)] = tls_sink.inbox.mails
    assert recipients == ["ida@acme.example"] and "/invitations/tok" in mail.get_content()
    assert tls_sink.inbox.over_tls == [True] and tls_sink.inbox.tls_versions[-1] in ("TLSv1.2", "TLSv1.3")
    assert base64.b64decode(tls_sink.inbox.logins[0].split()[-1]).split(b"\0")[1:] == [
        b"mailer",
        SMTP_PASSWORD.encode(),
    ]


def test_cli_invite_over_starttls_reads_the_ca_file_setting(db_url, tls_sink, certificate):
    make_admin(db_url)
    env = {**smtp_env(tls_sink.port), "PMPATH_SMTP_STARTTLS": "true", "PMPATH_SMTP_CA_FILE": certificate[0]}
    done = pmpath(db_url, env, "invite", "jo@acme.example")
    assert done.returncode == 0, done.stderr
    assert "mailed to jo@acme.example" in done.stdout and tls_sink.inbox.over_tls == [True]
    assert LINK.search(tls_sink.inbox.mails[0][1].get_content()).group(1) == LINK.search(done.stdout).group(1)


def test_api_invite_mails_the_link_it_returns(db_url, sink):
    with web_admin(db_url, sink.port) as client:
        log_in(client, ADMIN_EMAIL)
        made = client.post("/api/v1/people", json={"email": "kim@acme.example", "name": "Kim"})
        assert made.status_code == 201
        assert made.json()["mail"] == {"attempted": True, "sent": True, "problem": None}
        sink.inbox.refuse = True
        failed = client.post("/api/v1/people", json={"email": "lou@acme.example"}).json()
        assert failed["mail"]["sent"] is False and "550" in failed["mail"]["problem"] and failed["link"]
        client.app.state.pmpath.store.close()
    [(recipients, mail)] = sink.inbox.mails
    assert recipients == ["kim@acme.example"] and LINK.search(mail.get_content()).group(0) == made.json()["link"]
    assert invitation_of(db_url, failed["link"].rsplit("/", 1)[1]).email == "lou@acme.example"
