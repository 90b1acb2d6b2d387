"""Every row lock of the front desk lives here, so the order of locks is visible.

Counters are upserts (as in aduan/intake/locks.py): one statement both creates the
row and increments it, so the first booking of a slot or the first visitor of a day
races safely and no MAX()+1 is ever read.
"""

from datetime import date, datetime

from django.db import connection

from aduan.frontdesk.models import (
    Appointment,
    Contact,
    DeflectionCount,
    QueueCounter,
    SlotCounter,
    Visit,
)


def _upsert_increment(table: str, keys: tuple[str, str], params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({keys[0]}, {keys[1]}, value) VALUES (%s, %s, 1) "
            f"ON CONFLICT ({keys[0]}, {keys[1]}) "
            f"DO UPDATE SET value = {table}.value + 1 RETURNING value",
            params,
        )
        return cursor.fetchone()[0]


def take_slot_place(agency_id: int, start: datetime) -> int:
    """Take one place in a slot and return how many are now taken; holds the lock."""
    # The caller compares with the capacity and raises, which rolls the place back.
    table = SlotCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, start, taken) VALUES (%s, %s, 1) "
            f"ON CONFLICT (agency_id, start) DO UPDATE SET taken = {table}.taken + 1 "
            "RETURNING taken",
            [agency_id, connection.ops.adapt_datetimefield_value(start)],
        )
        return cursor.fetchone()[0]


def release_slot_place(agency_id: int, start: datetime) -> None:
    """Give one place of a slot back (cancel, reschedule)."""
    table = SlotCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET taken = taken - 1 "
            "WHERE agency_id = %s AND start = %s AND taken > 0",
            [agency_id, connection.ops.adapt_datetimefield_value(start)],
        )


def next_queue_number(agency_id: int, day: date) -> int:
    """Take the next queue number of the day: gap-free, from 1 each morning."""
    return _upsert_increment(
        QueueCounter._meta.db_table,
        ("agency_id", "day"),
        [agency_id, connection.ops.adapt_datefield_value(day)],
    )


def count_deflection(answer_id: int, day: date) -> int:
    """Add one to the day's deflections of a public answer."""
    return _upsert_increment(
        DeflectionCount._meta.db_table,
        ("answer_id", "day"),
        [answer_id, connection.ops.adapt_datefield_value(day)],
    )


def lock_appointment(pk: int) -> Appointment:
    """Reload an appointment holding its row lock until the transaction ends."""
    return Appointment.objects.select_for_update().get(pk=pk)


def lock_visit(pk: int) -> Visit:
    """Reload a visit holding its row lock until the transaction ends."""
    return Visit.objects.select_for_update().get(pk=pk)


def lock_contact(pk: int) -> Contact:
    """Reload a call holding its row lock until the transaction ends."""
    return Contact.objects.select_for_update().get(pk=pk)
