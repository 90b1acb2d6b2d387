"""Trigram indexes for the inbox's free-text search, on PostgreSQL only.

SQLite has no such index type; there the search stays a scan, which is fine at the
sizes SQLite serves.
"""

from django.db import migrations

INDEXES = [
    ("complaint_subject_trgm", "intake_complaint", "subject"),
    ("complaint_what_trgm", "intake_complaint", "what"),
    ("reporter_name_trgm", "intake_reporter", "name"),
    ("complaint_register_trgm", "intake_complaint", "register_number"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin "
            f"(upper({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("intake", "0003_inbox_due_index")]
    operations = [migrations.RunPython(create, drop)]
