"""The call console (seed 000 steps 1-6): a call is answered at once, registered as
a complaint, or the formal procedure is explained with the channels for evidence;
every call is kept as a contact."""

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.agencies.models import Agency, SopProfile
from aduan.agencies.selectors import active_profile
from aduan.core.errors import DomainError, ErrorCode
from aduan.frontdesk import clock
from aduan.frontdesk.locks import lock_contact
from aduan.frontdesk.models import (
    AppointmentSource,
    Contact,
    ContactOutcome,
    NoticeKind,
    StandardAnswer,
)
from aduan.frontdesk.script import console_steps
from aduan.frontdesk.selectors import frontdesk_settings
from aduan.frontdesk.services.appointments import (
    AppointmentRequestInput,
    create_request,
)
from aduan.frontdesk.services.common import (
    notice,
    require_desk,
    role_label,
)
from aduan.intake.choices import Channel
from aduan.intake.models import Complaint
from aduan.intake.services import ComplaintInput, ReporterInput, register_complaint
from aduan.notify.models import MessageKind

STEP_SLACK_SECONDS = 60


@dataclass(frozen=True)
class CallInput:
    """What the console sends when a call ends."""

    outcome: str
    caller_name: str = ""
    caller_nik: str = ""
    caller_phone: str = ""
    caller_email: str = ""
    need: str = ""
    kind: str = "permintaan_informasi"
    step_seconds: dict[str, int] = field(default_factory=dict)
    standard_answer_id: int | None = None
    answer_text: str = ""
    preferred_date: date | None = None


@transaction.atomic(durable=True)
def start_call(
    agency: Agency, *, actor: User, channel: str = Channel.TELEPON
) -> Contact:
    """Open a call on the console; its clock starts now."""
    now = clock.now()
    require_desk(actor, agency.pk)
    if channel not in active_profile(agency).channels:
        raise DomainError(
            ErrorCode.INVALID, _("Saluran ini tidak dilayani oleh instansi.")
        )
    return Contact.objects.create(
        agency=agency, channel=channel, agent=actor, started_at=now
    )


def read_back(data: CallInput) -> str:
    """What the officer reads back to the caller (seed 000 step 5)."""
    parts = []
    if data.caller_name:
        parts.append(_("nama %(name)s") % {"name": data.caller_name})
    if data.caller_phone:
        parts.append(_("nomor %(phone)s") % {"phone": data.caller_phone})
    if data.need:
        parts.append(_("keperluan: %(need)s") % {"need": data.need})
    return "; ".join(parts)


def _check_call(data: CallInput, profile: SopProfile) -> None:
    if data.outcome not in ContactOutcome.values:
        raise DomainError(
            ErrorCode.INVALID, _("Pilih hasil panggilan."), field="outcome"
        )
    if data.outcome == ContactOutcome.TERPUTUS:
        return
    # Seed 000 steps 2-3: the caller's identity is recorded and confirmed.
    if not data.caller_name.strip():
        raise DomainError(
            ErrorCode.INVALID, _("Catat nama penelepon."), field="caller_name"
        )
    if data.outcome == ContactOutcome.DIJAWAB:
        if data.kind not in profile.config.get("direct_answer_kinds", []):
            raise DomainError(
                ErrorCode.NOT_ALLOWED,
                _(
                    "Pengaduan tidak dapat dijawab langsung: catat sebagai pengaduan "
                    "atau jelaskan tata caranya."
                ),
                field="kind",
            )
        if data.standard_answer_id is None and not data.answer_text.strip():
            raise DomainError(
                ErrorCode.INVALID,
                _("Pilih jawaban standar atau tulis jawaban yang diberikan."),
                field="answer_text",
            )
    if data.outcome in (ContactOutcome.PENGADUAN, ContactOutcome.JANJI_TEMU):
        if not data.need.strip():
            raise DomainError(
                ErrorCode.INVALID, _("Tulis keperluan penelepon."), field="need"
            )
    if data.outcome in (ContactOutcome.PROSEDUR, ContactOutcome.JANJI_TEMU):
        if not (data.caller_phone or data.caller_email):
            raise DomainError(
                ErrorCode.INVALID,
                _("Catat nomor WhatsApp atau e-mail penelepon untuk dikirimi pesan."),
                field="caller_phone",
            )


def _step_seconds(
    contact: Contact, data: CallInput, profile: SopProfile, now: datetime
) -> dict[str, int]:
    names = {step.name for step in console_steps(profile.config)[0]}
    ceiling = int((now - contact.started_at).total_seconds()) + STEP_SLACK_SECONDS
    return {
        name: min(max(int(seconds), 0), ceiling)
        for name, seconds in data.step_seconds.items()
        if name in names
    }


def finish_call(contact: Contact, *, actor: User, data: CallInput) -> Contact:
    """End a call with its outcome. When it is a complaint, the complaint is
    registered and the call closed in one transaction: a second click waits for the
    first, finds the call closed, and registers nothing."""
    if contact.agent_id != actor.pk:
        raise DomainError(ErrorCode.FORBIDDEN, _("Ini panggilan petugas lain."))
    if contact.finished_at is not None:
        raise DomainError(
            ErrorCode.NOT_ALLOWED, _("Panggilan ini sudah selesai dicatat.")
        )
    profile = active_profile(contact.agency)
    _check_call(data, profile)
    if data.outcome == ContactOutcome.PENGADUAN:
        register_complaint(
            agency=contact.agency,
            actor=actor,
            role=role_label(actor, contact.agency_id),
            data=ComplaintInput(
                kind=data.kind,
                channel=contact.channel,
                what=data.need,
                reporter=ReporterInput(
                    name=data.caller_name,
                    nik=data.caller_nik,
                    phone=data.caller_phone,
                    email=data.caller_email,
                ),
            ),
            link=partial(_close_locked, contact, actor=actor, data=data),
        )
        contact.refresh_from_db()
        return contact
    return _close_call(contact, actor=actor, data=data)


@transaction.atomic(durable=True)
def _close_call(contact: Contact, *, actor: User, data: CallInput) -> Contact:
    return _close_locked(contact, None, actor=actor, data=data)


def _close_locked(
    contact: Contact,
    complaint: Complaint | None,
    *,
    actor: User,
    data: CallInput,
) -> Contact:
    """Close the call in the caller's transaction, holding the call's lock."""
    now = clock.now()
    contact = lock_contact(contact.pk)
    if contact.finished_at is not None:
        raise DomainError(
            ErrorCode.NOT_ALLOWED, _("Panggilan ini sudah selesai dicatat.")
        )
    agency = contact.agency
    profile = active_profile(agency)
    answer = None
    if data.outcome == ContactOutcome.DIJAWAB and data.standard_answer_id:
        answer = StandardAnswer.objects.filter(
            pk=data.standard_answer_id, agency=agency, is_active=True
        ).first()
        if answer is None:
            raise DomainError(
                ErrorCode.INVALID,
                _("Jawaban standar ini tidak ada."),
                field="standard_answer",
            )
        StandardAnswer.objects.filter(pk=answer.pk).update(
            times_used=F("times_used") + 1
        )
    contact.finished_at = now
    contact.duration_seconds = int((now - contact.started_at).total_seconds())
    contact.step_seconds = _step_seconds(contact, data, profile, now)
    contact.caller_name = data.caller_name.strip()
    contact.caller_phone = data.caller_phone
    contact.caller_email = data.caller_email
    contact.need = data.need.strip()
    contact.summary = read_back(data)
    contact.outcome = data.outcome
    contact.standard_answer = answer
    contact.answer_text = data.answer_text.strip()
    contact.complaint = complaint
    if data.outcome == ContactOutcome.JANJI_TEMU:
        # Onsite step 3: by phone, the officer records the request; the time is set
        # after coordinating with the receptionist.
        contact.appointment = create_request(
            agency,
            AppointmentRequestInput(
                name=contact.caller_name,
                purpose=contact.need,
                source=AppointmentSource.TELEPON,
                phone=data.caller_phone,
                email=data.caller_email,
                preferred_date=data.preferred_date,
            ),
            actor=actor,
            now=now,
        )
    contact.save(
        update_fields=[
            "finished_at",
            "duration_seconds",
            "step_seconds",
            "caller_name",
            "caller_phone",
            "caller_email",
            "need",
            "summary",
            "outcome",
            "standard_answer",
            "answer_text",
            "complaint",
            "appointment",
        ]
    )
    if data.outcome == ContactOutcome.PROSEDUR:
        # Seed 000 step 6: the procedure and the profile's channels for evidence.
        notice(
            agency,
            kind=NoticeKind.PROSEDUR,
            context={
                "nama_pelapor": contact.caller_name,
                "tata_cara": procedure_text(agency),
                "saluran_bukti": evidence_channels_text(profile),
            },
            at=now,
            phone=data.caller_phone,
            email=data.caller_email,
            key=f"panggilan-{contact.pk}-{MessageKind.TATA_CARA_PENGADUAN}",
            contact=contact,
        )
    return contact


def evidence_channels_text(profile: SopProfile) -> str:
    """The profile's channels for evidence as people read them."""
    labels = {"whatsapp": "WhatsApp", "email": _("e-mail"), "sms": "SMS"}
    channels = profile.config.get("evidence_channels") or {}
    return ", ".join(f"{labels.get(k, k)} {v}" for k, v in channels.items())


def procedure_text(agency: Agency) -> str:
    """The agency's explanation of the formal procedure, or a general one."""
    return frontdesk_settings(agency).procedure_text.strip() or _(
        "Pengaduan Anda akan ditangani sesuai SOP penanganan pengaduan instansi."
    )


def procedure_message(agency: Agency, profile: SopProfile) -> str:
    """Seed 000 step 6: how a complaint is settled and where to send the evidence
    (what the officer says; the message sent is the outbox's wording)."""
    procedure = procedure_text(agency)
    text = _("%(agency)s: terima kasih atas panggilan Anda. %(procedure)s") % {
        "agency": agency.name,
        "procedure": procedure,
    }
    channels = evidence_channels_text(profile)
    if channels:
        text += " " + _(
            "Kirimkan kronologi dan bukti pendukung melalui %(channels)s."
        ) % {"channels": channels}
    return text
