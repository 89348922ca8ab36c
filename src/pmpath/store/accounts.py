"""Organizations, people and their managers, invitations, sessions, access tokens, failed logins and
the audit log: the account side of teams, each operation one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from pmpath.framework import Problem, ProblemsError
from pmpath.teams import Member, OrgChart
from pmpath.teams.roster import NewPerson, parse_roster, roster_rows

from .credentials import digest, new_id, new_token
from .repository import NotFound, Store
from .team_tables import (
    AuditRow,
    CycleRow,
    InvitationRow,
    LoginFailureRow,
    OrganizationRow,
    PersonRow,
    PromotionRow,
    SessionRow,
    TokenRow,
)


class Refused(ValueError):
    """A change the store will not make; the message says why and `field` names the input at fault."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every time pmpath stores is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def normal_email(email: str) -> str:
    return email.strip().lower()


@dataclass(frozen=True)
class Person:
    id: str
    org_id: str
    email: str
    name: str
    title: str
    title_level: str | None
    manager_id: str | None
    is_admin: bool
    active: bool
    has_password: bool
    years_experience: float
    years_leading: float
    company_size: str | None

    @classmethod
    def of(cls, row: PersonRow) -> Person:
        fields = {n: getattr(row, n) for n in cls.__dataclass_fields__ if n != "has_password"}
        return cls(has_password=row.password_hash is not None, **fields)

    def member(self) -> Member:
        return Member(self.id, self.name, self.manager_id, self.title_level, self.is_admin, self.active)


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    actor_id: str | None
    action: str
    target: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class TokenInfo:
    id: str
    name: str
    created_at: dt.datetime
    revoked: bool


OrgOwned = TypeVar("OrgOwned", PersonRow, CycleRow, PromotionRow)


def org_row(session: Session, table: type[OrgOwned], row_id: str, org_id: str, what: str) -> OrgOwned:
    """The organization's row with that id; another organization's is as missing as none, so an id
    from elsewhere answers 404 and nothing can be enumerated."""
    row = session.get(table, row_id)
    if row is None or row.org_id != org_id:
        raise NotFound(f"no such {what}")
    return row


def write_audit(
    session: Session, org_id: str, actor_id: str | None, action: str, target: str = "", **detail: Any
) -> None:
    """Add one audit entry inside the caller's transaction, so the entry and the change land together."""
    session.add(AuditRow(org_id=org_id, at=now(), actor_id=actor_id, action=action, target=target, detail=detail))


def _invitation(session: Session, org_id: str, person_id: str, actor_id: str | None, ttl: dt.timedelta) -> str:
    """A new single-use link for the person, audited, in the caller's transaction; the secret to send."""
    token = new_token()
    session.add(
        InvitationRow(
            id=new_id(),
            token_hash=digest(token),
            org_id=org_id,
            person_id=person_id,
            created_by=actor_id,
            created_at=now(),
            expires_at=now() + ttl,
        )
    )
    write_audit(session, org_id, actor_id, "invitation.created", person_id)
    return token


class Accounts:
    """The account operations over a Store's database."""

    def __init__(self, store: Store):
        self.store = store

    # -- organizations and their first admin ---------------------------------------------------
    def init_org(self, org_name: str, email: str, password_hash: str, name: str = "") -> Person:
        """A new organization and its first admin; an organization kept from before teams is adopted."""
        email = normal_email(email)
        if not org_name.strip():
            raise Refused("the organization needs a name", "org")
        with self.store._writing(), self.store.session.begin() as session:
            if session.scalars(select(PersonRow).where(PersonRow.email == email)).first() is not None:
                raise Refused(f"{email} already has an account", "email")
            # commands find an organization by its name: no two alike in any case or spacing (compared here,
            # not in SQL, where SQLite lower-cases ASCII only)
            claimed = select(OrganizationRow.name).where(OrganizationRow.id.in_(select(PersonRow.org_id)))
            if _same_name(org_name) in {_same_name(n) for n in session.scalars(claimed)}:
                raise Refused(f"an organization named '{org_name.strip()}' already exists", "org")
            unclaimed = session.scalars(
                select(OrganizationRow).where(~OrganizationRow.id.in_(select(PersonRow.org_id))).limit(1)
            ).first()
            org = unclaimed or OrganizationRow(id=new_id())
            org.name = org_name.strip()
            session.add(org)
            session.flush()
            row = PersonRow(
                id=new_id(),
                org_id=org.id,
                email=email,
                name=name or email,
                title="",
                is_admin=True,
                password_hash=password_hash,
                active=True,
                years_experience=0,
                years_leading=0,
            )
            session.add(row)
            session.flush()
            write_audit(session, org.id, row.id, "org.created", org.id, name=org.name)
            return Person.of(row)

    def org_name(self, org_id: str) -> str:
        with self.store.session() as session:
            org = session.get(OrganizationRow, org_id)
            if org is None:
                raise NotFound("no such organization")
            return org.name

    def org_ids(self) -> list[str]:
        with self.store.session() as session:
            return list(session.scalars(select(OrganizationRow.id).order_by(OrganizationRow.created_at)))

    # -- people ----------------------------------------------------------------------------------
    def person(self, org_id: str, person_id: str) -> Person:
        """A person of the organization; someone of another organization is not found."""
        with self.store.session() as session:
            return Person.of(org_row(session, PersonRow, person_id, org_id, "person"))

    def person_by_email(self, email: str) -> Person | None:
        with self.store.session() as session:
            row = session.scalars(select(PersonRow).where(PersonRow.email == normal_email(email))).first()
            return Person.of(row) if row else None

    def taken_emails(self, emails: Sequence[str]) -> set[str]:
        """Which of these addresses already have an account, in any organization (one query)."""
        with self.store.session() as session:
            wanted = [normal_email(e) for e in emails]
            return set(session.scalars(select(PersonRow.email).where(PersonRow.email.in_(wanted))))

    def password_hash(self, person_id: str) -> str | None:
        with self.store.session() as session:
            row = session.get(PersonRow, person_id)
            return row.password_hash if row else None

    def people(self, org_id: str) -> list[Person]:
        """Everyone in the organization, by name: plain rows through a Core connection, no ORM objects and no
        per-row ORM processing (the whole-tree team pages read 2,000 people per request)."""
        columns = [
            PersonRow.password_hash.is_not(None) if n == "has_password" else getattr(PersonRow, n)
            for n in Person.__dataclass_fields__
        ]
        query = select(*columns).where(PersonRow.org_id == org_id).order_by(PersonRow.name, PersonRow.email)
        with self.store.engine.connect() as connection:
            return [Person(*row) for row in connection.execute(query).all()]

    def chart(self, org_id: str) -> OrgChart:
        """The organization's reporting lines, in one query whatever its size."""
        return OrgChart(p.member() for p in self.people(org_id))

    def add_people(self, org_id: str, new: Sequence[NewPerson], actor_id: str | None) -> list[Person]:
        """Add people in one transaction: all of them or, on any problem, none (Refused names the row)."""
        with self.store._writing(), self.store.session.begin() as session:
            existing = {
                r.email: r
                for r in session.scalars(
                    select(PersonRow).where(PersonRow.email.in_([normal_email(n.email) for n in new]))
                )
            }
            by_email = {r.email: r.id for r in session.scalars(select(PersonRow).where(PersonRow.org_id == org_id))}
            rows = []
            for index, person in enumerate(new):
                email = normal_email(person.email)
                if email in existing:
                    raise Refused(f"person {index + 1}: {email} already has an account", "email")
                row = PersonRow(
                    id=new_id(),
                    org_id=org_id,
                    email=email,
                    name=person.name.strip() or email,
                    title=person.title.strip(),
                    title_level=person.title_level,
                    is_admin=person.is_admin,
                    active=True,
                    years_experience=person.years_experience,
                    years_leading=person.years_leading,
                    company_size=person.company_size,
                )
                existing[email] = row
                by_email[email] = row.id
                rows.append(row)
            for index, (person, row) in enumerate(zip(new, rows, strict=True)):
                if person.manager_email:
                    manager = by_email.get(normal_email(person.manager_email))
                    if manager is None:
                        raise Refused(
                            f"person {index + 1}: no manager {person.manager_email} in the organization",
                            "manager_email",
                        )
                    if manager == row.id:  # as the roster and a manager's change refuse it
                        raise Refused(f"person {index + 1}: a person cannot manage themselves", "manager_email")
                    row.manager_id = manager
            session.add_all(rows)
            session.flush()
            chart = OrgChart(
                Member(r.id, manager_id=r.manager_id)
                for r in session.scalars(select(PersonRow).where(PersonRow.org_id == org_id))
            )
            for row in rows:
                if row.manager_id and row.id in chart.managers_above(row.id):
                    raise Refused(f"{row.email}: the managers form a loop", "manager_email")
                write_audit(session, org_id, actor_id, "person.added", row.id, manager_id=row.manager_id)
            return [Person.of(r) for r in rows]

    def import_roster(
        self,
        org_id: str,
        text: str,
        filename: str,
        level_ids: Collection[str],
        company_sizes: Collection[str],
        actor_id: str | None,
        ttl: dt.timedelta,
    ) -> list[tuple[Person, str]]:
        """Add a team from CSV, each person with a fresh invitation secret: everyone or, with any bad row,
        nobody (ProblemsError lists every problem by line and field). The CLI and the API both import here."""
        members = self.people(org_id)
        emails = {(row.get("email") or "").strip().lower() for row in roster_rows(text)} - {""}
        taken = self.taken_emails(sorted(emails))
        people, problems = parse_roster(text, filename, level_ids, company_sizes, {p.email for p in members}, taken)
        if problems:
            raise ProblemsError(problems)
        try:
            added = self.add_people(org_id, people, actor_id)
        except Refused as error:
            raise ProblemsError([Problem(filename, None, error.field, str(error))]) from None
        with self.store._writing(), self.store.session.begin() as session:  # every link in one transaction
            tokens = [_invitation(session, org_id, person.id, actor_id, ttl) for person in added]
        return list(zip(added, tokens, strict=True))

    def set_manager(self, org_id: str, person_id: str, manager_id: str | None, actor_id: str | None) -> None:
        chart = self.chart(org_id)
        if person_id not in chart or (manager_id is not None and manager_id not in chart):
            raise NotFound("no such person")
        if chart.would_loop(person_id, manager_id):
            raise Refused("that would put someone above themselves", "manager_id")
        with self.store._writing(), self.store.session.begin() as session:
            session.execute(update(PersonRow).where(PersonRow.id == person_id).values(manager_id=manager_id))
            write_audit(session, org_id, actor_id, "person.manager", person_id, manager_id=manager_id)

    def set_admin(self, org_id: str, person_id: str, is_admin: bool, actor_id: str | None) -> None:
        self.person(org_id, person_id)
        with self.store._writing(), self.store.session.begin() as session:
            session.execute(update(PersonRow).where(PersonRow.id == person_id).values(is_admin=is_admin))
            write_audit(session, org_id, actor_id, "person.role", person_id, admin=is_admin)

    def deactivate(self, org_id: str, person_id: str, actor_id: str | None) -> None:
        """The person can no longer log in; their history stays. The organization's last active admin
        stays: without one, nobody could invite, change or undo anything."""
        person = self.person(org_id, person_id)
        with self.store._writing(), self.store.session.begin() as session:
            if person.is_admin and person.active:
                # every active admin's row locked, this one's too: two admins deactivating each other at
                # once on PostgreSQL each wait for the other and then see who is left
                admins = select(PersonRow.id).where(PersonRow.org_id == org_id, PersonRow.is_admin, PersonRow.active)
                if not set(session.scalars(admins.with_for_update())) - {person_id}:
                    raise Refused(f"{person.email} is the organization's only admin", "person")
            session.execute(update(PersonRow).where(PersonRow.id == person_id).values(active=False))
            session.execute(delete(SessionRow).where(SessionRow.person_id == person_id))
            session.execute(
                update(TokenRow)
                .where(TokenRow.person_id == person_id, TokenRow.revoked_at.is_(None))
                .values(revoked_at=now())
            )
            write_audit(session, org_id, actor_id, "person.deactivated", person_id)

    def set_password(self, person_id: str, password_hash: str) -> None:
        with self.store._writing(), self.store.session.begin() as session:
            session.execute(update(PersonRow).where(PersonRow.id == person_id).values(password_hash=password_hash))
            session.execute(delete(SessionRow).where(SessionRow.person_id == person_id))

    # -- invitations -----------------------------------------------------------------------------
    def invite(self, org_id: str, new: NewPerson, actor_id: str | None, ttl: dt.timedelta) -> tuple[Person, str]:
        """Add the person (no password yet) and a single-use link secret that expires."""
        (person,) = self.add_people(org_id, [new], actor_id)
        with self.store._writing(), self.store.session.begin() as session:
            token = _invitation(session, org_id, person.id, actor_id, ttl)
        return person, token

    def reinvite(self, org_id: str, person_id: str, actor_id: str | None, ttl: dt.timedelta) -> str:
        """A new link for someone who has not accepted yet; older links stop working."""
        person = self.person(org_id, person_id)
        if person.has_password:
            raise Refused(f"{person.email} has already accepted an invitation", "person")
        with self.store._writing(), self.store.session.begin() as session:
            session.execute(
                update(InvitationRow)
                .where(InvitationRow.person_id == person_id, InvitationRow.used_at.is_(None))
                .values(used_at=now())
            )
            return _invitation(session, org_id, person_id, actor_id, ttl)

    def invited(self, token: str) -> Person | None:
        """Whom a link invites, while it is unused and unexpired."""
        with self.store.session() as session:
            row = session.scalars(select(InvitationRow).where(InvitationRow.token_hash == digest(token))).first()
            if row is None or row.used_at is not None or aware(row.expires_at) <= now():
                return None
            person = session.get(PersonRow, row.person_id)
            return Person.of(person) if person is not None and person.active else None

    def accept_invitation(self, token: str, password_hash: str) -> Person:
        """Use the link once: the person sets their password."""
        with self.store._writing(), self.store.session.begin() as session:
            row = session.scalars(select(InvitationRow).where(InvitationRow.token_hash == digest(token))).first()
            if row is None or row.used_at is not None or aware(row.expires_at) <= now():
                raise Refused("this invitation link is not valid any more; ask your admin for a new one", "token")
            person = session.get(PersonRow, row.person_id)
            if person is None or not person.active:
                raise Refused("this invitation link is not valid any more; ask your admin for a new one", "token")
            row.used_at = now()
            person.password_hash = password_hash
            write_audit(session, row.org_id, person.id, "invitation.accepted", person.id)
            return Person.of(person)

    # -- sessions --------------------------------------------------------------------------------
    def open_session(self, person_id: str, lifetime: dt.timedelta) -> tuple[str, str]:
        """A new session (a fresh id at every login) and its CSRF token."""
        token, csrf = new_token(), new_token()
        with self.store._writing(), self.store.session.begin() as session:
            session.execute(delete(SessionRow).where(SessionRow.expires_at < now()))
            session.add(
                SessionRow(
                    id_hash=digest(token), person_id=person_id, csrf=csrf, created_at=now(), expires_at=now() + lifetime
                )
            )
        return token, csrf

    def session_of(self, token: str) -> tuple[Person, str] | None:
        """The active person behind a session cookie and the session's CSRF token."""
        with self.store.session() as session:
            found = session.execute(
                select(PersonRow, SessionRow.csrf, SessionRow.expires_at)
                .join(SessionRow, SessionRow.person_id == PersonRow.id)
                .where(SessionRow.id_hash == digest(token))
            ).first()
            if found is None or not found[0].active or aware(found[2]) <= now():
                return None
            return Person.of(found[0]), found[1]

    def close_session(self, token: str) -> None:
        with self.store._writing(), self.store.session.begin() as session:
            session.execute(delete(SessionRow).where(SessionRow.id_hash == digest(token)))

    # -- failed logins -----------------------------------------------------------------------------
    def recent_failures(self, keys: Sequence[str], window: dt.timedelta) -> int:
        """The most failures any of the keys (account, address) had within the window."""
        with self.store.session() as session:
            counts = session.execute(
                select(LoginFailureRow.key, func.count())
                .where(LoginFailureRow.key.in_(list(keys)), LoginFailureRow.at > now() - window)
                .group_by(LoginFailureRow.key)
            ).all()
            return max((c for _, c in counts), default=0)

    def record_failure(self, keys: Sequence[str]) -> None:
        with self.store._writing(), self.store.session.begin() as session:
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.at < now() - dt.timedelta(days=1)))
            session.add_all(LoginFailureRow(key=k, at=now()) for k in keys)

    def clear_failures(self, key: str) -> None:
        with self.store._writing(), self.store.session.begin() as session:
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.key == key))

    # -- personal access tokens -----------------------------------------------------------------
    def create_token(self, person: Person, name: str) -> tuple[TokenInfo, str]:
        """A new token; its secret is returned this once and only its digest is kept."""
        secret = "pmp_" + new_token()
        row = TokenRow(
            id=new_id(),
            person_id=person.id,
            name=name.strip()[:100] or "token",
            token_hash=digest(secret),
            created_at=now(),
        )
        with self.store._writing(), self.store.session.begin() as session:
            session.add(row)
            write_audit(session, person.org_id, person.id, "token.created", row.id)
        return TokenInfo(row.id, row.name, row.created_at, False), secret

    def tokens(self, person_id: str) -> list[TokenInfo]:
        with self.store.session() as session:
            rows = session.scalars(
                select(TokenRow).where(TokenRow.person_id == person_id).order_by(TokenRow.created_at.desc())
            )
            return [TokenInfo(r.id, r.name, aware(r.created_at), r.revoked_at is not None) for r in rows]

    def revoke_token(self, person: Person, token_id: str) -> None:
        with self.store._writing(), self.store.session.begin() as session:
            row = session.get(TokenRow, token_id)
            if row is None or row.person_id != person.id:
                raise NotFound("no such token")
            row.revoked_at = row.revoked_at or now()
            write_audit(session, person.org_id, person.id, "token.revoked", token_id)

    def token_person(self, secret: str) -> Person | None:
        with self.store.session() as session:
            found = session.execute(
                select(PersonRow)
                .join(TokenRow, TokenRow.person_id == PersonRow.id)
                .where(TokenRow.token_hash == digest(secret), TokenRow.revoked_at.is_(None))
            ).scalar_one_or_none()
            return Person.of(found) if found is not None and found.active else None

    # -- audit log -------------------------------------------------------------------------------
    def audit(self, org_id: str, actor_id: str | None, action: str, target: str = "", **detail: Any) -> None:
        with self.store._writing(), self.store.session.begin() as session:
            write_audit(session, org_id, actor_id, action, target, **detail)

    def audit_log(self, org_id: str, limit: int = 500) -> list[AuditEntry]:
        """Newest first."""
        with self.store.session() as session:
            rows = session.scalars(
                select(AuditRow).where(AuditRow.org_id == org_id).order_by(AuditRow.id.desc()).limit(limit)
            )
            return [AuditEntry(aware(r.at), r.actor_id, r.action, r.target, dict(r.detail)) for r in rows]


__all__ = ["Accounts", "AuditEntry", "NewPerson", "Person", "Refused", "TokenInfo", "write_audit"]


def _same_name(name: str) -> str:
    """A name as two organizations' names are compared: any case, any spacing."""
    return " ".join(name.casefold().split())
