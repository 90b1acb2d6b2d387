"""Every row lock of intake lives here, so the order of locks is visible in one place."""

from django.db import connection

from aduan.intake.models import Complaint, RegisterCounter


def next_register_seq(agency_id: int, year: int) -> int:
    """Take the next register sequence for an agency and year; holds the row lock.

    One upsert statement both creates the year's counter and increments it, so the
    first complaint of a year races safely and no MAX()+1 is ever read.
    """
    table = RegisterCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, year, value) VALUES (%s, %s, 1) "
            f"ON CONFLICT (agency_id, year) DO UPDATE SET value = {table}.value + 1 "
            "RETURNING value",
            [agency_id, year],
        )
        return cursor.fetchone()[0]


def lock_complaint(pk: int) -> Complaint:
    """Reload a complaint holding its row lock until the transaction ends."""
    return Complaint.objects.select_for_update().get(pk=pk)
