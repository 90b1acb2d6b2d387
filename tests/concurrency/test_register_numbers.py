"""Register numbers under concurrency (DESIGN.md "Numbers"): gap-free and unique.

Runs on whichever database DATABASE_URL names; CI runs it on PostgreSQL and SQLite.
"""

import threading

import pytest
from django.db import connection, connections

from aduan.intake.models import Complaint
from aduan.intake.services import (
    AlreadyRegistered,
    ComplaintInput,
    ReporterInput,
    register_complaint,
)

THREADS = 8
PER_THREAD = 50


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_get_exactly_1_to_400(agency_factory):
    # given one agency and 8 desks registering at once
    agency = agency_factory("seed_001")
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def desk(index: int) -> None:
        try:
            barrier.wait()
            for n in range(PER_THREAD):
                register_complaint(
                    agency=agency,
                    actor=None,
                    data=ComplaintInput(
                        kind="pengaduan",
                        channel="website",
                        what=f"desk {index} #{n}",
                        reporter=ReporterInput(name=f"Pelapor {index}-{n}"),
                    ),
                )
        except BaseException as error:  # surfaced in the main thread below
            errors.append(error)
        finally:
            connections.close_all()

    # when
    threads = [threading.Thread(target=desk, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then
    assert errors == []
    seqs = sorted(Complaint.objects.values_list("register_seq", flat=True))
    assert seqs == list(range(1, THREADS * PER_THREAD + 1))
    numbers = Complaint.objects.values_list("register_number", flat=True)
    assert len(set(numbers)) == THREADS * PER_THREAD
    assert connection.vendor in {"postgresql", "sqlite"}


@pytest.mark.django_db(transaction=True)
def test_one_page_sent_by_8_taps_at_once_is_one_complaint(agency_factory):
    # given one form page (one key) sent 8 times at the same moment, among other
    # pages sent at the same time
    agency = agency_factory("seed_001")
    barrier = threading.Barrier(THREADS)
    outcomes: list[object] = []

    def tap(index: int) -> None:
        barrier.wait()
        for key in ("the-same-page-key-0001", f"another-page-key-{index:04d}"):
            try:
                register_complaint(
                    agency=agency,
                    actor=None,
                    data=ComplaintInput(
                        kind="pengaduan",
                        channel="website",
                        what="Jalan rusak",
                        # the shared page is one person's; the others are each theirs
                        reporter=ReporterInput(
                            name="Siti" if key.startswith("the-same") else f"P{index}"
                        ),
                        submission_key=key,
                    ),
                )
                outcomes.append(key)
            except AlreadyRegistered as already:
                outcomes.append(already.complaint.pk)
            except BaseException as error:  # surfaced in the main thread below
                outcomes.append(error)
        connections.close_all()

    # when
    threads = [threading.Thread(target=tap, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then the shared page made one complaint, the other 7 taps were told which
    shared = Complaint.objects.get(submission_key="the-same-page-key-0001")
    assert outcomes.count(shared.pk) == THREADS - 1
    assert not [o for o in outcomes if isinstance(o, BaseException)]
    # and every other page made its own, with no hole in the numbers
    seqs = sorted(Complaint.objects.values_list("register_seq", flat=True))
    assert seqs == list(range(1, THREADS + 2))
