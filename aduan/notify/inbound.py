"""Messages in: an e-mail, SMS or WhatsApp message becomes a received complaint, or
information added to the complaint whose tracking code it quotes.

Each message is first claimed by its provider id (the e-mail's Message-ID, the
gateway's id) in a row of its own, so the same message twice is processed once. If
processing fails with an error the registration rolled back, so the row is marked
failed and the next delivery of the same message tries again; a process killed
between the complaint's commit and the row's update leaves the row "processing",
and it is not processed again (at most one complaint per message).
"""

import hashlib
import logging
from datetime import datetime

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.agencies.models import Agency
from aduan.agencies.selectors import active_profile
from aduan.core import blobs
from aduan.core.errors import DomainError, ErrorCode
from aduan.intake.models import Complaint
from aduan.intake.services import (
    ComplaintInput,
    ReporterInput,
    add_public_information,
    register_complaint,
)
from aduan.intake.uploads import InspectedUpload, inspect_upload
from aduan.intake.validators import clean_phone
from aduan.notify import mailparse
from aduan.notify.mailparse import Category, ParsedMail
from aduan.notify.models import (
    InboundMessage,
    InboundStatus,
    MessageChannel,
    OutboundMessage,
    OutboundStatus,
)

logger = logging.getLogger("aduan.notify")

# What an electronic message cannot say in separate fields (seed 002's 5W1H); the
# officer completes them from the text afterwards (seed 002 step 5).
TO_COMPLETE = "(lengkapi dari isi pesan)"
MAX_TEXT = 20_000


class DuplicateMessage(Exception):
    """This provider id was received before; nothing was done."""

    def __init__(self, row: InboundMessage):
        super().__init__(f"{row.channel} {row.provider_id} already received")
        self.row = row


def _claim(
    *,
    channel: str,
    provider_id: str,
    agency: Agency,
    sender: str,
    subject: str,
    body: str,
    raw_path: str = "",
    at: datetime,
) -> InboundMessage:
    try:
        with transaction.atomic():
            return InboundMessage.objects.create(
                channel=channel,
                provider_id=provider_id,
                agency=agency,
                sender=sender,
                subject=subject[:300],
                body=body[:MAX_TEXT],
                raw=raw_path,
                received_at=at,
            )
    except IntegrityError:
        row = InboundMessage.objects.get(channel=channel, provider_id=provider_id)
    # A failed attempt rolled back completely: this delivery may try again.
    retried = InboundMessage.objects.filter(
        pk=row.pk, status=InboundStatus.FAILED
    ).update(status=InboundStatus.PROCESSING, note="")
    if retried:
        row.status = InboundStatus.PROCESSING
        return row
    raise DuplicateMessage(row)


def _finish(row: InboundMessage, status: str, *, complaint=None, note: str = ""):
    fields = {"status": status, "note": note[:2000]}
    if complaint is not None:
        fields["complaint"] = complaint
    InboundMessage.objects.filter(pk=row.pk).update(**fields)
    for name, value in fields.items():
        setattr(row, name, value)
    return row


def _find_complaint(agency: Agency, candidates: list[str]) -> Complaint | None:
    if not candidates:
        return None
    found = {
        c.tracking_code: c
        for c in Complaint.objects.filter(agency=agency, tracking_code__in=candidates)
    }
    for code in candidates:
        if code in found:
            return found[code]
    return None


def _uploads(attachments) -> tuple[list[InspectedUpload], list[str]]:
    """Attachments Aduan accepts (by content), within the per-submission limits;
    the names of the rest, to tell staff what was left out."""
    kept, skipped, total = [], [], 0
    budget = settings.ADUAN_MAX_COMPLAINT_MB * 1024 * 1024
    for item in attachments:
        upload = SimpleUploadedFile(
            item.name, item.data, content_type=item.content_type
        )
        try:
            inspected = inspect_upload(upload)
        except DomainError as error:
            skipped.append(f"{item.name}: {error.message}")
            continue
        if (
            len(kept) >= settings.ADUAN_MAX_FILES_PER_SUBMISSION
            or total + inspected.size > budget
        ):
            skipped.append(f"{item.name}: {_('melebihi batas lampiran')}")
            continue
        kept.append(inspected)
        total += inspected.size
    return kept, skipped


def _new_complaint_input(
    agency: Agency,
    *,
    channel: str,
    subject: str,
    text: str,
    reporter: ReporterInput,
    language: str,
    files: list[InspectedUpload],
) -> ComplaintInput:
    profile = active_profile(agency)
    kinds = profile.kinds
    required = set(profile.config.get("required_fields", []))
    fill = {
        name: TO_COMPLETE
        for name in ("who", "when", "where", "how")
        if name in required
    }
    return ComplaintInput(
        kind="pengaduan" if "pengaduan" in kinds else kinds[0],
        channel=channel,
        subject=subject,
        what=text.strip() or subject or _("(pesan tanpa isi)"),
        wants_updates=True,
        language=language,
        reporter=reporter,
        attachments=tuple(files),
        **fill,
    )


def _store_raw(raw: bytes) -> str:
    digest = hashlib.sha256(raw).hexdigest()
    return blobs.put(f"inbound/{digest[:2]}/{digest}.eml", ContentFile(raw))


def _mark_bounced(agency: Agency, parsed: ParsedMail) -> int:
    """A bounce about one of our e-mails marks that message failed, with the reason."""
    if not parsed.bounced_ids:
        return 0
    keys = [
        mid[1:-1].rpartition("@")[0]
        for mid in parsed.bounced_ids
        if mid.startswith("<")
    ]
    return OutboundMessage.objects.filter(
        agency=agency, channel=MessageChannel.EMAIL, idempotency_key__in=keys
    ).update(
        status=OutboundStatus.FAILED,
        last_error=_("Ditolak server penerima: %(reason)s")
        % {"reason": parsed.bounce_reason or "-"},
    )


def receive_email(
    raw: bytes, *, agency: Agency, now: datetime | None = None
) -> InboundMessage:
    """File one e-mail: a new complaint, a reply to one, or a bounce or auto-reply
    that creates nothing. Raises DuplicateMessage for a message already received."""
    now = now or timezone.now()
    parsed = mailparse.parse(raw)
    provider_id = parsed.message_id or mailparse.fallback_id(raw)
    row = _claim(
        channel=MessageChannel.EMAIL,
        provider_id=provider_id,
        agency=agency,
        sender=parsed.sender_email,
        subject=parsed.subject,
        body=parsed.text,
        raw_path=_store_raw(raw),
        at=now,
    )
    own_address = mailparse.addresses(settings.DEFAULT_FROM_EMAIL)
    if parsed.category == Category.BOUNCE:
        count = _mark_bounced(agency, parsed)
        return _finish(
            row, InboundStatus.BOUNCE, note=f"{count} {parsed.bounce_reason}"
        )
    if parsed.category == Category.AUTO_REPLY or parsed.sender_email in own_address:
        return _finish(row, InboundStatus.AUTO_REPLY)
    if not parsed.sender_email:
        return _finish(row, InboundStatus.REJECTED, note=_("Pengirim tidak dikenal."))
    files, skipped = _uploads(parsed.attachments)
    note = "; ".join(skipped)
    complaint = _find_complaint(
        agency,
        mailparse.thread_codes(parsed.references)
        + mailparse.tracking_codes(parsed.subject)
        + mailparse.tracking_codes(parsed.text),
    )
    return _file(
        row,
        agency=agency,
        complaint=complaint,
        reply_text=mailparse.new_text(parsed.text),
        note=note,
        files=files,
        make_input=lambda: _new_complaint_input(
            agency,
            channel=MessageChannel.EMAIL,
            subject=parsed.subject,
            text=parsed.text,
            reporter=ReporterInput(
                name=parsed.sender_name or parsed.sender_email,
                email=parsed.sender_email,
            ),
            # Mail programs send their own UI language, not the writer's choice.
            language="id",
            files=files,
        ),
    )


def _file(row, *, agency, complaint, reply_text, note, files, make_input):
    try:
        if complaint is not None:
            add_public_information(complaint, text=reply_text, files=list(files))
            return _finish(row, InboundStatus.REPLY, complaint=complaint, note=note)
        complaint = register_complaint(agency=agency, data=make_input(), actor=None)
        return _finish(row, InboundStatus.COMPLAINT, complaint=complaint, note=note)
    except DomainError as error:
        return _finish(
            row, InboundStatus.REJECTED, complaint=complaint, note=error.message
        )
    except Exception as error:
        logger.exception("inbound message %s could not be filed", row.pk)
        _finish(row, InboundStatus.FAILED, note=f"{type(error).__name__}: {error}")
        raise


def normalise_sender(value: str) -> str:
    """The sender's number in E.164, or DomainError."""
    try:
        return clean_phone(value if value.startswith("+") else f"+{value}")
    except (ValidationError, phonenumbers.NumberParseException):
        pass
    try:
        return clean_phone(value)
    except ValidationError as error:
        raise DomainError(
            ErrorCode.INVALID, _("Nomor pengirim tidak sah."), field="from"
        ) from error


def receive_text(
    *,
    channel: str,
    agency: Agency,
    provider_id: str,
    sender: str,
    text: str,
    now: datetime | None = None,
) -> InboundMessage:
    """File one SMS or WhatsApp message: a new complaint, or information added to
    the complaint whose tracking code it quotes. DuplicateMessage for a replay."""
    now = now or timezone.now()
    phone = normalise_sender(sender)
    text = text.strip()[:MAX_TEXT]
    row = _claim(
        channel=channel,
        provider_id=provider_id,
        agency=agency,
        sender=phone,
        subject="",
        body=text,
        at=now,
    )
    complaint = _find_complaint(agency, mailparse.tracking_codes(text))
    first_line = text.splitlines()[0] if text else ""
    return _file(
        row,
        agency=agency,
        complaint=complaint,
        reply_text=text,
        note="",
        files=[],
        make_input=lambda: _new_complaint_input(
            agency,
            channel=channel,
            subject=first_line[:100],
            text=text,
            reporter=ReporterInput(name=phone, phone=phone),
            language="id",
            files=[],
        ),
    )
