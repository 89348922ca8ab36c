"""Assessments kept without a name when their person is deleted are marked, so they never count as
work kept from before teams (which an admin may attach to anyone).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.add_column(sa.Column("anonymized_at", sa.DateTime(timezone=True)))
    # work anonymized before this revision: kept without a person and under the name it was given then
    op.execute(
        "UPDATE assessments SET anonymized_at = CURRENT_TIMESTAMP "
        "WHERE subject_id IS NULL AND name = '(deleted person)'"
    )


def downgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.drop_column("anonymized_at")
