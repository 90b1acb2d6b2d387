"""Shared by the front desk's services: who may act, and messages to the public."""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.accounts.roles import INTAKE_ROLES
from aduan.accounts.selectors import has_role, roles_of
from aduan.agencies.models import Agency
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
from aduan.notify.services import notify_users

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


def notice(
    agency: Agency,
    *,
    kind: str,
    text: str,
    at: datetime,
    phone: str,
    email: str,
    appointment: Appointment | None = None,
    contact: Contact | None = None,
) -> PublicNotice | None:
    """Keep a message to a member of the public, by e-mail if given, else WhatsApp."""
    # The outbox of aduan.notify is about complaints (enqueue_message needs one), so
    # front-desk messages are kept here, as sent, for delivery to pick up.
    if email:
        channel, recipient = "email", email
    elif phone:
        channel, recipient = "whatsapp", phone
    else:
        return None
    return PublicNotice.objects.create(
        agency=agency,
        appointment=appointment,
        contact=contact,
        kind=kind,
        channel=channel,
        recipient=recipient,
        text=text,
        slot_start=appointment.slot_start if appointment else None,
        created_at=at,
    )


def manage_url(appointment: Appointment) -> str:
    """The complainant's private link to their appointment."""
    return settings.SITE_URL.rstrip("/") + reverse(
        "frontdesk:public-appointment", args=[appointment.manage_token]
    )


def when_text(appointment: Appointment) -> str:
    """The meeting's date and time as people write them."""
    return dates.format_datetime(appointment.slot_start, appointment.agency.timezone)


def where_text(agency: Agency) -> str:
    """Where the meeting takes place."""
    return frontdesk_settings(agency).location or agency.address or agency.name


def tell_complainant(appointment: Appointment, kind: str, *, at: datetime) -> None:
    """Send the complainant the message of one kind about their appointment."""
    values = {
        "agency": appointment.agency.name,
        "when": when_text(appointment) if appointment.slot_start else "",
        "where": where_text(appointment.agency),
        "link": manage_url(appointment),
    }
    texts = {
        NoticeKind.DITERIMA: _(
            "%(agency)s: permintaan janji temu Anda sudah kami terima. Petugas akan "
            "mengatur waktu temu dan mengabari Anda. Lihat atau batalkan: %(link)s"
        ),
        NoticeKind.USULAN: _(
            "%(agency)s mengusulkan janji temu pada %(when)s di %(where)s. Setujui, "
            "pilih waktu lain, atau batalkan: %(link)s"
        ),
        NoticeKind.KONFIRMASI: _(
            "%(agency)s: janji temu Anda dikonfirmasi pada %(when)s di %(where)s. "
            "Ubah atau batalkan: %(link)s"
        ),
        NoticeKind.PERUBAHAN: _(
            "%(agency)s: janji temu Anda dipindahkan ke %(when)s di %(where)s. "
            "Ubah atau batalkan: %(link)s"
        ),
        NoticeKind.PEMBATALAN: _("%(agency)s: janji temu Anda dibatalkan."),
        NoticeKind.PENGINGAT: _(
            "Pengingat dari %(agency)s: janji temu Anda besok, %(when)s di %(where)s. "
            "Bawa KTP dan bukti pendukung. Ubah atau batalkan: %(link)s"
        ),
    }
    notice(
        appointment.agency,
        kind=kind,
        text=texts[kind] % values,
        at=at,
        phone=appointment.phone,
        email=appointment.email,
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
