"""Teams: organizations, people, sessions, invitations, cycles, promotions, tokens, audit log.

Every assessment and uploaded framework kept so far goes to a first organization, unassigned to
anyone until an admin attaches it; each assessment gets a random public id and the few facts
team views read (ready, experience, criteria statuses), taken from its stored result.

Revision ID: 0002
Revises: 0001
"""

import datetime as dt
import json
import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.String(32)


def _tz() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "organizations",
        sa.Column("id", ID, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", _tz(), server_default=sa.func.now(), nullable=False),
    )
    op.create_table(
        "people",
        sa.Column("id", ID, primary_key=True),
        sa.Column("org_id", ID, sa.ForeignKey("organizations.id"), nullable=False, index=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("title_level", sa.String(50)),
        sa.Column("manager_id", ID, sa.ForeignKey("people.id", ondelete="SET NULL"), index=True),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("password_hash", sa.String(200)),
        sa.Column("years_experience", sa.Float(), nullable=False),
        sa.Column("years_leading", sa.Float(), nullable=False),
        sa.Column("company_size", sa.String(50)),
        sa.Column("created_at", _tz(), server_default=sa.func.now(), nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("person_id", ID, sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", _tz(), nullable=False),
        sa.Column("expires_at", _tz(), nullable=False, index=True),
    )
    op.create_table(
        "invitations",
        sa.Column("id", ID, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("org_id", ID, sa.ForeignKey("organizations.id"), nullable=False, index=True),
        sa.Column("person_id", ID, sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("created_by", ID),
        sa.Column("created_at", _tz(), nullable=False),
        sa.Column("expires_at", _tz(), nullable=False),
        sa.Column("used_at", _tz()),
    )
    op.create_table(
        "cycles",
        sa.Column("id", ID, primary_key=True),
        sa.Column("org_id", ID, sa.ForeignKey("organizations.id"), nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("framework_id", sa.String(100), nullable=False),
        sa.Column("framework_version", sa.String(50), nullable=False),
        sa.Column("deadline", sa.Date()),
        sa.Column("team_root_id", ID, sa.ForeignKey("people.id", ondelete="SET NULL")),
        sa.Column("opened_at", _tz(), nullable=False),
        sa.Column("closed_at", _tz()),
    )
    op.create_table(
        "promotions",
        sa.Column("id", ID, primary_key=True),
        sa.Column("org_id", ID, sa.ForeignKey("organizations.id"), nullable=False, index=True),
        sa.Column("subject_id", ID, sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("proposer_id", ID, sa.ForeignKey("people.id", ondelete="SET NULL")),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", _tz(), nullable=False),
        sa.Column("decided_at", _tz()),
    )
    op.create_table(
        "tokens",
        sa.Column("id", ID, primary_key=True),
        sa.Column("person_id", ID, sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", _tz(), nullable=False),
        sa.Column("revoked_at", _tz()),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("org_id", ID, nullable=False, index=True),
        sa.Column("at", _tz(), nullable=False),
        sa.Column("actor_id", ID),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
    )
    _append_only("audit_log")
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(400), nullable=False, index=True),
        sa.Column("at", _tz(), nullable=False, index=True),
    )

    with op.batch_alter_table("assessments") as batch:
        batch.add_column(sa.Column("public_id", sa.String(32)))
        batch.add_column(sa.Column("org_id", ID))
        batch.add_column(sa.Column("subject_id", ID))
        batch.add_column(sa.Column("author_id", ID))
        batch.add_column(sa.Column("cycle_id", ID))
        batch.add_column(sa.Column("shared_at", _tz()))
        batch.add_column(sa.Column("released_at", _tz()))
        batch.add_column(sa.Column("ready", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("experience_ok", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("criteria", sa.JSON()))
    with op.batch_alter_table("frameworks") as batch:
        batch.add_column(sa.Column("org_id", ID))

    _carry_over_existing_rows()

    with op.batch_alter_table("assessments") as batch:
        batch.alter_column("public_id", existing_type=sa.String(32), nullable=False)
        batch.alter_column("criteria", existing_type=sa.JSON(), nullable=False)
        batch.create_unique_constraint("uq_assessments_public_id", ["public_id"])
        batch.create_foreign_key("fk_assessments_org", "organizations", ["org_id"], ["id"])
        batch.create_foreign_key("fk_assessments_subject", "people", ["subject_id"], ["id"], ondelete="SET NULL")
        batch.create_foreign_key("fk_assessments_author", "people", ["author_id"], ["id"], ondelete="SET NULL")
        batch.create_foreign_key("fk_assessments_cycle", "cycles", ["cycle_id"], ["id"], ondelete="SET NULL")
        batch.create_index("ix_assessments_org_id", ["org_id"])
        batch.create_index("ix_assessments_subject_id", ["subject_id"])
        batch.create_index("ix_assessments_author_id", ["author_id"])
        batch.create_index("ix_assessments_cycle_id", ["cycle_id"])
    # an id and version are unique within an organization, so one organization's uploads tell another nothing
    old_unique = (
        "frameworks_framework_id_version_key"
        if op.get_bind().dialect.name == "postgresql"
        else "uq_frameworks_framework_id"
    )
    naming = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
    with op.batch_alter_table("frameworks", naming_convention=naming) as batch:
        batch.drop_constraint(old_unique, type_="unique")
        batch.create_unique_constraint("uq_frameworks_org_framework_version", ["org_id", "framework_id", "version"])
        batch.create_foreign_key("fk_frameworks_org", "organizations", ["org_id"], ["id"])
        batch.create_index("ix_frameworks_org_id", ["org_id"])


def _append_only(table: str) -> None:
    """The database itself refuses to change or remove an audit entry, whatever code asks."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION pmpath_append_only() RETURNS trigger AS $$ BEGIN"
            " RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}"
            " FOR EACH ROW EXECUTE FUNCTION pmpath_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table}"
                " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
            )


def _carry_over_existing_rows() -> None:
    """Existing rows to a first organization; each assessment's team facts read from its stored result."""
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, result FROM assessments")).all()
    frameworks = bind.execute(sa.text("SELECT count(*) FROM frameworks")).scalar_one()
    if not rows and not frameworks:
        return
    org_id = secrets.token_urlsafe(16)
    bind.execute(
        sa.text("INSERT INTO organizations (id, name, created_at) VALUES (:id, :name, :at)"),
        {"id": org_id, "name": "First organization", "at": dt.datetime.now(dt.UTC)},
    )
    bind.execute(sa.text("UPDATE frameworks SET org_id = :org"), {"org": org_id})
    update = sa.text(
        "UPDATE assessments SET public_id = :pid, org_id = :org, ready = :ready, experience_ok = :exp,"
        " criteria = :criteria WHERE id = :id"
    )
    for row_id, result in rows:
        data = json.loads(result) if isinstance(result, str) else (result or {})
        readiness = data.get("readiness") or {}
        criteria = {c["id"]: c["status"] for c in readiness.get("criteria", []) if "id" in c and "status" in c}
        bind.execute(
            update,
            {
                "pid": secrets.token_urlsafe(16),
                "org": org_id,
                "ready": bool(readiness.get("ready")),
                "exp": bool((data.get("experience") or {}).get("ok")),
                "criteria": json.dumps(criteria),
                "id": row_id,
            },
        )


def downgrade() -> None:
    with op.batch_alter_table("frameworks") as batch:
        batch.drop_index("ix_frameworks_org_id")
        batch.drop_constraint("fk_frameworks_org", type_="foreignkey")
        batch.drop_constraint("uq_frameworks_org_framework_version", type_="unique")
        batch.create_unique_constraint("uq_frameworks_framework_id", ["framework_id", "version"])
        batch.drop_column("org_id")
    with op.batch_alter_table("assessments") as batch:
        for name in ("cycle_id", "author_id", "subject_id", "org_id"):
            batch.drop_index(f"ix_assessments_{name}")
        for name in ("cycle", "author", "subject", "org"):
            batch.drop_constraint(f"fk_assessments_{name}", type_="foreignkey")
        batch.drop_constraint("uq_assessments_public_id", type_="unique")
        for name in (
            "criteria",
            "experience_ok",
            "ready",
            "released_at",
            "shared_at",
            "cycle_id",
            "author_id",
            "subject_id",
            "org_id",
            "public_id",
        ):
            batch.drop_column(name)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS pmpath_append_only()")
    op.drop_table("audit_log")
    for table in (
        "login_failures",
        "tokens",
        "promotions",
        "cycles",
        "invitations",
        "sessions",
        "people",
        "organizations",
    ):
        op.drop_table(table)
