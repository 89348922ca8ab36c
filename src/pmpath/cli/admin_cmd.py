"""`pmpath admin`: set up a team server and manage its people from the shell, against --database-url.

The single-person commands need none of this; these are for whoever runs a server for a team."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .common import FrameworkOption, console, err_console, fail, load_framework, print_problems, read_text

app = typer.Typer(
    help="Set up a team server: the organization, its admin, invitations and people.", no_args_is_help=True
)
PASSWORD_ENV = "PMPATH_ADMIN_PASSWORD"

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar="PMPATH_DATABASE_URL",
        help="SQLAlchemy URL of the team server's database, e.g. postgresql+psycopg://user@host/db.",
    ),
]
OrgOption = Annotated[
    str | None, typer.Option("--org", help="Organization name or id; needed only when the database holds several.")
]
BaseUrlOption = Annotated[str, typer.Option("--base-url", help="The server's address, to build invitation links.")]
ExpiresOption = Annotated[int, typer.Option("--expires-days", min=1, max=90, help="Days an invitation link works.")]


def _stores(database_url: str | None):  # type: ignore[no-untyped-def]
    """The migrated database's account and review operations; a clear error when it cannot be reached."""
    from sqlalchemy.exc import SQLAlchemyError

    from pmpath.store import Accounts, Reviews, Store, migrate
    from pmpath.store import database_url as resolve

    url = resolve(database_url)
    try:
        migrate(url)
        store = Store(url)
    except SQLAlchemyError as error:
        fail(f"cannot use the database {url.split('@')[-1]}: {error.__class__.__name__}: {str(error).splitlines()[0]}")
    return store, Accounts(store), Reviews(store)


def _org(accounts, org: str | None) -> str:  # type: ignore[no-untyped-def]
    """The organization meant: by id or name, or the only one."""
    ids = accounts.org_ids()
    if not ids:
        fail("no organization yet; start with `pmpath admin init --org NAME --email EMAIL`")
    if org is None:
        if len(ids) > 1:
            fail(f"the database holds {len(ids)} organizations; say which with --org")
        return ids[0]
    for org_id in ids:
        if org in (org_id, accounts.org_name(org_id)):
            return org_id
    fail(f"no organization '{org}'")


def _password() -> str:
    """From PMPATH_ADMIN_PASSWORD for scripts, else asked twice without echo; never printed."""
    from pmpath.store.credentials import password_problem

    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password)
    if problem:
        fail(problem)
    return password


def _link(base_url: str, token: str) -> str:
    return f"{base_url.strip().rstrip('/')}/invitations/{token}"


def _check_base_url(base_url: str) -> None:
    """The server's address must be an http(s) one, checked before anyone is added: a link built on
    another would send people elsewhere (a 'javascript:' one runs code when clicked)."""
    if not re.fullmatch(r"https?://[^\s/?#]+(?:/[^\s?#]*)?", base_url.strip()):
        fail(f"--base-url must be the server's http(s) address, such as https://pmpath.acme.example, not {base_url!r}")


@app.command()
def init(
    org: Annotated[str, typer.Option("--org", help="The organization's name.")],
    email: Annotated[str, typer.Option("--email", help="The first admin's email address.")],
    name: Annotated[str, typer.Option("--name", help="The admin's name.")] = "",
    database_url: DatabaseOption = None,
) -> None:
    """Create an organization and its first admin (password asked, or read from PMPATH_ADMIN_PASSWORD)."""
    from pmpath.store import Refused
    from pmpath.store.credentials import hash_password
    from pmpath.teams.roster import email_problem

    if (problem := email_problem(email)) is not None:
        fail(f"--email: {problem}")
    password = _password()
    store, accounts, _ = _stores(database_url)
    try:
        admin = accounts.init_org(org, email, hash_password(password), name)
    except Refused as error:
        fail(f"--{error.field or 'org'}: {error}")
    finally:
        store.close()
    console.print(
        f"Organization '{org}' ready; {admin.email} is its admin. Start the server with `pmpath serve`.",
        markup=False,
        highlight=False,
    )


@app.command()
def invite(
    email: Annotated[str, typer.Argument(help="Email address of the person to invite.")],
    name: Annotated[str, typer.Option(help="Their name (at most 200 characters, as in a roster).")] = "",
    title: Annotated[str, typer.Option(help="Their job title.")] = "",
    level: Annotated[str | None, typer.Option(help="The level their title holds (a level id).")] = None,
    manager: Annotated[str | None, typer.Option(help="Their manager's email address.")] = None,
    admin: Annotated[bool, typer.Option("--admin", help="Make them an admin.")] = False,
    org: OrgOption = None,
    base_url: BaseUrlOption = "http://127.0.0.1:8000",
    expires_days: ExpiresOption = 7,
    framework: FrameworkOption = "standard",
    database_url: DatabaseOption = None,
) -> None:
    """Invite someone (or send a fresh link to someone who has not accepted yet); prints the single-use link."""
    from pmpath.store import Refused
    from pmpath.teams import NewPerson
    from pmpath.teams.roster import email_problem

    if (problem := email_problem(email)) is not None:
        fail(f"EMAIL: {problem}")
    _check_base_url(base_url)
    if len(name) > 200:
        fail("--name: longer than 200 characters")
    fw = load_framework(framework)
    if level is not None and level not in fw.level_ids:
        fail(f"--level: unknown level '{level}'; known: {', '.join(fw.level_ids)}")
    store, accounts, _ = _stores(database_url)
    try:
        org_id = _org(accounts, org)
        ttl = dt.timedelta(days=expires_days)
        existing = accounts.person_by_email(email)
        if existing is not None:
            if existing.org_id != org_id:
                fail(f"{email} already has an account")
            token = accounts.reinvite(org_id, existing.id, None, ttl)
        else:
            new = NewPerson(email, name, title, level, manager, is_admin=admin)
            _, token = accounts.invite(org_id, new, None, ttl)
        org_name = accounts.org_name(org_id)
    except Refused as error:
        fail(f"{error.field or 'EMAIL'}: {error}")
    finally:
        store.close()
    recipient = email.strip().lower()
    console.print(f"Invitation for {recipient} (works once, for {expires_days} days):", markup=False, highlight=False)
    console.print(_link(base_url, token), markup=False, highlight=False, soft_wrap=True)
    _mail([(recipient, _link(base_url, token))], org_name, ttl)


@app.command(name="import")
def import_people(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV with columns name, email, title, level, manager_email, years_experience, years_leading, company_size."
        ),
    ],
    org: OrgOption = None,
    base_url: BaseUrlOption = "http://127.0.0.1:8000",
    expires_days: ExpiresOption = 7,
    framework: FrameworkOption = "standard",
    database_url: DatabaseOption = None,
) -> None:
    """Add a team from CSV and print an invitation link per person; any bad row and nothing is imported."""
    from pmpath.framework import ProblemsError

    _check_base_url(base_url)
    fw = load_framework(framework)
    text = read_text(file)
    store, accounts, _ = _stores(database_url)
    try:
        org_id = _org(accounts, org)
        try:
            imported = accounts.import_roster(
                org_id,
                text,
                str(file),
                fw.level_ids,
                [s.id for s in fw.company_sizes],
                None,
                dt.timedelta(days=expires_days),
            )
        except ProblemsError as error:
            print_problems(error.problems, to=console)
            fail(f"{file}: {len(error.problems)} problem(s); nothing was imported")
        links = [(p.email, token) for p, token in imported]
        org_name = accounts.org_name(org_id)
    finally:
        store.close()
    console.print(
        f"Imported {len(links)} people. Invitation links (each works once, for {expires_days} days):", highlight=False
    )
    for email, token in links:
        console.print(f"{email}  {_link(base_url, token)}", markup=False, highlight=False, soft_wrap=True)
    _mail([(email, _link(base_url, token)) for email, token in links], org_name, dt.timedelta(days=expires_days))


def _mail(invitations: list[tuple[str, str]], org_name: str, ttl: dt.timedelta) -> None:
    """Mail each shown link when SMTP is configured; any mail not sent is named and the exit is 1 (the
    invitations are stored and their links printed above, so the admin can hand them over)."""
    from pmpath.mail import send_invitation
    from pmpath.reports.invitation_mail import delivery_line
    from pmpath.settings import settings

    config = settings()
    if not config.smtp_host:
        return
    expires_at = dt.datetime.now(dt.UTC) + ttl
    failed = 0
    for recipient, link in invitations:
        delivery = send_invitation(config, recipient, org_name, link, expires_at)
        if delivery.sent:
            console.print(delivery_line(recipient, None), markup=False, highlight=False)
        else:
            failed += 1
            err_console.print(
                f"[bold red]error:[/] {escape(delivery_line(recipient, delivery.problem))}",
                highlight=False,
                soft_wrap=True,
            )
    if failed:
        raise typer.Exit(1)


@app.command()
def users(org: OrgOption = None, database_url: DatabaseOption = None) -> None:
    """List the organization's people: role, manager, level and whether they can log in."""
    store, accounts, _ = _stores(database_url)
    try:
        people = accounts.people(_org(accounts, org))
    finally:
        store.close()
    emails = {p.id: p.email for p in people}
    managers = {p.manager_id for p in people}
    table = Table()
    for column in ("Email", "Name", "Role", "Manager", "Level", "Status"):
        table.add_column(column, no_wrap=column in ("Email", "Role", "Status"))
    for p in people:
        role = "admin" if p.is_admin else ("manager" if p.id in managers else "member")
        status = "deactivated" if not p.active else ("active" if p.has_password else "invited")
        table.add_row(
            Text(p.email),
            Text(p.name),
            role,
            Text(emails.get(p.manager_id or "", "")),
            Text(p.title_level or ""),
            status,
        )
    console.print(table)


@app.command()
def deactivate(
    email: Annotated[str, typer.Argument(help="Email address of the person.")],
    org: OrgOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Stop someone logging in (their sessions and tokens end); their history stays."""
    from pmpath.store import Refused

    store, accounts, _ = _stores(database_url)
    try:
        org_id = _org(accounts, org)
        person = accounts.person_by_email(email)
        if person is None or person.org_id != org_id:
            fail(f"no person {email} in the organization")
        accounts.deactivate(org_id, person.id, None)
    except Refused as error:  # the organization's only admin
        fail(str(error))
    finally:
        store.close()
    console.print(f"{person.email} is deactivated; their assessments stay.", markup=False, highlight=False)
