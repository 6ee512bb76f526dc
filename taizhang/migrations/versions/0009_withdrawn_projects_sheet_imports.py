"""withdrawn projects and recorded sheet imports

- `projects.withdrawn`: a reviewer rejected the fact that created the project (a document
  named something that is no project); the project keeps its trail but is counted nowhere;
- `projects.held_for_review`: a report placed the project outside the district; it is counted
  nowhere until a reviewer confirms its creation;
- `sheet_imports`: each imported 项目台账 workbook by the sha256 of its bytes, so the same file
  imported again is recognised and changes nothing.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 08:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "projects",
        sa.Column("withdrawn", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "projects",
        sa.Column("held_for_review", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.create_table(
        "sheet_imports",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite")),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["imported_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sheet_imports_sha256", "sheet_imports", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_sheet_imports_sha256", table_name="sheet_imports")
    op.drop_table("sheet_imports")
    op.execute("ALTER TABLE projects DROP COLUMN held_for_review")
    op.execute("ALTER TABLE projects DROP COLUMN withdrawn")
