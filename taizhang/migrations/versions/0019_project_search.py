"""project name search through a trigram index

- `project_search`: one document per project (its name, then each investor's name and
  aliases, one a line), built here from the ledger and kept by `taizhang.projects.search`;
- SQLite: `project_search_fts`, an FTS5 trigram index over the documents (external content,
  kept by triggers); PostgreSQL: the `pg_trgm` extension and a GIN trigram index.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 17:50:00.000000
"""

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TRIGGERS = {
    "project_search_ai": "AFTER INSERT ON project_search BEGIN"
    " INSERT INTO project_search_fts(rowid, text) VALUES (new.project_id, new.text); END",
    "project_search_ad": "AFTER DELETE ON project_search BEGIN"
    " INSERT INTO project_search_fts(project_search_fts, rowid, text)"
    " VALUES ('delete', old.project_id, old.text); END",
    "project_search_au": "AFTER UPDATE ON project_search BEGIN"
    " INSERT INTO project_search_fts(project_search_fts, rowid, text)"
    " VALUES ('delete', old.project_id, old.text);"
    " INSERT INTO project_search_fts(rowid, text) VALUES (new.project_id, new.text); END",
}


def upgrade() -> None:
    op.create_table(
        "project_search",
        sa.Column("project_id", ID, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("project_id"),
    )
    _fill(op.get_bind())
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_project_search_trgm ON project_search USING gin (text gin_trgm_ops)"
        )
        return
    op.execute(
        "CREATE VIRTUAL TABLE project_search_fts USING fts5(text, content='project_search',"
        " content_rowid='project_id', tokenize='trigram')"
    )
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute("INSERT INTO project_search_fts(project_search_fts) VALUES ('rebuild')")


def _fill(connection: sa.Connection) -> None:
    """Each project's document: its name, then its investors' names and aliases by position."""
    aliases: defaultdict[int, list[str]] = defaultdict(list)
    for enterprise, alias in connection.execute(
        sa.text("SELECT enterprise_id, alias FROM enterprise_aliases ORDER BY id")
    ):
        aliases[enterprise].append(alias)
    lines: defaultdict[int, list[str]] = defaultdict(list)
    for project, enterprise, name in connection.execute(
        sa.text(
            "SELECT pi.project_id, e.id, e.name FROM project_investors pi"
            " JOIN enterprises e ON e.id = pi.enterprise_id ORDER BY pi.project_id, pi.position"
        )
    ):
        lines[project].extend([name, *aliases[enterprise]])
    rows = [
        {"project_id": project, "text": "\n".join([name, *lines[project]])}
        for project, name in connection.execute(sa.text("SELECT id, name FROM projects"))
    ]
    if rows:
        connection.execute(
            sa.text("INSERT INTO project_search (project_id, text) VALUES (:project_id, :text)"),
            rows,
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_project_search_trgm")
    else:
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE project_search_fts")
    op.drop_table("project_search")
