"""The reception desk: arrivals with and without appointment, the queue, and each
officer's schedule for the day (onsite steps 2-5)."""

from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aduan.accounts.models import User
from aduan.accounts.roles import Role
from aduan.accounts.selectors import has_role
from aduan.agencies.models import Agency
from aduan.core import dates
from aduan.core.errors import DomainError, ErrorCode
from aduan.frontdesk import clock
from aduan.frontdesk.locks import (
    lock_appointment,
    lock_visit,
    next_queue_number,
)
from aduan.frontdesk.models import (
    Appointment,
    AppointmentStatus,
    Visit,
    VisitStatus,
)
from aduan.frontdesk.selectors import (
    local_today,
    officer_schedules,
)
from aduan.frontdesk.services.common import (
    require_desk,
    role_label,
)
from aduan.intake.models import Complaint
from aduan.intake.services import ComplaintInput, register_complaint
from aduan.notify.services import notify_users


@dataclass(frozen=True)
class WalkInInput:
    name: str
    phone: str = ""
    purpose: str = ""


def _new_visit(agency: Agency, *, actor: User, now: datetime, **fields) -> Visit:
    day = local_today(agency, now)
    # The queue counter serialises arrivals at the desk: take it last.
    number = next_queue_number(agency.pk, day)
    return Visit.objects.create(
        agency=agency,
        day=day,
        queue_number=number,
        arrived_at=now,
        recorded_by=actor,
        **fields,
    )


@transaction.atomic(durable=True)
def check_in(appointment: Appointment, *, actor: User) -> Visit:
    """The visitor with an appointment has arrived: a queue number, the officer told."""
    now = clock.now()
    require_desk(actor, appointment.agency_id)
    appointment = lock_appointment(appointment.pk)
    if appointment.status != AppointmentStatus.DIKONFIRMASI:
        raise DomainError(
            ErrorCode.NOT_ALLOWED,
            _("Hanya janji temu terkonfirmasi yang dapat dicatat hadir."),
        )
    agency = appointment.agency
    if dates.local(appointment.slot_start, agency.timezone).date() != local_today(
        agency, now
    ):
        raise DomainError(
            ErrorCode.NOT_ALLOWED, _("Janji temu ini bukan untuk hari ini.")
        )
    appointment.status = AppointmentStatus.HADIR
    appointment.save(update_fields=["status", "updated_at"])
    visit = _new_visit(
        agency,
        actor=actor,
        now=now,
        appointment=appointment,
        name=appointment.name,
        phone=appointment.phone,
        purpose=appointment.purpose,
        officer=appointment.officer,
    )
    if appointment.officer_id:
        notify_users(
            [appointment.officer],
            text=_("Tamu janji temu %(time)s sudah hadir: %(name)s (antrean %(q)s).")
            % {
                "time": dates.format_time(appointment.slot_start, agency.timezone),
                "name": appointment.name,
                "q": visit.queue_label,
            },
            at=now,
        )
    return visit


@transaction.atomic(durable=True)
def record_walk_in(agency: Agency, *, actor: User, data: WalkInInput) -> Visit:
    """Take in someone who came without an appointment, with a queue number."""
    # Onsite step 2: "akan diterima Resepsionis".
    now = clock.now()
    require_desk(actor, agency.pk)
    if not data.name.strip():
        raise DomainError(ErrorCode.INVALID, _("Isi nama tamu."), field="name")
    return _new_visit(
        agency,
        actor=actor,
        now=now,
        name=data.name.strip(),
        phone=data.phone,
        purpose=data.purpose.strip(),
    )


@transaction.atomic(durable=True)
def call_visitor(visit: Visit, *, actor: User, officer: User | None) -> Visit:
    """Call a waiting visitor to an officer; their waiting time ends now."""
    now = clock.now()
    require_desk(actor, visit.agency_id)
    visit = lock_visit(visit.pk)
    if visit.status != VisitStatus.MENUNGGU:
        raise DomainError(ErrorCode.NOT_ALLOWED, _("Tamu ini tidak sedang menunggu."))
    officer = officer or visit.officer
    if officer is None and has_role(actor, visit.agency_id, {Role.PETUGAS}):
        officer = actor
    if officer is None or not has_role(officer, visit.agency_id, {Role.PETUGAS}):
        raise DomainError(
            ErrorCode.INVALID, _("Pilih petugas yang melayani."), field="officer"
        )
    visit.status = VisitStatus.DILAYANI
    visit.called_at = now
    visit.officer = officer
    visit.save(update_fields=["status", "called_at", "officer"])
    return visit


@transaction.atomic(durable=True)
def finish_visit(visit: Visit, *, actor: User) -> Visit:
    """The visitor was served; an appointment is done with it."""
    now = clock.now()
    require_desk(actor, visit.agency_id)
    visit = lock_visit(visit.pk)
    if visit.status not in (VisitStatus.MENUNGGU, VisitStatus.DILAYANI):
        raise DomainError(ErrorCode.NOT_ALLOWED, _("Kunjungan ini sudah selesai."))
    visit.called_at = visit.called_at or now
    visit.status = VisitStatus.SELESAI
    visit.finished_at = now
    visit.save(update_fields=["status", "called_at", "finished_at"])
    if visit.appointment_id:
        appointment = lock_appointment(visit.appointment_id)
        appointment.status = AppointmentStatus.SELESAI
        appointment.save(update_fields=["status", "updated_at"])
    return visit


def register_visit_complaint(
    visit: Visit, *, actor: User, data: ComplaintInput
) -> Complaint:
    """Register the visitor's complaint and link it to the visit, in one
    transaction: a second click waits for the first and registers nothing."""
    require_desk(actor, visit.agency_id)
    if visit.complaint_id is not None:
        raise DomainError(ErrorCode.NOT_ALLOWED, _("Pengaduan tamu ini sudah dicatat."))
    return register_complaint(
        agency=visit.agency,
        data=data,
        actor=actor,
        role=role_label(actor, visit.agency_id),
        link=partial(_link_complaint, visit.pk),
    )


def _link_complaint(visit_id: int, complaint: Complaint) -> None:
    visit = lock_visit(visit_id)
    if visit.complaint_id is not None:
        raise DomainError(ErrorCode.NOT_ALLOWED, _("Pengaduan tamu ini sudah dicatat."))
    visit.complaint = complaint
    visit.save(update_fields=["complaint"])
    if visit.appointment_id:
        Appointment.objects.filter(pk=visit.appointment_id).update(complaint=complaint)


@transaction.atomic(durable=True)
def hand_schedule(agency: Agency, *, actor: User, officer: User, day: date) -> int:
    """Give an officer the day's schedule (onsite step 4) as a notice in Aduan."""
    now = clock.now()
    require_desk(actor, agency.pk)
    if not has_role(officer, agency.pk, {Role.PETUGAS}):
        raise DomainError(ErrorCode.INVALID, _("Pilih petugas layanan instansi."))
    items = officer_schedules(agency, day, officer_id=officer.pk)
    rows = items[0][1] if items else []
    meetings = sum(1 for item in rows if not item.is_walk_in)
    text = ngettext(
        "Jadwal %(day)s: %(n)s janji temu.",
        "Jadwal %(day)s: %(n)s janji temu.",
        meetings,
    ) % {"day": dates.format_date(day), "n": meetings}
    times = ", ".join(
        f"{dates.format_time(item.start, agency.timezone)} {item.name}"
        for item in rows
        if item.start
    )
    return notify_users([officer], text=f"{text} {times}".strip(), at=now)
