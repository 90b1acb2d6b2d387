"""Writes of notify: notices to staff, the outbox of messages to the complainant and
its delivery, and the agencies' message wording (issue E).

Nothing leaves the process inside a transaction: a message is an OutboundMessage row
written in the transaction of the change that causes it, and the delivery task is
queued on commit. Delivery is at least once towards the provider and carries a key
that stays the same on every attempt (see deliver_due).
"""

import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.accounts.roles import Role
from aduan.accounts.selectors import has_role, roles_of
from aduan.agencies.models import Agency, SopProfile
from aduan.core import codes, dates
from aduan.core.errors import DomainError, ErrorCode
from aduan.core.numbering import format_number
from aduan.intake.models import Complaint, Reporter
from aduan.intake.selectors import named_among
from aduan.notify.channels import DeliveryError
from aduan.notify.channels.email import send_email, thread_id_for
from aduan.notify.channels.sms import send_sms
from aduan.notify.channels.whatsapp import send_whatsapp
from aduan.notify.models import (
    DeliveryAttempt,
    MessageChannel,
    MessageKind,
    MessageTemplate,
    Notification,
    OutboundMessage,
    OutboundStatus,
)
from aduan.notify.wording import (
    SMS_GSM_LIMIT,
    Wording,
    default_wording,
    longest_sms,
    render_message,
    wording_errors,
)

logger = logging.getLogger("aduan.notify")

PHONE_CHANNELS = (MessageChannel.SMS, MessageChannel.WHATSAPP)
# Who may look at the outbox of an agency and hand a failed message over again.
OUTBOX_ROLES = frozenset({Role.PETUGAS, Role.RESEPSIONIS, Role.ADMIN})
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def notify_users(
    users: Iterable[User],
    *,
    text: str,
    at: datetime,
    complaint: Complaint | None = None,
) -> int:
    """Put a notice in each user's inbox (in the caller's transaction); never about a
    complaint that names them as a reported employee."""
    people = {user.pk: user for user in users}
    if complaint is not None and people:
        for pk in named_among(complaint, list(people.values())):
            del people[pk]
    rows = Notification.objects.bulk_create(
        Notification(user=user, complaint=complaint, text=text[:300], created_at=at)
        for user in people.values()
    )
    return len(rows)


# --- the outbox -------------------------------------------------------------------


def recipients(
    complaint: Complaint, reporter: Reporter | None, profile: SopProfile
) -> list[tuple[str, str]]:
    """(channel, address) pairs the complainant is told on, or none.

    seed 002 steps 7-9: only a complainant who wants to follow the case, on the
    channels the profile's answers.ticket_by names; a complaint that came in by
    e-mail, SMS or WhatsApp is answered on that channel too. One phone channel at
    most, so nobody gets the same notice by SMS and by WhatsApp.
    """
    if not complaint.wants_updates or reporter is None:
        return []
    ticket_by = list((profile.config.get("answers") or {}).get("ticket_by", []))
    found = []
    if reporter.email and (
        MessageChannel.EMAIL in ticket_by or complaint.channel == MessageChannel.EMAIL
    ):
        found.append((MessageChannel.EMAIL.value, reporter.email))
    if reporter.phone:
        phone_channels = [c for c in ticket_by if c in PHONE_CHANNELS]
        if complaint.channel in PHONE_CHANNELS:
            phone_channels.insert(0, complaint.channel)
        if phone_channels:
            found.append((str(phone_channels[0]), reporter.phone))
    return found


def tracking_url(complaint: Complaint) -> str:
    """The public page of a complaint, on the canonical site address."""
    return settings.SITE_URL.rstrip("/") + reverse(
        "intake:track-detail", args=[complaint.tracking_code]
    )


def _date_text(moment: datetime, tz: str, language: str) -> str:
    day = dates.local(moment, tz).date()
    if language == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return dates.format_date(day)


def message_values(
    complaint: Complaint,
    reporter: Reporter | None,
    *,
    language: str,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """The placeholder values of a complaint's messages."""
    agency = complaint.agency
    anonymous = reporter is None or reporter.is_anonymous or not reporter.name
    fallback = "Complainant" if language == "en" else "Pelapor"
    return {
        "instansi": agency.name,
        "nama_pelapor": fallback if anonymous else reporter.name,
        "nomor_register": complaint.register_number or "",
        "kode_lacak": codes.display(complaint.tracking_code),
        "tanggal_pengaduan": _date_text(
            complaint.received_at, agency.timezone, language
        ),
        "perihal": complaint.subject,
        "layanan": complaint.service_name,
        "hasil": complaint.get_outcome_display() if complaint.outcome else "",
        "tautan_lacak": tracking_url(complaint),
        "kekurangan": "",
        "alasan": "",
        "nomor_surat": "",
        **(extra or {}),
    }


@lru_cache(maxsize=256)
def _default(kind: str, channel: str, language: str) -> Wording:
    return default_wording(kind, channel, language)


def wordings_for(
    agency_id: int, kind: str, language: str, channels: Iterable[str]
) -> dict[str, Wording]:
    """The wording in force per channel: the agency's latest version, else Aduan's
    default; WhatsApp borrows the agency's SMS wording when it has none of its own.
    One query."""
    channels = list(channels)
    wanted = set(channels) | ({"sms"} if "whatsapp" in channels else set())
    rows = (
        MessageTemplate.objects.filter(
            agency_id=agency_id, kind=kind, language=language, channel__in=wanted
        )
        .order_by("channel", "-version")
        .values_list("channel", "subject", "body", "version")
    )
    latest: dict[str, Wording] = {}
    for channel, subject, body, version in rows:
        latest.setdefault(channel, Wording(subject, body, version))
    found = {}
    for channel in channels:
        own = latest.get(channel)
        if own is None and channel == "whatsapp":
            own = latest.get("sms")
        found[channel] = own or _default(kind, channel, language)
    return found


def _language(complaint: Complaint) -> str:
    return complaint.language if complaint.language in {"id", "en"} else "id"


def enqueue_message(
    complaint: Complaint,
    *,
    kind: str,
    at: datetime,
    reporter: Reporter | None = None,
    extra: dict[str, str] | None = None,
) -> list[OutboundMessage]:
    """Write the complainant's messages of one kind into the outbox, in the caller's
    transaction and in one insert, and deliver them after commit. Nothing is read or
    written when the complainant does not follow the case."""
    if not complaint.wants_updates:
        return []
    reporter = reporter if reporter is not None else complaint.reporter
    targets = recipients(complaint, reporter, complaint.profile)
    if not targets:
        return []
    language = _language(complaint)
    wordings = wordings_for(
        complaint.agency_id, kind, language, [channel for channel, _to in targets]
    )
    values = message_values(complaint, reporter, language=language, extra=extra)
    thread = thread_id_for(complaint.tracking_code)
    rows = []
    for channel, to in targets:
        wording = wordings[channel]
        rendered = render_message(
            wording,
            values,
            channel=channel,
            agency_name=complaint.agency.name,
            language=language,
        )
        rows.append(
            OutboundMessage(
                idempotency_key=f"{kind}-{complaint.pk}-{channel}-{secrets.token_hex(6)}",
                agency_id=complaint.agency_id,
                complaint=complaint,
                kind=kind,
                channel=channel,
                to=to,
                subject=rendered.subject,
                body_text=rendered.text,
                body_html=rendered.html,
                language=language,
                thread_id=thread if channel == MessageChannel.EMAIL else "",
                template_version=wording.version,
                next_attempt_at=at,
                created_at=at,
            )
        )
    created = OutboundMessage.objects.bulk_create(rows)
    transaction.on_commit(kick_delivery, robust=True)
    return created


def enqueue_public_message(
    agency: Agency,
    *,
    kind: str,
    channel: str,
    to: str,
    language: str,
    context: dict[str, str],
    at: datetime,
    idempotency_key: str,
) -> OutboundMessage:
    """Write one message to a member of the public who has no complaint (the front
    desk's appointments and calls) into the outbox, in the caller's transaction, and
    deliver it after commit through the same worker, retries and backends.

    The key names the event (e.g. appointment, kind and slot): a second call with it
    queues nothing and returns the row already there.
    """
    if kind not in MessageKind.values or channel not in MessageChannel.values:
        raise ValueError(f"unknown message kind/channel {kind}/{channel}")
    if not to:
        raise ValueError("a message needs an address")
    key = idempotency_key[:120]
    existing = OutboundMessage.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    language = language if language in {"id", "en"} else "id"
    wording = wordings_for(agency.pk, kind, language, [channel])[channel]
    values = {"instansi": agency.name, **context}
    rendered = render_message(
        wording, values, channel=channel, agency_name=agency.name, language=language
    )
    message = OutboundMessage(
        idempotency_key=key,
        agency=agency,
        complaint=None,
        kind=kind,
        channel=channel,
        to=to,
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
        language=language,
        template_version=wording.version,
        next_attempt_at=at,
        created_at=at,
    )
    try:
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:
        # The same event queued by a concurrent caller a moment ago.
        return OutboundMessage.objects.get(idempotency_key=key)
    transaction.on_commit(kick_delivery, robust=True)
    return message


def kick_delivery() -> None:
    """Queue the delivery task (called after commit)."""
    from aduan.notify.tasks import deliver_outbox

    deliver_outbox.enqueue()


def backoff(attempt: int) -> timedelta:
    """The wait after a failed attempt: base x 2^(attempt-1), capped."""
    base = settings.ADUAN_OUTBOX_BACKOFF_SECONDS
    cap = settings.ADUAN_OUTBOX_BACKOFF_MAX_SECONDS
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempt - 1)))


def _hand_over(message: OutboundMessage) -> str:
    key = message.idempotency_key
    if message.channel == MessageChannel.EMAIL:
        return send_email(
            key=key,
            to=message.to,
            subject=message.subject,
            text=message.body_text,
            html=message.body_html,
            language=message.language,
            thread_id=message.thread_id,
        )
    if message.channel == MessageChannel.SMS:
        return send_sms(to=message.to, text=message.body_text, idempotency_key=key)
    if message.channel == MessageChannel.WHATSAPP:
        return send_whatsapp(to=message.to, text=message.body_text, idempotency_key=key)
    raise DeliveryError(f"unknown channel {message.channel}", permanent=True)


def _claim(pk: int, status: str, attempts: int, now: datetime) -> bool:
    # Compare-and-set on (status, attempts): of two workers, one wins the row.
    return bool(
        OutboundMessage.objects.filter(pk=pk, status=status, attempts=attempts).update(
            status=OutboundStatus.SENDING, attempts=attempts + 1, claimed_at=now
        )
    )


def deliver_due(*, now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Hand every due message to its provider once and record the outcome.

    Due: queued with next_attempt_at reached, or "sending" for longer than the lease
    (its worker died between the provider's answer and the record). The second kind
    is handed over again with the same idempotency key (HTTP header; e-mail
    Message-ID), so a provider that honours keys keeps one copy: delivery is at
    least once to the provider and exactly once past it. Safe to run in several
    workers at once.
    """
    clock = (lambda: now) if now is not None else timezone.now
    started = clock()
    lease = timedelta(seconds=settings.ADUAN_OUTBOX_LEASE_SECONDS)
    due = (
        OutboundMessage.objects.filter(
            Q(status=OutboundStatus.QUEUED, next_attempt_at__lte=started)
            | Q(status=OutboundStatus.SENDING, claimed_at__lt=started - lease)
        )
        .order_by("next_attempt_at", "id")
        .values_list("pk", "status", "attempts", "claimed_at")[:limit]
    )
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for pk, status, attempts, claimed_at in list(due):
        claimed = clock()
        if not _claim(pk, status, attempts, claimed):
            continue
        if status == OutboundStatus.SENDING:
            DeliveryAttempt.objects.create(
                message_id=pk,
                number=attempts,
                started_at=claimed_at,
                finished_at=claimed,
                ok=False,
                error="no outcome recorded: the worker stopped while sending",
            )
        message = OutboundMessage.objects.get(pk=pk)
        outcome = _deliver_one(message, claimed, clock)
        counts[outcome] += 1
    return counts


def _deliver_one(message: OutboundMessage, started: datetime, clock) -> str:
    attempt = message.attempts
    try:
        provider_id = _hand_over(message)
    except DeliveryError as failure:
        error, permanent = str(failure), failure.permanent
    except Exception as failure:  # a bug or an unexpected library error: retry
        logger.exception("delivery of outbox message %s failed", message.pk)
        error, permanent = f"{type(failure).__name__}: {failure}", False
    else:
        finished = clock()
        with transaction.atomic():
            OutboundMessage.objects.filter(
                pk=message.pk, status=OutboundStatus.SENDING, attempts=attempt
            ).update(
                status=OutboundStatus.SENT,
                provider_id=provider_id[:200],
                sent_at=finished,
                claimed_at=None,
                last_error="",
            )
            DeliveryAttempt.objects.create(
                message=message,
                number=attempt,
                started_at=started,
                finished_at=finished,
                ok=True,
                provider_id=provider_id[:200],
            )
        return "sent"
    finished = clock()
    give_up = permanent or attempt >= settings.ADUAN_OUTBOX_MAX_ATTEMPTS
    retry_at = None if give_up else finished + backoff(attempt)
    with transaction.atomic():
        OutboundMessage.objects.filter(
            pk=message.pk, status=OutboundStatus.SENDING, attempts=attempt
        ).update(
            status=OutboundStatus.FAILED if give_up else OutboundStatus.QUEUED,
            next_attempt_at=retry_at or F("next_attempt_at"),
            claimed_at=None,
            last_error=error[:2000],
        )
        DeliveryAttempt.objects.create(
            message=message,
            number=attempt,
            started_at=started,
            finished_at=finished,
            ok=False,
            error=error[:2000],
            retry_at=retry_at,
        )
    return "failed" if give_up else "retry"


@transaction.atomic(durable=True)
def resend_message(message: OutboundMessage, *, actor: User) -> OutboundMessage:
    """Hand a failed message over again, with the same idempotency key (a copy the
    provider did take is not sent twice)."""
    now = timezone.now()
    if not has_role(actor, message.agency_id, OUTBOX_ROLES):
        raise DomainError(ErrorCode.FORBIDDEN, _("Anda tidak berwenang."))
    updated = OutboundMessage.objects.filter(
        pk=message.pk, status=OutboundStatus.FAILED
    ).update(
        status=OutboundStatus.QUEUED,
        attempts=0,
        next_attempt_at=now,
        resent_by=actor,
        resent_at=now,
    )
    if not updated:
        raise DomainError(
            ErrorCode.NOT_ALLOWED, _("Hanya pesan yang gagal dapat dikirim ulang.")
        )
    transaction.on_commit(kick_delivery, robust=True)
    message.refresh_from_db()
    return message


# --- wording ----------------------------------------------------------------------


def sample_values(agency: Agency) -> dict[str, str]:
    """The longest values the fixed placeholders take in this agency (to check that
    an SMS wording can always fit)."""
    profile = agency.profiles.filter(is_active=True).first()
    pattern = profile.register_pattern if profile else "ADU/{tahun}/{seq:06}"
    numbering = profile.config.get("numbering", {}) if profile else {}
    code = "0" * codes.LENGTH
    # August: its Roman numeral (VIII) is the longest a number can carry.
    widest = timezone.now().date().replace(month=8, day=28)

    def longest(*patterns: str) -> str:
        return max(
            (
                format_number(p, seq=999_999, on=widest, agency_code=agency.code)
                for p in patterns
                if p
            ),
            key=len,
        )

    return {
        "nomor_register": longest(pattern),
        "nomor_surat": longest(
            numbering.get("letter") or pattern, numbering.get("bapp", "")
        ),
        "kode_lacak": codes.display(code),
        "tautan_lacak": settings.SITE_URL.rstrip("/")
        + reverse("intake:track-detail", args=[code]),
        "tanggal_pengaduan": "30 September 2026",
        # Front desk: a meeting's time, its private link, the evidence channels.
        "waktu_janji": "30 September 2026, 14.30 WITA",
        "tautan_janji": settings.SITE_URL.rstrip("/")
        + reverse("frontdesk:public-appointment", args=["x" * 32]),
        "saluran_bukti": _evidence_sample(profile),
    }


def _evidence_sample(profile: SopProfile | None) -> str:
    channels = (profile.config.get("evidence_channels") or {}) if profile else {}
    return ", ".join(f"{name} {value}" for name, value in channels.items())


def check_message_template(
    agency: Agency, *, kind: str, channel: str, language: str, subject: str, body: str
) -> tuple[str, str]:
    """Return the wording as it would be saved, or raise DomainError saying what is
    wrong with it (the admin form shows the same message)."""
    if kind not in MessageKind.values:
        raise DomainError(
            ErrorCode.INVALID, _("Jenis pesan tidak dikenal."), field="kind"
        )
    if channel not in MessageChannel.values:
        raise DomainError(
            ErrorCode.INVALID, _("Saluran tidak dikenal."), field="channel"
        )
    if language not in dict(settings.LANGUAGES):
        raise DomainError(
            ErrorCode.INVALID, _("Bahasa tidak dikenal."), field="language"
        )
    body = body.replace("\r\n", "\n").strip()
    subject = " ".join(subject.split())
    if channel != MessageChannel.EMAIL:
        subject = ""
    elif not subject:
        raise DomainError(
            ErrorCode.INVALID, _("Subjek e-mail wajib diisi."), field="subject"
        )
    errors = wording_errors(body, subject=subject)
    if errors:
        raise DomainError(ErrorCode.INVALID, " ".join(errors), field="body")
    if channel == MessageChannel.SMS:
        length, limit = longest_sms(Wording(subject, body), sample_values(agency))
        if length > limit:
            raise DomainError(
                ErrorCode.INVALID,
                _(
                    "SMS terlalu panjang: %(n)s dari %(limit)s karakter tanpa isian "
                    "yang dapat dipendekkan. Persingkat teks tetapnya."
                )
                % {"n": length, "limit": limit or SMS_GSM_LIMIT},
                field="body",
            )
    return subject, body


# Not durable: the admin saves inside its own transaction.
@transaction.atomic
def save_message_template(
    agency: Agency,
    *,
    kind: str,
    channel: str,
    language: str,
    subject: str,
    body: str,
    actor: User,
) -> MessageTemplate:
    """Save a new version of an agency's wording for a message; earlier versions
    stay as they were."""
    if not (actor.is_superuser or Role.ADMIN in roles_of(actor, agency.pk)):
        raise DomainError(
            ErrorCode.FORBIDDEN, _("Hanya admin instansi yang dapat mengubah templat.")
        )
    subject, body = check_message_template(
        agency,
        kind=kind,
        channel=channel,
        language=language,
        subject=subject,
        body=body,
    )
    Agency.objects.select_for_update().get(pk=agency.pk)  # one version at a time
    latest = (
        MessageTemplate.objects.filter(
            agency=agency, kind=kind, channel=channel, language=language
        )
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return MessageTemplate.objects.create(
        agency=agency,
        kind=kind,
        channel=channel,
        language=language,
        version=(latest or 0) + 1,
        subject=subject,
        body=body,
        created_by=actor,
    )
