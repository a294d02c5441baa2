"""audit events are append-only

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 16:05:00

The app has no code path that changes or deletes an audit event; these triggers make the database refuse it
too, so that neither a bug nor a stray SQL statement from the app's own account can rewrite history.
PostgreSQL: a row trigger raises on UPDATE and DELETE (TRUNCATE, used only by the test suite to empty the
database, is a separate privilege; a deployment can also REVOKE UPDATE, DELETE ON audit_event from the app's
role, see README). SQLite: BEFORE UPDATE / BEFORE DELETE triggers abort the statement.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

MESSAGE = "audit events cannot be changed or deleted"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
            END
            $$
        """)
        op.execute("""
            CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
            FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
        """)
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER audit_event_no_{action.lower()} BEFORE {action} ON audit_event
                BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
            """)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION audit_event_append_only()")
    else:
        op.execute("DROP TRIGGER audit_event_no_update")
        op.execute("DROP TRIGGER audit_event_no_delete")
