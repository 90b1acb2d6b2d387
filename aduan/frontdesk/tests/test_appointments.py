"""Appointments: slots and their capacity, propose/confirm, move, cancel, reminders."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from aduan.core.errors import DomainError, ErrorCode
from aduan.frontdesk.models import (
    Appointment,
    AppointmentSource,
    AppointmentStatus,
    NoticeKind,
    PublicNotice,
    SlotCounter,
)
from aduan.frontdesk.selectors import free_slots, slots_of_day
from aduan.frontdesk.services import (
    AppointmentRequestInput,
    accept_proposal,
    cancel_appointment,
    confirm_appointment,
    mark_no_show,
    propose_appointment,
    request_appointment,
    reschedule_appointment,
    send_due_reminders,
)
from aduan.frontdesk.tasks import send_appointment_reminders
from aduan.frontdesk.tests.factories import booked, local, set_clock, visiting_day
from aduan.notify.models import Notification
from aduan.sla.management.commands.schedule_tasks import PERIODIC
from aduan.sla.models import CalendarDay


@pytest.fixture
def day(bappebti, monkeypatch) -> date:
    """A visiting day; the clock stands at 08.00 that morning."""
    chosen = visiting_day(bappebti, timezone.localdate())
    set_clock(monkeypatch, local(bappebti, chosen, 8))
    return chosen


def taken(agency, start) -> int:
    row = SlotCounter.objects.filter(agency=agency, start=start).first()
    return row.taken if row else 0


def request(agency, **overrides) -> Appointment:
    data = {
        "name": "Dewi Lestari",
        "purpose": "Konsultasi kerugian transaksi berjangka.",
        "source": AppointmentSource.WEBSITE,
        "email": "dewi@example.com",
    }
    data.update(overrides)
    return request_appointment(agency, actor=None, data=AppointmentRequestInput(**data))


def kinds(appointment) -> list[str]:
    return list(appointment.notices.values_list("kind", flat=True))


def test_slots_follow_visiting_and_office_hours(bappebti, day):
    # when the day's slots are listed (visits 09.00-15.00, 30 minutes, 2 places)
    slots = slots_of_day(bappebti, day)
    # then they start at 09.00 and the last one ends at 15.00
    assert slots[0].start == local(bappebti, day, 9)
    assert slots[-1].end == local(bappebti, day, 15)
    assert len(slots) == 12
    assert {s.left for s in slots} == {2}
    # and a day off has none
    CalendarDay.objects.create(agency=bappebti, day=day, note="Libur lokal")
    bappebti.__dict__.pop("_work_calendar", None)
    assert slots_of_day(bappebti, day) == []


def test_request_is_acknowledged_with_the_private_link(bappebti, day):
    # when a citizen asks for a meeting on the web
    appointment = request(bappebti, preferred_date=day)
    # then it waits for the desk, and the citizen gets the link by e-mail
    assert appointment.status == AppointmentStatus.DIMINTA
    assert len(appointment.manage_token) >= 32
    notice = appointment.notices.get()
    assert notice.kind == NoticeKind.DITERIMA
    assert notice.channel == "email"
    assert f"/janji-temu/{appointment.manage_token}/" in notice.text


def test_request_needs_a_way_to_send_the_schedule(bappebti, day):
    with pytest.raises(DomainError) as caught:
        request(bappebti, email="")
    assert caught.value.field == "phone"
    assert Appointment.objects.count() == 0


def test_request_for_a_day_off_is_refused(bappebti, day):
    saturday = day + timedelta(days=(5 - day.weekday()) % 7)
    with pytest.raises(DomainError) as caught:
        request(bappebti, preferred_date=saturday)
    assert caught.value.field == "preferred_date"


def test_confirm_takes_a_place_and_tells_the_complainant(bappebti, staff, day):
    # given a request
    officer = staff("petugas")
    appointment = request(bappebti)
    start = local(bappebti, day, 10)
    # when the officer confirms 10.00 with himself
    appointment = confirm_appointment(
        appointment, actor=officer, start=start, officer=officer
    )
    # then the slot has one place taken and the complainant is told when and where
    assert appointment.status == AppointmentStatus.DIKONFIRMASI
    assert appointment.slot_end == local(bappebti, day, 10, 30)
    assert taken(bappebti, start) == 1
    confirmation = appointment.notices.get(kind=NoticeKind.KONFIRMASI)
    assert "10.00 WIB" in confirmation.text
    assert "Lantai 2 Gedung Bappebti" in confirmation.text


@pytest.mark.parametrize(
    ("hour", "minute", "message"),
    [
        (8, 30, "Pilih salah satu sesi"),  # before visiting hours
        (10, 15, "Pilih salah satu sesi"),  # not the start of a slot
        (15, 0, "Pilih salah satu sesi"),  # would end after 15.00
    ],
)
def test_confirm_only_into_a_real_slot(bappebti, staff, day, hour, minute, message):
    appointment = request(bappebti)
    with pytest.raises(DomainError) as caught:
        confirm_appointment(
            appointment,
            actor=staff("petugas"),
            start=local(bappebti, day, hour, minute),
            officer=None,
        )
    assert message in caught.value.message
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.DIMINTA
    assert SlotCounter.objects.count() == 0


def test_a_past_slot_cannot_be_booked(bappebti, staff, day, monkeypatch):
    set_clock(monkeypatch, local(bappebti, day, 11))
    with pytest.raises(DomainError) as caught:
        confirm_appointment(
            request(bappebti),
            actor=staff("petugas"),
            start=local(bappebti, day, 10),
            officer=None,
        )
    assert caught.value.message == "Sesi itu sudah lewat."


def test_a_full_slot_refuses_the_third_and_changes_nothing(bappebti, staff, day):
    # given a slot with its two places taken
    officer = staff("petugas")
    start = local(bappebti, day, 9)
    booked(bappebti, actor=officer, start=start, name="A")
    booked(bappebti, actor=officer, start=start, name="B")
    third = request(bappebti, name="C")
    # when a third visitor is confirmed into it
    with pytest.raises(DomainError) as caught:
        confirm_appointment(third, actor=officer, start=start, officer=None)
    # then it is refused and the counter is unchanged
    assert caught.value.message == "Sesi ini sudah penuh. Pilih waktu lain."
    assert taken(bappebti, start) == 2
    third.refresh_from_db()
    assert third.status == AppointmentStatus.DIMINTA
    assert kinds(third) == [NoticeKind.DITERIMA]
    assert start not in [
        s.start
        for _day, slots in free_slots(bappebti, now=local(bappebti, day, 8))
        for s in slots
    ]


def test_an_officer_meets_one_visitor_per_slot(bappebti, staff, day):
    officer = staff("petugas")
    start = local(bappebti, day, 9)
    booked(bappebti, actor=officer, start=start, officer=officer)
    with pytest.raises(DomainError) as caught:
        booked(bappebti, actor=officer, start=start, officer=officer, name="B")
    assert caught.value.field == "officer"
    assert taken(bappebti, start) == 1


def test_proposal_holds_the_place_until_accepted(bappebti, staff, day):
    # given a request and the officer's proposal of 13.00
    officer = staff("petugas")
    start = local(bappebti, day, 13)
    appointment = propose_appointment(
        request(bappebti), actor=officer, start=start, officer=officer
    )
    assert appointment.status == AppointmentStatus.DIUSULKAN
    assert taken(bappebti, start) == 1
    # when the complainant accepts on the private link
    appointment = accept_proposal(appointment)
    # then it is confirmed, and the officer hears of it
    assert appointment.status == AppointmentStatus.DIKONFIRMASI
    assert kinds(appointment) == ["permintaan_diterima", "usulan", "konfirmasi"]
    assert Notification.objects.filter(user=officer).count() == 1
    assert taken(bappebti, start) == 1


def test_desk_reschedule_moves_the_place(bappebti, staff, day):
    # given a confirmed meeting at 09.00
    officer = staff("petugas")
    nine, eleven = local(bappebti, day, 9), local(bappebti, day, 11)
    appointment = booked(bappebti, actor=officer, start=nine, officer=officer)
    # when the desk moves it to 11.00
    appointment = reschedule_appointment(appointment, actor=officer, start=eleven)
    # then the place moved with it, the officer stays, the complainant is told
    assert (taken(bappebti, nine), taken(bappebti, eleven)) == (0, 1)
    assert appointment.officer == officer
    assert appointment.status == AppointmentStatus.DIKONFIRMASI
    assert kinds(appointment)[-1] == NoticeKind.PERUBAHAN


def test_public_reschedule_drops_a_busy_officer(bappebti, staff, day):
    # given the officer's meetings at 09.00 (ours) and 10.00 (someone else's)
    officer = staff("petugas")
    nine, ten = local(bappebti, day, 9), local(bappebti, day, 10)
    ours = booked(bappebti, actor=officer, start=nine, officer=officer)
    booked(bappebti, actor=officer, start=ten, officer=officer, name="Lain")
    # when the complainant moves to 10.00
    ours = reschedule_appointment(ours, actor=None, start=ten)
    # then the meeting moves without an officer, and the desk is told
    assert ours.slot_start == ten
    assert ours.officer is None
    assert taken(bappebti, ten) == 2
    assert Notification.objects.filter(text__contains="memindahkan").exists()


def test_reschedule_into_a_full_slot_keeps_the_old_one(bappebti, staff, day):
    officer = staff("petugas")
    nine, ten = local(bappebti, day, 9), local(bappebti, day, 10)
    ours = booked(bappebti, actor=officer, start=nine)
    booked(bappebti, actor=officer, start=ten, name="B")
    booked(bappebti, actor=officer, start=ten, name="C")
    with pytest.raises(DomainError):
        reschedule_appointment(ours, actor=None, start=ten)
    ours.refresh_from_db()
    assert ours.slot_start == nine
    assert (taken(bappebti, nine), taken(bappebti, ten)) == (1, 2)


def test_cancel_gives_the_place_back_on_both_sides(bappebti, staff, day):
    officer = staff("petugas")
    nine = local(bappebti, day, 9)
    by_public = booked(bappebti, actor=officer, start=nine, name="A")
    by_desk = booked(bappebti, actor=officer, start=nine, name="B")
    # when the complainant cancels, and the desk cancels with a reason
    cancel_appointment(by_public, actor=None)
    with pytest.raises(DomainError) as caught:
        cancel_appointment(by_desk, actor=officer, reason=" ")
    assert caught.value.code is ErrorCode.REASON_REQUIRED
    cancel_appointment(by_desk, actor=officer, reason="Petugas dinas luar")
    # then both places are free again, each complainant was told
    assert taken(bappebti, nine) == 0
    by_public.refresh_from_db()
    assert by_public.cancelled_by_public is True
    assert kinds(by_public)[-1] == NoticeKind.PEMBATALAN
    # and a cancelled meeting cannot be cancelled again
    with pytest.raises(DomainError):
        cancel_appointment(by_public, actor=None)
    assert taken(bappebti, nine) == 0


def test_no_show_only_after_the_time(bappebti, staff, day, monkeypatch):
    officer = staff("petugas")
    appointment = booked(bappebti, actor=officer, start=local(bappebti, day, 9))
    with pytest.raises(DomainError):
        mark_no_show(appointment, actor=officer)
    set_clock(monkeypatch, local(bappebti, day, 9, 45))
    assert mark_no_show(appointment, actor=officer).status == "tidak_hadir"


def test_reminder_the_day_before_is_sent_once(bappebti, staff, monkeypatch):
    # given a meeting booked two visiting days ahead
    officer = staff("petugas")
    first = visiting_day(bappebti, timezone.localdate())
    meeting_day = visiting_day(bappebti, first + timedelta(days=1))
    set_clock(monkeypatch, local(bappebti, first, 8))
    appointment = booked(bappebti, actor=officer, start=local(bappebti, meeting_day, 9))
    eve = meeting_day - timedelta(days=1)
    # when the sweep runs two days before, at dawn the day before, then at 09.00
    # and again at 15.00 the day before
    too_early = local(bappebti, eve - timedelta(days=1), 9)
    assert send_due_reminders(now=too_early) == 0
    assert send_due_reminders(now=local(bappebti, eve, 5)) == 0
    assert send_due_reminders(now=local(bappebti, eve, 9)) == 1
    assert send_due_reminders(now=local(bappebti, eve, 15)) == 0
    # then exactly one reminder went out, for that slot
    reminder = PublicNotice.objects.get(kind=NoticeKind.PENGINGAT)
    assert reminder.appointment == appointment
    assert reminder.slot_start == appointment.slot_start
    assert "besok" in reminder.text


def test_a_moved_meeting_is_reminded_again_and_a_cancelled_one_not(
    bappebti, staff, monkeypatch
):
    officer = staff("petugas")
    first = visiting_day(bappebti, timezone.localdate())
    day_one = visiting_day(bappebti, first + timedelta(days=1))
    day_two = visiting_day(bappebti, day_one)
    set_clock(monkeypatch, local(bappebti, first, 8))
    moved = booked(bappebti, actor=officer, start=local(bappebti, day_one, 9))
    cancelled = booked(bappebti, actor=officer, start=local(bappebti, day_one, 9))
    cancel_appointment(cancelled, actor=None)
    # when the eve of day one passes, then the meeting moves to day two
    assert send_due_reminders(now=local(bappebti, day_one - timedelta(days=1), 10)) == 1
    set_clock(monkeypatch, local(bappebti, day_one, 8))
    reschedule_appointment(moved, actor=None, start=local(bappebti, day_two, 9))
    assert send_due_reminders(now=local(bappebti, day_two - timedelta(days=1), 10)) == 1
    # then the moved meeting had one reminder per slot, the cancelled none
    assert moved.notices.filter(kind=NoticeKind.PENGINGAT).count() == 2
    assert cancelled.notices.filter(kind=NoticeKind.PENGINGAT).count() == 0


def test_the_scheduler_runs_the_reminders():
    # the periodic task list of `schedule_tasks` queues it for db_worker
    assert send_appointment_reminders in PERIODIC
    assert send_appointment_reminders.module_path == (
        "aduan.frontdesk.tasks.send_appointment_reminders"
    )
