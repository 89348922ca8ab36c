"""`pmpath admin`: set up a team server from the shell; the password is never shown; a bad roster imports nothing."""

from __future__ import annotations

import pytest

from pmpath.store import Accounts, Store
from pmpath.store.credentials import password_matches

PASSWORD = "a long admin password"


@pytest.fixture
def admin_cli(cli, db_url, monkeypatch):
    """The CLI against a migrated database of each kind, password from the environment."""
    monkeypatch.setenv("PMPATH_ADMIN_PASSWORD", PASSWORD)

    def run(*args: str, input: str | None = None):
        return cli("admin", *args, "--database-url", db_url, input=input)

    return run


def people(db_url):
    store = Store(db_url)
    try:
        accounts = Accounts(store)
        return {p.email: p for org in accounts.org_ids() for p in accounts.people(org)}
    finally:
        store.close()


def test_init_then_invite_then_list(admin_cli, db_url):
    done = admin_cli("init", "--org", "Acme", "--email", "Admin@Acme.example")
    assert done.exit_code == 0, done.output
    assert PASSWORD not in done.output
    admin = people(db_url)["admin@acme.example"]
    store = Store(db_url)
    assert admin.is_admin and password_matches(Accounts(store).password_hash(admin.id), PASSWORD)
    store.close()
    again = admin_cli("init", "--org", "Acme", "--email", "admin@acme.example")
    assert again.exit_code == 2 and "already has an account" in again.output
    for base, option in (("javascript:alert(1)", "--base-url"), ("http://pm.example", "--name")):
        name = "x" * 201 if option == "--name" else "Ann"  # a roster caps names at 200 too
        refused = admin_cli("invite", "ann@acme.example", "--name", name, "--base-url", base)
        assert refused.exit_code == 2 and option in refused.output and "ann@acme.example" not in people(db_url)
    invited = admin_cli(
        "invite", "ann@acme.example", "--name", "Ann", "--manager", "admin@acme.example", "--level", "pm"
    )
    assert invited.exit_code == 0, invited.output
    assert "http://127.0.0.1:8000/invitations/" in invited.output
    link = invited.output.split("/invitations/")[1].split()[0]
    store = Store(db_url)
    assert Accounts(store).invited(link).email == "ann@acme.example"
    store.close()
    listed = admin_cli("users")
    assert listed.exit_code == 0 and "ann@acme.example" in listed.output and "invited" in listed.output
    bad_level = admin_cli("invite", "x@acme.example", "--level", "wizard")
    assert bad_level.exit_code == 2 and "unknown level 'wizard'" in bad_level.output
    gone = admin_cli("deactivate", "ann@acme.example")
    assert gone.exit_code == 0 and not people(db_url)["ann@acme.example"].active


def test_password_is_asked_without_echo(cli, db_url, monkeypatch):
    monkeypatch.delenv("PMPATH_ADMIN_PASSWORD", raising=False)
    result = cli(
        "admin",
        "init",
        "--org",
        "Acme",
        "--email",
        "a@acme.example",
        "--database-url",
        db_url,
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    short = cli(
        "admin", "init", "--org", "B", "--email", "b@b.example", "--database-url", db_url, input="short\nshort\n"
    )
    assert short.exit_code == 2 and "at least 10 characters" in short.output


ROSTER = """name,email,title,level,manager_email,years_experience,years_leading,company_size
Dana,dir@acme.example,Director,director,admin@acme.example,12,5,mid
Max,max@acme.example,Senior PM,senior-pm,dir@acme.example,7,1,mid
Ann,ann@acme.example,PM,pm,max@acme.example,3,0,mid
"""


def test_import_adds_the_team_with_links(admin_cli, db_url, tmp_path):
    admin_cli("init", "--org", "Acme", "--email", "admin@acme.example")
    roster = tmp_path / "team.csv"
    roster.write_text(ROSTER)
    result = admin_cli("import", str(roster))
    assert result.exit_code == 0, result.output
    assert result.output.count("/invitations/") == 3
    found = people(db_url)
    assert found["ann@acme.example"].manager_id == found["max@acme.example"].id
    assert found["dir@acme.example"].title_level == "director" and found["dir@acme.example"].years_leading == 5


def test_a_bad_roster_reports_every_row_and_imports_nothing(admin_cli, db_url, tmp_path):
    admin_cli("init", "--org", "Acme", "--email", "admin@acme.example")
    roster = tmp_path / "team.csv"
    roster.write_text(
        ROSTER
        + "Bad,not-an-email,PM,wizard,nobody@acme.example,lots,0,huge\n"
        + "Twice,ann@acme.example,PM,pm,,3,0,mid\n"
    )
    result = admin_cli("import", str(roster))
    assert result.exit_code == 2
    out = " ".join(result.output.split())
    for expected in (
        "team.csv:5: company_size: unknown company size 'huge'",
        "team.csv:5: email: 'not-an-email' is not an email address",
        "team.csv:5: level: unknown level 'wizard'",
        "team.csv:5: manager_email: nobody@acme.example is neither in this file nor in the organization",
        "team.csv:5: years_experience: 'lots' is not a number",
        "team.csv:6: email: ann@acme.example is also on line 4",
        "nothing was imported",
    ):
        assert expected in out, expected
    assert set(people(db_url)) == {"admin@acme.example"}
    header = tmp_path / "header.csv"
    header.write_text("mail,name\nx@y.example,X\n")
    bad_header = admin_cli("import", str(header))
    assert bad_header.exit_code == 2 and "header: missing column(s): email" in " ".join(bad_header.output.split())


def test_admin_commands_need_an_organization_first(admin_cli):
    result = admin_cli("users")
    assert result.exit_code == 2 and "pmpath admin init" in result.output


def test_single_person_commands_need_no_account(cli):
    assert cli("ladder").exit_code == 0
