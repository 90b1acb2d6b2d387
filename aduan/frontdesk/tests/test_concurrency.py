"""Slot capacity under concurrent booking: never more visitors than places.

Runs on whichever database DATABASE_URL names (PostgreSQL and SQLite in CI), with
threads like tests/concurrency/test_register_numbers.py.
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connections
from django.utils import timezone

from aduan.accounts.models import User
from aduan.core.errors import DomainError
from aduan.frontdesk.models import (
    HOLDING,
    Appointment,
    AppointmentSource,
    FrontdeskSettings,
    SlotCounter,
    Visit,
)
from aduan.frontdesk.services import (
    AppointmentRequestInput,
    WalkInInput,
    cancel_appointment,
    confirm_appointment,
    record_walk_in,
    request_appointment,
    reschedule_appointment,
)
from aduan.frontdesk.tests.factories import booked, local, visiting_day

THREADS = 12
CAPACITY = 4


def run_together(jobs: list[Callable[[], object]]) -> tuple[int, list[BaseException]]:
    """Run each job in its own thread, all released at once; count successes."""
    barrier = threading.Barrier(len(jobs))
    done: list[object] = []
    refused: list[BaseException] = []
    unexpected: list[BaseException] = []

    def run(job) -> None:
        try:
            barrier.wait()
            done.append(job())
        except DomainError as error:
            refused.append(error)
        except BaseException as error:  # surfaced in the main thread below
            unexpected.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert unexpected == []
    return len(done), refused


def requests(agency, actor, n: int) -> list[Appointment]:
    return [
        request_appointment(
            agency,
            actor=actor,
            data=AppointmentRequestInput(
                name=f"Pelapor {i}",
                purpose="Konsultasi",
                source=AppointmentSource.EMAIL,
                email=f"p{i}@example.com",
            ),
        )
        for i in range(n)
    ]


@pytest.fixture
def desk(agency_factory):
    agency = agency_factory("seed_000", prefix="000-")
    FrontdeskSettings.objects.create(agency=agency, capacity=CAPACITY)
    return agency, User.objects.get(username="000-resepsionis")


@pytest.mark.django_db(transaction=True)
def test_twelve_desks_booking_one_slot_fill_exactly_its_places(desk):
    # given a slot with 4 places and 12 requests confirmed into it at once
    agency, actor = desk
    start = local(agency, visiting_day(agency, timezone.localdate(), skip=1), 10)
    pending = requests(agency, actor, THREADS)
    jobs = [
        (lambda a=a: confirm_appointment(a, actor=actor, start=start, officer=None))
        for a in pending
    ]
    # when
    succeeded, refused = run_together(jobs)
    # then exactly 4 got in, the rest were told the slot is full
    assert succeeded == CAPACITY
    assert {e.message for e in refused} == {"Sesi ini sudah penuh. Pilih waktu lain."}
    assert Appointment.objects.filter(slot_start=start, status__in=HOLDING).count() == 4
    assert SlotCounter.objects.get(agency=agency, start=start).taken == CAPACITY


@pytest.mark.django_db(transaction=True)
def test_moves_cancels_and_bookings_at_once_keep_the_counters_true(desk):
    # given slot A full (4), slot B with one place left (3), and 4 new requests
    agency, actor = desk
    day = visiting_day(agency, timezone.localdate(), skip=1)
    slot_a, slot_b = local(agency, day, 9), local(agency, day, 9, 30)
    in_a = [booked(agency, actor=actor, start=slot_a, name=f"A{i}") for i in range(4)]
    in_b = [booked(agency, actor=actor, start=slot_b, name=f"B{i}") for i in range(3)]
    pending = requests(agency, actor, 4)
    # when, at once: two in A move to B, two in B move to A, one in B cancels, and
    # the four new ones are confirmed into A
    jobs = [
        *(
            lambda a=a: reschedule_appointment(a, actor=None, start=slot_b)
            for a in in_a[:2]
        ),
        *(
            lambda a=a: reschedule_appointment(a, actor=None, start=slot_a)
            for a in in_b[:2]
        ),
        lambda: cancel_appointment(in_b[2], actor=None),
        *(
            lambda a=a: confirm_appointment(a, actor=actor, start=slot_a, officer=None)
            for a in pending
        ),
    ]
    run_together(jobs)
    # then no slot holds more than its places, and each counter equals the
    # appointments that hold it
    for start in (slot_a, slot_b):
        holding = Appointment.objects.filter(slot_start=start, status__in=HOLDING)
        counter = SlotCounter.objects.get(agency=agency, start=start).taken
        assert holding.count() == counter
        assert counter <= CAPACITY


@pytest.mark.django_db(transaction=True)
def test_queue_numbers_are_gap_free_under_concurrency(desk):
    # given 12 arrivals recorded at once on two desks
    agency, actor = desk
    jobs = [
        (
            lambda i=i: record_walk_in(
                agency, actor=actor, data=WalkInInput(name=f"T{i}")
            )
        )
        for i in range(THREADS)
    ]
    # when
    succeeded, _refused = run_together(jobs)
    # then the numbers are exactly 1..12
    assert succeeded == THREADS
    numbers = sorted(Visit.objects.values_list("queue_number", flat=True))
    assert numbers == list(range(1, THREADS + 1))
