from django.db import connection

from aduan.workflow.models import Draft, LetterCounter


def next_letter_seq(agency_id: int, year: int, series: str) -> int:
    """Take the next letter number of a series; the row stays locked until commit."""
    table = LetterCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, year, series, value) "
            "VALUES (%s, %s, %s, 1) ON CONFLICT (agency_id, year, series) "
            f"DO UPDATE SET value = {table}.value + 1 RETURNING value",
            [agency_id, year, series],
        )
        return cursor.fetchone()[0]


def lock_draft(pk: int) -> Draft:
    return Draft.objects.select_for_update().get(pk=pk)
