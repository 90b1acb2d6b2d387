"""Reminders and escalations (issue C point 5), through the real services."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from aduan.accounts.models import User
from aduan.agencies.models import Unit
from aduan.intake.models import Complaint
from aduan.intake.services import (
    ComplaintInput,
    EmployeeInput,
    ReporterInput,
    add_reported_employee,
    register_complaint,
)
from aduan.notify.models import Notification
from aduan.sla.models import Reminder, StepClock
from aduan.sla.sweep import sweep
from aduan.workflow.services import (
    DispositionInput,
    dispose_complaint,
    verify_complaint,
)

ROOT = Path(__file__).resolve().parents[3]


def complaint_with_clock(
    agency, officer, *, started_days_ago: float, due_in_days: float
):
    complaint = register_complaint(
        agency=agency,
        actor=officer,
        data=ComplaintInput(
            kind="pengaduan",
            channel="telepon",
            what="Lambat",
            reporter=ReporterInput(name="Warga"),
        ),
    )
    now = timezone.now()
    Complaint.objects.filter(pk=complaint.pk).update(
        answer_started_at=now - timedelta(days=started_days_ago),
        answer_due_at=now + timedelta(days=due_in_days),
    )
    return complaint


def test_reminder_at_three_quarters_then_escalation_once(agency, officer):
    # given 10 days of answer time, 5 gone: not yet three quarters
    complaint = complaint_with_clock(agency, officer, started_days_ago=5, due_in_days=5)
    now = timezone.now()
    # when / then: nothing before 75%
    assert sweep(now=now) == {"remind": 0, "breach": 0}
    # at 80%: the holders (front desk and officers, status diterima) are reminded once
    later = now + timedelta(days=3)
    assert sweep(now=later) == {"remind": 1, "breach": 0}
    assert sweep(now=later) == {"remind": 0, "breach": 0}
    reminded = set(Notification.objects.values_list("user__username", flat=True))
    assert reminded == {"petugas", "resepsionis"}
    # after the deadline: the profile's escalate_to (seed 001: pemaraf) is told once
    overdue = now + timedelta(days=6)
    assert sweep(now=overdue) == {"remind": 0, "breach": 1}
    assert sweep(now=overdue) == {"remind": 0, "breach": 0}
    escalated = set(
        Notification.objects.filter(text__startswith="Terlambat").values_list(
            "user__username", flat=True
        )
    )
    assert escalated == {"kabid", "sekretaris"}
    assert [e.kind for e in complaint.events.order_by("seq")][-2:] == [
        "reminded",
        "escalated",
    ]


def test_a_reported_employee_is_never_reminded_of_their_complaint(agency, officer):
    # given a late complaint that names the front desk's receptionist
    complaint = complaint_with_clock(agency, officer, started_days_ago=5, due_in_days=5)
    desk = User.objects.get(username="resepsionis")
    add_reported_employee(
        complaint,
        actor=officer,
        employee=EmployeeInput(name="Resepsionis", nip=desk.nip),
    )
    # when the reminder goes out
    assert sweep(now=timezone.now() + timedelta(days=3)) == {"remind": 1, "breach": 0}
    # then the other holders hear of it, the named employee does not
    reminded = set(Notification.objects.values_list("user__username", flat=True))
    assert reminded == {"petugas"}


def test_disposition_reminds_the_unit_and_escalates_to_the_giver(
    agency, officer, user_for
):
    complaint = register_complaint(
        agency=agency,
        actor=officer,
        data=ComplaintInput(
            kind="pengaduan",
            channel="telepon",
            what="Izin",
            reporter=ReporterInput(name="Warga"),
        ),
    )
    verify_complaint(
        complaint,
        actor=officer,
        documents=["formulir_pengaduan", "surat_pernyataan", "bukti"],
    )
    unit = Unit.objects.get(agency=agency, code="pengaduan")
    [disposition] = dispose_complaint(
        complaint,
        actor=user_for("analis"),
        data=DispositionInput(units=(unit,), instruction="telaah"),
    )
    Complaint.objects.filter(pk=complaint.pk).update(answer_due_at=None)
    late = disposition.due_at + timedelta(minutes=1)
    sweep(now=late)
    assert (
        Reminder.objects.filter(
            subject=f"disposition:{disposition.pk}", kind="breach"
        ).count()
        == 1
    )
    assert (
        Notification.objects.filter(
            user__username="analis", text__startswith="Terlambat"
        ).count()
        == 1
    )


def test_seed_004_minute_steps_are_met_or_missed(agency_factory):
    # given seed 004: analysis within 30 minutes of registration
    malang = agency_factory("seed_004", prefix="004-")
    officer = User.objects.get(username="004-petugas")

    def registered():
        return register_complaint(
            agency=malang,
            actor=officer,
            data=ComplaintInput(
                kind="pengaduan",
                channel="langsung",
                what="Timbangan",
                reporter=ReporterInput(name="Pedagang"),
            ),
        )

    quick, slow = registered(), registered()
    StepClock.objects.filter(complaint=slow).update(
        started_at=timezone.now() - timedelta(minutes=45),
        due_at=timezone.now() - timedelta(minutes=15),
    )
    # when both are verified now
    verify_complaint(quick, actor=officer)
    verify_complaint(slow, actor=officer)
    # then
    assert StepClock.objects.get(complaint=quick, step="analysis").met is True
    assert StepClock.objects.get(complaint=slow, step="analysis").met is False
    assert slow.events.filter(kind="deadline_missed", data__step="analysis").exists()
    assert quick.events.filter(kind="deadline_met", data__step="analysis").exists()


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def _manage(*args: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url()}
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_sweep_sends_no_duplicate_and_misses_none(agency_factory):
    # given 40 complaints at 90% of their answer time
    agency = agency_factory("seed_001")
    officer = User.objects.get(username="petugas")
    made = [
        complaint_with_clock(agency, officer, started_days_ago=9, due_in_days=1)
        for _ in range(40)
    ]
    # when the real worker runs the queued sweep and is killed -9 part-way
    _manage("schedule_tasks", "--once").wait(timeout=60)
    worker = _manage("db_worker", "--batch", "--no-startup-delay")
    deadline = time.monotonic() + 60
    while not Reminder.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    done_before_restart = Reminder.objects.count()
    # and is started again (the scheduler queues a fresh sweep)
    assert _manage("schedule_tasks", "--once").wait(timeout=60) == 0
    restarted = _manage("db_worker", "--batch", "--no-startup-delay")
    assert restarted.wait(timeout=120) == 0, restarted.stderr.read().decode()[-2000:]
    # then every complaint got exactly one reminder, and its notices once
    assert 0 < done_before_restart <= len(made)
    assert sorted(Reminder.objects.values_list("complaint_id", flat=True)) == sorted(
        c.pk for c in made
    )
    assert Notification.objects.count() == 2 * len(made)  # petugas + resepsionis
    for complaint in made:
        assert complaint.events.filter(kind="reminded").count() == 1
