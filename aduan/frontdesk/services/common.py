"""Shared by the front desk's services: who may act, and messages to the public."""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.accounts.roles import INTAKE_ROLES
from aduan.accounts.selectors import has_role, roles_of
from aduan.agencies.models import Agency
from aduan.agencies.selectors import active_profile
from aduan.core import dates
from aduan.core.errors import DomainError, ErrorCode
from aduan.frontdesk.models import (
    Appointment,
    AppointmentStatus,
    Contact,
    NoticeKind,
    PublicNotice,
)
from aduan.frontdesk.selectors import frontdesk_settings
from aduan.notify.models import MessageChannel, MessageKind
from aduan.notify.services import MONTHS_EN, enqueue_public_message, notify_users

OPEN_STATUSES = (
    AppointmentStatus.DIMINTA,
    AppointmentStatus.DIUSULKAN,
    AppointmentStatus.DIKONFIRMASI,
)


def require(actor: User, agency_id: int, roles, message: str) -> None:
    """Refuse unless the actor holds one of the roles in the agency."""
    if not has_role(actor, agency_id, roles):
        raise DomainError(ErrorCode.FORBIDDEN, message)


def require_desk(actor: User, agency_id: int) -> None:
    """Refuse unless the actor works at the desk (petugas or resepsionis)."""
    require(actor, agency_id, INTAKE_ROLES, _("Hanya petugas layanan dan resepsionis."))


def role_label(actor: User, agency_id: int) -> str:
    """The actor's roles as the timeline records them."""
    return ",".join(sorted(roles_of(actor, agency_id)))


# The outbox kind of each front-desk message.
MESSAGE_KINDS = {
    NoticeKind.DITERIMA: MessageKind.JANJI_TEMU_DITERIMA,
    NoticeKind.USULAN: MessageKind.JANJI_TEMU_DIUSULKAN,
    NoticeKind.KONFIRMASI: MessageKind.JANJI_TEMU_DIKONFIRMASI,
    NoticeKind.PERUBAHAN: MessageKind.JANJI_TEMU_DIPINDAH,
    NoticeKind.PEMBATALAN: MessageKind.JANJI_TEMU_DIBATALKAN,
    NoticeKind.PENGINGAT: MessageKind.JANJI_TEMU_PENGINGAT,
    NoticeKind.PROSEDUR: MessageKind.TATA_CARA_PENGADUAN,
}
PHONE_CHANNELS = (MessageChannel.SMS.value, MessageChannel.WHATSAPP.value)


def contact_channel(agency: Agency, *, phone: str, email: str) -> tuple[str, str]:
    """(channel, address) for a member of the public: e-mail when they gave one,
    else their phone on the first phone channel the profile's answers.ticket_by
    names (SMS when it names none); ("", "") with neither."""
    if email:
        return MessageChannel.EMAIL.value, email
    if not phone:
        return "", ""
    ticket_by = (active_profile(agency).config.get("answers") or {}).get("ticket_by")
    chosen = [c for c in ticket_by or [] if c in PHONE_CHANNELS]
    return (chosen[0] if chosen else MessageChannel.SMS.value), phone


def notice(
    agency: Agency,
    *,
    kind: str,
    context: dict[str, str],
    at: datetime,
    phone: str,
    email: str,
    key: str,
    language: str = "id",
    appointment: Appointment | None = None,
    contact: Contact | None = None,
) -> PublicNotice | None:
    """Queue a message to a member of the public in the outbox of aduan.notify (in
    the caller's transaction) and keep which appointment or call it was about.
    Nothing when they gave no address; the outbox keeps one row per key."""
    channel, recipient = contact_channel(agency, phone=phone, email=email)
    if not channel:
        return None
    message = enqueue_public_message(
        agency,
        kind=MESSAGE_KINDS[kind],
        channel=channel,
        to=recipient,
        language=language,
        context=context,
        at=at,
        idempotency_key=key,
    )
    return PublicNotice.objects.create(
        agency=agency,
        appointment=appointment,
        contact=contact,
        kind=kind,
        channel=channel,
        recipient=recipient,
        text=message.body_text,
        slot_start=appointment.slot_start if appointment else None,
        created_at=at,
        message=message,
    )


def manage_url(appointment: Appointment) -> str:
    """The complainant's private link to their appointment."""
    return settings.SITE_URL.rstrip("/") + reverse(
        "frontdesk:public-appointment", args=[appointment.manage_token]
    )


def when_text(appointment: Appointment, language: str = "id") -> str:
    """The meeting's date and time as people write them."""
    tz = appointment.agency.timezone
    if language == "en":
        day = dates.local(appointment.slot_start, tz).date()
        month = MONTHS_EN[day.month - 1]
        return f"{day.day} {month} {day.year}, {dates.format_time(appointment.slot_start, tz)}"
    return dates.format_datetime(appointment.slot_start, tz)


def where_text(agency: Agency) -> str:
    """Where the meeting takes place."""
    return frontdesk_settings(agency).location or agency.address or agency.name


def _slot_key(appointment: Appointment) -> str:
    slot = appointment.slot_start
    return f"{slot.timestamp():.0f}" if slot else "-"


def tell_complainant(appointment: Appointment, kind: str, *, at: datetime) -> None:
    """Send the person the message of one kind about their appointment.

    The outbox key names the event: the appointment, the kind, the slot and, except
    for the reminder (once per slot), how many messages the appointment had before;
    the same message as the last one (a re-confirmed slot, a proposal made twice) is
    not sent again.
    """
    last = appointment.notices.order_by("-created_at", "-id").first()
    if last and (last.kind, last.slot_start) == (kind, appointment.slot_start):
        return
    language = appointment.language if appointment.language in {"id", "en"} else "id"
    reason = appointment.cancel_reason if not appointment.cancelled_by_public else ""
    if reason:
        label = "Reason" if language == "en" else "Alasan"
        reason = f"{label}: {reason}"
    context = {
        "nama_pelapor": appointment.name,
        "waktu_janji": when_text(appointment, language)
        if appointment.slot_start
        else "",
        "tempat_janji": where_text(appointment.agency),
        "tautan_janji": manage_url(appointment),
        "alasan": reason,
    }
    key = f"janji-{appointment.pk}-{MESSAGE_KINDS[kind]}-{_slot_key(appointment)}"
    if kind != NoticeKind.PENGINGAT:
        key += f"-{appointment.notices.count()}"
    notice(
        appointment.agency,
        kind=kind,
        context=context,
        at=at,
        phone=appointment.phone,
        email=appointment.email,
        key=key,
        language=language,
        appointment=appointment,
    )


def tell_staff(appointment: Appointment, text: str, *, at: datetime) -> None:
    """Tell the officer (or, with none yet, the desk) what the complainant changed."""
    if appointment.officer_id:
        users = User.objects.filter(pk=appointment.officer_id)
    else:
        users = User.objects.filter(
            memberships__agency_id=appointment.agency_id,
            memberships__role__in=list(INTAKE_ROLES),
            is_active=True,
        ).distinct()
    notify_users(users, text=text, at=at)
