"""A team roster as CSV: every row checked, every problem located by line and field, nothing half-read."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass

from pmpath.framework import Problem

COLUMNS = (
    "name",
    "email",
    "title",
    "level",
    "manager_email",
    "years_experience",
    "years_leading",
    "company_size",
)
REQUIRED = ("email",)
MAX_ROWS = 10_000
EMAIL = re.compile(r"[^@\s,;<>\x00-\x1f]+@[^@\s,;<>\x00-\x1f]+\.[^@\s,;<>\x00-\x1f]+")


@dataclass(frozen=True)
class NewPerson:
    """A person to add, as an admin or a roster gives them."""

    email: str
    name: str = ""
    title: str = ""
    title_level: str | None = None
    manager_email: str | None = None
    years_experience: float = 0
    years_leading: float = 0
    company_size: str | None = None
    is_admin: bool = False


def email_problem(email: str) -> str | None:
    if len(email) > 320:
        return f"{len(email):,} characters is too long for an email address (320 at most)"
    if not EMAIL.fullmatch(email.strip()):
        return f"'{email}' is not an email address"
    return None


def roster_rows(text: str) -> list[dict[str, str]]:
    """The rows of a roster as read by the csv module, or none when it cannot be read (parse_roster says why)."""
    try:
        return list(csv.DictReader(io.StringIO(text)))
    except csv.Error:
        return []


def parse_roster(
    text: str,
    filename: str,
    level_ids: Collection[str],
    company_sizes: Collection[str],
    known_emails: Collection[str] = (),
    taken_emails: Collection[str] = (),
) -> tuple[list[NewPerson], list[Problem]]:
    """The people of a roster and every problem in it. `known_emails` are managers already in the
    organization; `taken_emails` already have an account. Lines count as in the file (header = 1)."""
    try:
        return _parse_roster(text, filename, level_ids, company_sizes, known_emails, taken_emails)
    except csv.Error as error:  # a field over the csv module's size limit, say
        return [], [Problem(filename, None, "", f"not readable as CSV: {error}")]


def _parse_roster(
    text: str,
    filename: str,
    level_ids: Collection[str],
    company_sizes: Collection[str],
    known_emails: Collection[str],
    taken_emails: Collection[str],
) -> tuple[list[NewPerson], list[Problem]]:
    problems: list[Problem] = []
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))  # Excel's byte-order mark names no column
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h not in COLUMNS]
    if missing or unknown:
        if missing:
            problems.append(Problem(filename, 1, "header", f"missing column(s): {', '.join(missing)}"))
        if unknown:
            problems.append(
                Problem(filename, 1, "header", f"unknown column(s): {', '.join(unknown)}; known: {', '.join(COLUMNS)}")
            )
        return [], problems
    reader.fieldnames = header
    people: list[NewPerson] = []
    lines: dict[str, int] = {}
    managers: list[tuple[int, str]] = []
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            problems.append(Problem(filename, number, "", f"more than {MAX_ROWS:,} rows"))
            break
        if None in raw:
            problems.append(Problem(filename, number, "", f"more values than the {len(header)} columns"))
            continue
        row = {k: (v or "").strip() for k, v in raw.items()}
        found: list[Problem] = []

        def bad(field: str, message: str, line: int = number, found: list[Problem] = found) -> None:
            found.append(Problem(filename, line, field, message))

        for key, value in row.items():
            if "\x00" in value:  # no database text column can hold it
                bad(key, "contains a NUL character")

        email = row.get("email", "").lower()
        if (message := email_problem(email)) is not None:
            bad("email", message)
        elif email in lines:
            bad("email", f"{email} is also on line {lines[email]}")
        elif email in taken_emails:
            bad("email", f"{email} already has an account")
        level = row.get("level") or None
        if level is not None and level not in level_ids:
            bad("level", f"unknown level '{level}'; known: {', '.join(level_ids)}")
        size = row.get("company_size") or None
        if size is not None and size not in company_sizes:
            bad("company_size", f"unknown company size '{size}'; known: {', '.join(company_sizes)}")
        years: dict[str, float] = {}
        for field in ("years_experience", "years_leading"):
            value = row.get(field) or "0"
            try:
                years[field] = float(value)
            except ValueError:
                bad(field, f"'{value}' is not a number")
                continue
            if not 0 <= years[field] <= 60:
                bad(field, f"{value} is outside 0-60")
        manager = (row.get("manager_email") or "").lower() or None
        if manager is not None:
            if manager == email:
                bad("manager_email", "a person cannot manage themselves")
            else:
                managers.append((number, manager))
        for field in ("name", "title"):
            if len(row.get(field, "")) > 200:
                bad(field, "longer than 200 characters")
        problems.extend(found)
        if email and email not in lines:
            lines[email] = number
        if not found:
            people.append(
                NewPerson(
                    email=email,
                    name=row.get("name", ""),
                    title=row.get("title", ""),
                    title_level=level,
                    manager_email=manager,
                    years_experience=years.get("years_experience", 0),
                    years_leading=years.get("years_leading", 0),
                    company_size=size,
                )
            )
    for number, manager in managers:
        if manager not in lines and manager not in known_emails:
            problems.append(
                Problem(filename, number, "manager_email", f"{manager} is neither in this file nor in the organization")
            )
    problems.extend(_loops(filename, people, lines))
    if not problems and not people:
        problems.append(Problem(filename, 1, "", "no people in the file"))
    problems.sort(key=lambda p: (p.line or 0, p.field))
    return ([] if problems else people), problems


def _loops(filename: str, people: list[NewPerson], lines: dict[str, int]) -> list[Problem]:
    """People of the file who end up above themselves through its managers ('a' managed by 'b', 'b' by
    'a'): a management loop, refused as changing a manager refuses one. A person already in the
    organization keeps their manager, so a loop can only run through the file's rows. Each person is
    walked once (a hostile file of one 10,000-deep chain stays linear)."""
    manager_of = {p.email: p.manager_email for p in people}
    settled: set[str] = set()  # reaches someone outside the file, or is on a loop already reported
    found: list[Problem] = []
    for person in people:
        chain: dict[str, None] = {}  # this walk, in order
        current: str | None = person.email
        while current in manager_of and current not in settled and current not in chain:
            chain[current] = None
            current = manager_of[current]
        if current in chain:
            loop = [*list(chain)[list(chain).index(current) :], current]
            shown = " -> ".join(loop if len(loop) <= 6 else [*loop[:3], f"... {len(loop) - 4} more ...", loop[-1]])
            found.append(Problem(filename, lines[current], "manager_email", f"a management loop: {shown}"))
        settled.update(chain)
    return found
