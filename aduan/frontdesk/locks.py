"""Every row lock of the front desk lives here, so the order of locks is visible.

Counters use aduan.core.counters.bump, like register and letter numbers.
"""

from datetime import date, datetime

from django.db import connection

from aduan.core.counters import bump
from aduan.frontdesk.models import (
    Appointment,
    Contact,
    DeflectionCount,
    QueueCounter,
    SlotCounter,
    Visit,
)


def take_slot_place(agency_id: int, start: datetime) -> int:
    """Take one place in a slot and return how many are now taken; holds the lock."""
    # The caller compares with the capacity and raises, which rolls the place back.
    return bump(SlotCounter, column="taken", agency=agency_id, start=start)


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
    return bump(QueueCounter, agency=agency_id, day=day)


def count_deflection(answer_id: int, day: date) -> int:
    """Add one to the day's deflections of a public answer."""
    return bump(DeflectionCount, answer=answer_id, day=day)


def lock_appointment(pk: int) -> Appointment:
    """Reload an appointment holding its row lock until the transaction ends."""
    return Appointment.objects.select_for_update().get(pk=pk)


def lock_visit(pk: int) -> Visit:
    """Reload a visit holding its row lock until the transaction ends."""
    return Visit.objects.select_for_update().get(pk=pk)


def lock_contact(pk: int) -> Contact:
    """Reload a call holding its row lock until the transaction ends."""
    return Contact.objects.select_for_update().get(pk=pk)
