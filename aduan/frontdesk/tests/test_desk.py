"""The reception desk: check-in, walk-ins, the queue, waiting times, schedules."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from aduan.core import dates
from aduan.core.errors import DomainError
from aduan.frontdesk.models import AppointmentStatus, Visit, VisitStatus
from aduan.frontdesk.selectors import (
    deflection_counts,
    officer_schedules,
    waiting_minutes,
)
from aduan.frontdesk.services import (
    AnswerInput,
    WalkInInput,
    call_visitor,
    check_in,
    finish_visit,
    hand_schedule,
    record_deflection,
    record_walk_in,
    register_visit_complaint,
    save_standard_answer,
)
from aduan.frontdesk.tests.factories import booked, local, set_clock, visiting_day
from aduan.intake.models import Complaint
from aduan.intake.services import ComplaintInput, ReporterInput
from aduan.notify.models import Notification


@pytest.fixture
def day(bappebti, monkeypatch) -> date:
    chosen = visiting_day(bappebti, timezone.localdate())
    set_clock(monkeypatch, local(bappebti, chosen, 8))
    return chosen


def test_check_in_and_walk_in_share_one_gap_free_queue(
    bappebti, staff, day, monkeypatch
):
    # given a meeting at 09.00 with the officer, booked this morning
    desk, officer = staff("resepsionis"), staff("petugas")
    appointment = booked(
        bappebti, actor=desk, start=local(bappebti, day, 9), officer=officer
    )
    # when the visitor arrives at 08.50 and a walk-in at 08.55
    set_clock(monkeypatch, local(bappebti, day, 8, 50))
    visit = check_in(appointment, actor=desk)
    set_clock(monkeypatch, local(bappebti, day, 8, 55))
    walk_in = record_walk_in(
        bappebti, actor=desk, data=WalkInInput(name="Budi", purpose="Tanya izin")
    )
    # then they have numbers 1 and 2, the appointment is "hadir", the officer knows
    assert (visit.queue_number, walk_in.queue_number) == (1, 2)
    assert (visit.queue_label, walk_in.is_walk_in) == ("001", True)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.HADIR
    assert visit.officer == officer
    told = Notification.objects.get(user=officer)
    assert "sudah hadir" in told.text and "001" in told.text
    # and tomorrow the queue starts again at 1
    set_clock(monkeypatch, local(bappebti, day + timedelta(days=1), 8))
    assert (
        record_walk_in(bappebti, actor=desk, data=WalkInInput(name="C")).queue_number
        == 1
    )


def test_check_in_only_on_the_day(bappebti, staff, day):
    desk = staff("resepsionis")
    later = visiting_day(bappebti, day)
    appointment = booked(bappebti, actor=desk, start=local(bappebti, later, 9))
    with pytest.raises(DomainError) as caught:
        check_in(appointment, actor=desk)
    assert caught.value.message == "Janji temu ini bukan untuk hari ini."
    assert Visit.objects.count() == 0


def test_waiting_time_runs_until_called(bappebti, staff, day, monkeypatch):
    desk, officer = staff("resepsionis"), staff("petugas")
    set_clock(monkeypatch, local(bappebti, day, 9))
    visit = record_walk_in(bappebti, actor=desk, data=WalkInInput(name="Budi"))
    assert waiting_minutes(visit, local(bappebti, day, 9, 12)) == 12
    # when the officer calls him at 09.20 and finishes at 09.40
    set_clock(monkeypatch, local(bappebti, day, 9, 20))
    visit = call_visitor(visit, actor=desk, officer=officer)
    set_clock(monkeypatch, local(bappebti, day, 9, 40))
    visit = finish_visit(visit, actor=desk)
    # then he waited 20 minutes, whenever one looks
    assert visit.status == VisitStatus.SELESAI
    assert visit.officer == officer
    assert waiting_minutes(visit, local(bappebti, day, 12)) == 20
    with pytest.raises(DomainError):
        call_visitor(visit, actor=desk, officer=officer)


def test_calling_needs_an_officer(bappebti, staff, day):
    desk = staff("resepsionis")
    visit = record_walk_in(bappebti, actor=desk, data=WalkInInput(name="Budi"))
    with pytest.raises(DomainError) as caught:
        call_visitor(visit, actor=desk, officer=staff("analis"))
    assert caught.value.field == "officer"
    # an officer at the desk calls to himself
    assert call_visitor(visit, actor=staff("petugas"), officer=None).officer == staff(
        "petugas"
    )


def test_finishing_a_meeting_closes_the_appointment(bappebti, staff, day):
    desk = staff("resepsionis")
    appointment = booked(bappebti, actor=desk, start=local(bappebti, day, 9))
    finish_visit(check_in(appointment, actor=desk), actor=desk)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.SELESAI


def test_walk_in_complaint_is_registered_and_linked(bappebti, staff, day):
    desk = staff("resepsionis")
    visit = record_walk_in(bappebti, actor=desk, data=WalkInInput(name="Budi"))
    complaint = register_visit_complaint(
        visit,
        actor=desk,
        data=ComplaintInput(
            kind="pengaduan",
            channel="langsung",
            what="Pialang tidak mengembalikan dana.",
            reporter=ReporterInput(name="Budi"),
        ),
    )
    visit.refresh_from_db()
    assert visit.complaint == complaint
    assert complaint.channel == "langsung"
    with pytest.raises(DomainError):
        register_visit_complaint(
            visit,
            actor=desk,
            data=ComplaintInput(kind="pengaduan", channel="langsung", what="x"),
        )


def test_a_double_click_registers_the_visitors_complaint_once(bappebti, staff, day):
    # given a walk-in, and the same visit as a second click still sees it
    desk = staff("resepsionis")
    visit = record_walk_in(bappebti, actor=desk, data=WalkInInput(name="Budi"))
    stale = type(visit).objects.get(pk=visit.pk)
    data = ComplaintInput(
        kind="pengaduan",
        channel="langsung",
        what="Pialang tidak mengembalikan dana.",
        reporter=ReporterInput(name="Budi"),
    )
    first = register_visit_complaint(visit, actor=desk, data=data)
    # when the second click arrives
    with pytest.raises(DomainError) as caught:
        register_visit_complaint(stale, actor=desk, data=data)
    # then it registers nothing: one complaint, linked to the visit
    assert "sudah dicatat" in caught.value.message
    assert Complaint.objects.get() == first
    stale.refresh_from_db()
    assert stale.complaint == first


def test_schedule_per_officer_and_handed_over(bappebti, staff, day):
    # given two meetings with the officer, one without an officer, one walk-in
    desk, officer = staff("resepsionis"), staff("petugas")
    booked(
        bappebti, actor=desk, start=local(bappebti, day, 10), officer=officer, name="B"
    )
    booked(
        bappebti, actor=desk, start=local(bappebti, day, 9), officer=officer, name="A"
    )
    booked(bappebti, actor=desk, start=local(bappebti, day, 9), name="Tanpa petugas")
    walk_in = record_walk_in(bappebti, actor=desk, data=WalkInInput(name="W"))
    call_visitor(walk_in, actor=desk, officer=officer)
    # when the schedules are drawn up
    schedules = dict(
        (who.username if who else None, [i.name for i in items])
        for who, items in officer_schedules(bappebti, day)
    )
    # then the officer's list is in time order with the walk-in after, and the
    # unassigned meeting is listed apart
    assert schedules == {"000-petugas": ["A", "B", "W"], None: ["Tanpa petugas"]}
    # when the receptionist hands it over
    assert hand_schedule(bappebti, actor=desk, officer=officer, day=day) == 1
    text = Notification.objects.get(user=officer).text
    assert text == (
        f"Jadwal {dates.format_date(day)}: 2 janji temu. 09.00 WIB A, 10.00 WIB B"
    )


def test_deflections_are_counted_per_day(bappebti, staff, day, monkeypatch):
    faq = save_standard_answer(
        bappebti,
        actor=staff("petugas"),
        data=AnswerInput(question="Jam layanan?", answer="08.00-16.00"),
    )
    assert record_deflection(faq) == 1
    assert record_deflection(faq) == 2
    set_clock(monkeypatch, local(bappebti, day + timedelta(days=1), 9))
    assert record_deflection(faq) == 1
    assert deflection_counts(bappebti, day, day + timedelta(days=1)) == {faq.pk: 3}
    hidden = save_standard_answer(
        bappebti,
        actor=staff("petugas"),
        data=AnswerInput(question="Internal", answer="x", is_public=False),
    )
    with pytest.raises(DomainError):
        record_deflection(hidden)
