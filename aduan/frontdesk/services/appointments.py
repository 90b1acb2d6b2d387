"""Appointments for on-site complaints (seed 000, onsite steps 1-5): requested,
scheduled into a slot under its counter's lock, confirmed, moved, cancelled, and
reminded the day before."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.accounts.roles import Role
from aduan.accounts.selectors import has_role
from aduan.agencies.models import Agency
from aduan.agencies.selectors import active_profile
from aduan.core import dates
from aduan.core.errors import DomainError, ErrorCode
from aduan.frontdesk import clock
from aduan.frontdesk.locks import (
    lock_appointment,
    release_slot_place,
    take_slot_place,
)
from aduan.frontdesk.models import (
    HOLDING,
    Appointment,
    AppointmentSource,
    AppointmentStatus,
    NoticeKind,
    PublicNotice,
)
from aduan.frontdesk.selectors import (
    bookable_days,
    find_slot,
    frontdesk_settings,
)
from aduan.frontdesk.services.common import (
    OPEN_STATUSES,
    require_desk,
    tell_complainant,
    tell_staff,
    when_text,
)
from aduan.intake.choices import Channel
from aduan.intake.models import Complaint
from aduan.sla.deadlines import calendar_for


@dataclass(frozen=True)
class AppointmentRequestInput:
    """A request for an on-site meeting from the web, an e-mail, a call or the desk."""

    name: str
    purpose: str
    source: str
    phone: str = ""
    email: str = ""
    preferred_date: date | None = None
    preferred_time: time | None = None
    language: str = "id"  # of the messages to them (id or en)


def create_request(
    agency: Agency,
    data: AppointmentRequestInput,
    *,
    actor: User | None,
    now: datetime,
) -> Appointment:
    """Save a request for a meeting (in the caller's transaction) and acknowledge it."""
    if Channel.LANGSUNG not in active_profile(agency).channels:
        raise DomainError(
            ErrorCode.NOT_ALLOWED, _("Instansi ini tidak melayani pengaduan langsung.")
        )
    if data.source not in AppointmentSource.values:
        raise DomainError(ErrorCode.INVALID, _("Sumber permintaan tidak dikenal."))
    if not data.name.strip():
        raise DomainError(ErrorCode.INVALID, _("Isi nama."), field="name")
    if not data.purpose.strip():
        raise DomainError(
            ErrorCode.INVALID,
            _("Sampaikan maksud, tujuan dan permasalahan yang akan dikonsultasikan."),
            field="purpose",
        )
    if not (data.phone or data.email):
        raise DomainError(
            ErrorCode.INVALID,
            _("Isi nomor telepon/WhatsApp atau e-mail agar jadwal dapat dikirim."),
            field="phone",
        )
    if data.preferred_date is not None:
        first, last = bookable_days(agency, now)
        if not first <= data.preferred_date <= last:
            raise DomainError(
                ErrorCode.INVALID,
                _("Pilih tanggal antara hari ini dan %(last)s.")
                % {"last": dates.format_date(last)},
                field="preferred_date",
            )
        if not calendar_for(agency).is_working_day(data.preferred_date):
            raise DomainError(
                ErrorCode.INVALID,
                _("Tanggal itu bukan hari kerja."),
                field="preferred_date",
            )
    appointment = Appointment.objects.create(
        agency=agency,
        source=data.source,
        name=data.name.strip(),
        phone=data.phone,
        email=data.email,
        purpose=data.purpose.strip(),
        preferred_date=data.preferred_date,
        preferred_time=data.preferred_time,
        language=data.language if data.language in {"id", "en"} else "id",
        manage_token=_new_token(),
        requested_at=now,
        created_by=actor,
    )
    tell_complainant(appointment, NoticeKind.DITERIMA, at=now)
    return appointment


def _new_token() -> str:
    # 192 random bits: the link alone lets its holder cancel or move the meeting.
    return secrets.token_urlsafe(24)


@transaction.atomic(durable=True)
def request_appointment(
    agency: Agency, *, data: AppointmentRequestInput, actor: User | None
) -> Appointment:
    """Record a request for an on-site meeting from the public, an e-mail or a call."""
    now = clock.now()
    if actor is not None:
        require_desk(actor, agency.pk)
    return create_request(agency, data, actor=actor, now=now)


def _check_officer(
    appointment: Appointment, officer: User | None, start: datetime
) -> None:
    if officer is None:
        return
    if not has_role(officer, appointment.agency_id, {Role.PETUGAS}):
        raise DomainError(
            ErrorCode.INVALID, _("Pilih petugas layanan instansi."), field="officer"
        )
    busy = (
        Appointment.objects.filter(
            officer=officer, slot_start=start, status__in=HOLDING
        )
        .exclude(pk=appointment.pk)
        .exists()
    )
    if busy:
        raise DomainError(
            ErrorCode.NOT_ALLOWED,
            _("Petugas ini sudah punya janji temu pada sesi itu."),
            field="officer",
        )


def _move_to_slot(appointment: Appointment, start: datetime, *, now: datetime) -> None:
    """Take a place in the new slot and give back the old one, under the counters'
    locks, in time order so two opposite moves cannot deadlock."""
    agency = appointment.agency
    slot = find_slot(agency, start)
    if slot is None:
        raise DomainError(
            ErrorCode.INVALID,
            _("Pilih salah satu sesi kunjungan yang tersedia."),
            field="start",
        )
    if slot.start <= now:
        raise DomainError(ErrorCode.INVALID, _("Sesi itu sudah lewat."), field="start")
    _first, last = bookable_days(agency, now)
    if dates.local(slot.start, agency.timezone).date() > last:
        raise DomainError(
            ErrorCode.INVALID,
            _("Janji temu paling jauh sampai %(last)s.")
            % {"last": dates.format_date(last)},
            field="start",
        )
    old = appointment.slot_start if appointment.status in HOLDING else None
    if old == slot.start:
        return
    capacity = frontdesk_settings(agency).capacity
    for moment in sorted(m for m in (slot.start, old) if m is not None):
        if moment == slot.start:
            if take_slot_place(agency.pk, moment) > capacity:
                # Raising rolls the place back with the whole transaction.
                raise DomainError(
                    ErrorCode.NOT_ALLOWED,
                    _("Sesi ini sudah penuh. Pilih waktu lain."),
                    field="start",
                )
        else:
            release_slot_place(agency.pk, moment)
    appointment.slot_start = slot.start
    appointment.slot_end = slot.end


def _save_slot(appointment: Appointment, fields: list[str]) -> None:
    try:
        with transaction.atomic():
            appointment.save(update_fields=[*fields, "updated_at"])
    except IntegrityError as error:
        # Another desk gave this officer the same slot a moment ago.
        raise DomainError(
            ErrorCode.NOT_ALLOWED,
            _("Petugas ini sudah punya janji temu pada sesi itu."),
            field="officer",
        ) from error


SLOT_FIELDS = ["status", "slot_start", "slot_end", "officer", "confirmed_at"]


@transaction.atomic(durable=True)
def confirm_appointment(
    appointment: Appointment, *, actor: User, start: datetime, officer: User | None
) -> Appointment:
    """Set the meeting's time and officer (onsite step 2) and tell the complainant."""
    now = clock.now()
    require_desk(actor, appointment.agency_id)
    appointment = lock_appointment(appointment.pk)
    if appointment.status not in OPEN_STATUSES:
        raise DomainError(
            ErrorCode.NOT_ALLOWED, _("Janji temu ini tidak dapat dijadwalkan lagi.")
        )
    moved = (
        appointment.status == AppointmentStatus.DIKONFIRMASI
        and appointment.slot_start != start
    )
    _check_officer(appointment, officer, start)
    _move_to_slot(appointment, start, now=now)
    appointment.officer = officer
    appointment.status = AppointmentStatus.DIKONFIRMASI
    appointment.confirmed_at = now
    _save_slot(appointment, SLOT_FIELDS)
    kind = NoticeKind.PERUBAHAN if moved else NoticeKind.KONFIRMASI
    tell_complainant(appointment, kind, at=now)
    return appointment


@transaction.atomic(durable=True)
def propose_appointment(
    appointment: Appointment, *, actor: User, start: datetime, officer: User | None
) -> Appointment:
    """Offer the complainant a time; the place is held until they answer."""
    now = clock.now()
    require_desk(actor, appointment.agency_id)
    appointment = lock_appointment(appointment.pk)
    if appointment.status not in (
        AppointmentStatus.DIMINTA,
        AppointmentStatus.DIUSULKAN,
    ):
        raise DomainError(
            ErrorCode.NOT_ALLOWED,
            _("Jadwal hanya diusulkan untuk permintaan yang belum dikonfirmasi."),
        )
    _check_officer(appointment, officer, start)
    _move_to_slot(appointment, start, now=now)
    appointment.officer = officer
    appointment.status = AppointmentStatus.DIUSULKAN
    _save_slot(appointment, SLOT_FIELDS)
    tell_complainant(appointment, NoticeKind.USULAN, at=now)
    return appointment


@transaction.atomic(durable=True)
def accept_proposal(appointment: Appointment) -> Appointment:
    """The complainant agrees to the proposed time (on their private link)."""
    now = clock.now()
    appointment = lock_appointment(appointment.pk)
    if appointment.status != AppointmentStatus.DIUSULKAN:
        raise DomainError(ErrorCode.NOT_ALLOWED, _("Tidak ada usulan jadwal."))
    if appointment.slot_start <= now:
        raise DomainError(
            ErrorCode.NOT_ALLOWED,
            _("Waktu yang diusulkan sudah lewat; pilih waktu lain."),
        )
    appointment.status = AppointmentStatus.DIKONFIRMASI
    appointment.confirmed_at = now
    appointment.save(update_fields=["status", "confirmed_at", "updated_at"])
    tell_complainant(appointment, NoticeKind.KONFIRMASI, at=now)
    tell_staff(
        appointment,
        _("%(name)s menyetujui janji temu %(when)s.")
        % {"name": appointment.name, "when": when_text(appointment)},
        at=now,
    )
    return appointment


@transaction.atomic(durable=True)
def reschedule_appointment(
    appointment: Appointment,
    *,
    actor: User | None,
    start: datetime,
    officer: User | None = None,
) -> Appointment:
    """Move a proposed or confirmed meeting to another slot (desk or complainant)."""
    # The complainant (actor None) keeps the officer only if they are free then.
    now = clock.now()
    if actor is not None:
        require_desk(actor, appointment.agency_id)
    appointment = lock_appointment(appointment.pk)
    if appointment.status not in (
        AppointmentStatus.DIUSULKAN,
        AppointmentStatus.DIKONFIRMASI,
    ):
        raise DomainError(
            ErrorCode.NOT_ALLOWED, _("Janji temu ini tidak dapat dipindahkan.")
        )
    if appointment.slot_start == start:
        raise DomainError(
            ErrorCode.INVALID, _("Pilih sesi yang berbeda."), field="start"
        )
    chosen = officer if actor is not None and officer is not None else None
    if chosen is None and appointment.officer_id:
        chosen = appointment.officer
        if actor is None:
            busy = (
                Appointment.objects.filter(
                    officer=chosen, slot_start=start, status__in=HOLDING
                )
                .exclude(pk=appointment.pk)
                .exists()
            )
            chosen = None if busy else chosen
    _check_officer(appointment, chosen, start)
    _move_to_slot(appointment, start, now=now)
    appointment.officer = chosen
    appointment.status = AppointmentStatus.DIKONFIRMASI
    appointment.confirmed_at = now
    _save_slot(appointment, SLOT_FIELDS)
    tell_complainant(appointment, NoticeKind.PERUBAHAN, at=now)
    if actor is None:
        tell_staff(
            appointment,
            _("%(name)s memindahkan janji temu ke %(when)s.")
            % {"name": appointment.name, "when": when_text(appointment)},
            at=now,
        )
    return appointment


@transaction.atomic(durable=True)
def cancel_appointment(
    appointment: Appointment, *, actor: User | None, reason: str = ""
) -> Appointment:
    """Cancel a meeting, by the desk (with a reason) or by the complainant."""
    now = clock.now()
    if actor is not None:
        require_desk(actor, appointment.agency_id)
        if not reason.strip():
            raise DomainError(
                ErrorCode.REASON_REQUIRED, _("Alasan wajib diisi."), field="reason"
            )
    appointment = lock_appointment(appointment.pk)
    if appointment.status not in OPEN_STATUSES:
        raise DomainError(
            ErrorCode.NOT_ALLOWED, _("Janji temu ini tidak dapat dibatalkan lagi.")
        )
    if appointment.status in HOLDING and appointment.slot_start:
        release_slot_place(appointment.agency_id, appointment.slot_start)
    appointment.status = AppointmentStatus.DIBATALKAN
    appointment.cancelled_at = now
    appointment.cancelled_by_public = actor is None
    appointment.cancel_reason = reason.strip()[:300]
    appointment.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancelled_by_public",
            "cancel_reason",
            "updated_at",
        ]
    )
    tell_complainant(appointment, NoticeKind.PEMBATALAN, at=now)
    if actor is None:
        tell_staff(
            appointment,
            _("%(name)s membatalkan janji temu.") % {"name": appointment.name},
            at=now,
        )
    return appointment


@transaction.atomic(durable=True)
def mark_no_show(appointment: Appointment, *, actor: User) -> Appointment:
    """The complainant did not come to a confirmed meeting."""
    now = clock.now()
    require_desk(actor, appointment.agency_id)
    appointment = lock_appointment(appointment.pk)
    if appointment.status != AppointmentStatus.DIKONFIRMASI:
        raise DomainError(
            ErrorCode.NOT_ALLOWED, _("Hanya janji temu terkonfirmasi yang belum hadir.")
        )
    if appointment.slot_start > now:
        raise DomainError(ErrorCode.NOT_ALLOWED, _("Waktu janji temu belum tiba."))
    appointment.status = AppointmentStatus.TIDAK_HADIR
    appointment.save(update_fields=["status", "updated_at"])
    return appointment


def send_due_reminders(*, now: datetime) -> int:
    """Remind each complainant the day before their confirmed meeting, once."""
    # Each reminder is its own transaction whose PublicNotice row and outbox key are
    # unique per appointment and slot: a worker killed half-way and run again sends
    # none twice, and a meeting moved to another day is reminded again for the new
    # day.
    sent = 0
    candidates = Appointment.objects.filter(
        status=AppointmentStatus.DIKONFIRMASI,
        slot_start__gt=now,
        slot_start__lt=now + timedelta(days=2),
    ).select_related("agency")
    for appointment in candidates:
        agency = appointment.agency
        local_now = dates.local(now, agency.timezone)
        slot_day = dates.local(appointment.slot_start, agency.timezone).date()
        if slot_day - timedelta(days=1) != local_now.date():
            continue
        # Not in the middle of the night: from the office's opening hour on.
        if local_now.time() < agency.opens_at:
            continue
        sent += _remind(appointment.pk, now=now)
    return sent


def _remind(pk: int, *, now: datetime) -> int:
    try:
        with transaction.atomic():
            appointment = lock_appointment(pk)
            if appointment.status != AppointmentStatus.DIKONFIRMASI:
                return 0
            before = PublicNotice.objects.filter(
                appointment=appointment,
                kind=NoticeKind.PENGINGAT,
                slot_start=appointment.slot_start,
            ).exists()
            if before:
                return 0
            tell_complainant(appointment, NoticeKind.PENGINGAT, at=now)
    except IntegrityError:
        return 0
    return 1


@transaction.atomic(durable=True)
def request_from_complaint(complaint: Complaint, *, actor: User) -> Appointment:
    """Make an e-mail the ingest filed as a complaint into a meeting request."""
    now = clock.now()
    require_desk(actor, complaint.agency_id)
    if complaint.appointments.exists():
        raise DomainError(
            ErrorCode.NOT_ALLOWED, _("Janji temu untuk pesan ini sudah dicatat.")
        )
    reporter = complaint.reporter
    appointment = create_request(
        complaint.agency,
        AppointmentRequestInput(
            name=(reporter.name if reporter else "") or _("(tanpa nama)"),
            purpose=complaint.what,
            source=AppointmentSource.EMAIL,
            phone=reporter.phone if reporter else "",
            email=reporter.email if reporter else "",
            language=complaint.language,
        ),
        actor=actor,
        now=now,
    )
    appointment.complaint = complaint
    appointment.save(update_fields=["complaint", "updated_at"])
    return appointment
