"""The outbox page for staff, and the inbound SMS/WhatsApp webhooks."""

import hashlib
import hmac
import json
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from aduan.agencies.models import Agency
from aduan.audit.services import log_personal_data_access
from aduan.core.errors import DomainError
from aduan.notify.inbound import DuplicateMessage, receive_text
from aduan.notify.models import InboundStatus, MessageChannel, OutboundStatus
from aduan.notify.selectors import (
    access_outbound,
    inbound_visible_to,
    outbound_visible_to,
    shown_address,
)
from aduan.notify.services import resend_message

PAGE = 100
MAX_TEXT = 4_096


@login_required
def outbox_list(request: HttpRequest) -> HttpResponse:
    """Messages to complainants with their delivery state; failed ones first."""
    outbound = outbound_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in OutboundStatus.values:
        outbound = outbound.filter(status=status)
    rows = list(outbound.order_by("-id")[:PAGE])
    for row in rows:
        row.shown_to = shown_address(request.user, row.complaint, row.to)
    arrived = list(inbound_visible_to(request.user).order_by("-id")[:PAGE])
    for row in arrived:
        row.shown_sender = shown_address(request.user, row.complaint, row.sender)
    # A reporter's address shown in full is a read of personal data: logged, once
    # per complaint on the page.
    shown = {
        row.complaint_id: row.complaint
        for row, address, full in [
            *((r, r.to, r.shown_to) for r in rows),
            *((r, r.sender, r.shown_sender) for r in arrived),
        ]
        if row.complaint_id and address and full == address
    }
    now = timezone.now()
    for complaint in shown.values():
        log_personal_data_access(
            user=request.user,
            complaint=complaint,
            fields=["email", "phone"],
            purpose="outbox",
            at=now,
            ip=request.META.get("REMOTE_ADDR"),
        )
    return render(
        request,
        "notify/outbox.html",
        {
            "outbound": rows,
            "failed": outbound_visible_to(request.user)
            .filter(status=OutboundStatus.FAILED)
            .count(),
            "inbound": arrived,
            "statuses": OutboundStatus.choices,
            "status": status,
        },
    )


@login_required
@require_POST
def outbox_resend(request: HttpRequest, pk: int) -> HttpResponse:
    message = access_outbound(request.user, pk)
    try:
        resend_message(message, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Pesan dijadwalkan untuk dikirim ulang."))
    return redirect("notify:outbox")


def _problem(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": code, "message": message}, status=status)


def _secret(agency_code: str) -> str:
    return settings.ADUAN_WEBHOOK_AGENCY_SECRETS.get(
        agency_code, settings.ADUAN_WEBHOOK_SECRET
    )


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", hex: what the gateway must send."""
    return hmac.new(
        secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()


def _webhook(request: HttpRequest, channel: str, agency_code: str) -> HttpResponse:
    if request.method != "POST":
        return _problem(405, "method", "POST only")
    limit = settings.ADUAN_WEBHOOK_MAX_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return _problem(413, "too_large", f"body over {limit} bytes")
    body = request.read(limit + 1)
    if len(body) > limit:
        return _problem(413, "too_large", f"body over {limit} bytes")
    agency = Agency.objects.filter(code=agency_code).first()
    secret = _secret(agency_code)
    if agency is None or not secret:
        raise Http404
    timestamp = request.headers.get("X-Aduan-Timestamp", "")
    given = request.headers.get("X-Aduan-Signature", "").removeprefix("sha256=")
    # Unix seconds: ASCII digits, and few enough of them to compare with now.
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return _problem(400, "timestamp", "X-Aduan-Timestamp (unix seconds) missing")
    if not given or not hmac.compare_digest(
        given.lower(), signature(secret, timestamp, body)
    ):
        return _problem(401, "signature", "bad X-Aduan-Signature")
    window = settings.ADUAN_WEBHOOK_WINDOW_SECONDS
    if abs(time.time() - int(timestamp)) > window:
        return _problem(401, "timestamp", f"timestamp outside the {window}s window")
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _problem(400, "json", "body is not valid JSON")
    fields = payload if isinstance(payload, dict) else {}
    message_id, sender, text = (fields.get(k) for k in ("id", "from", "text"))
    if not (isinstance(message_id, str) and 0 < len(message_id) <= 200):
        return _problem(400, "id", "id: a string of 1-200 characters")
    if not (isinstance(sender, str) and sender.strip()):
        return _problem(400, "from", "from: the sender's number")
    if not (isinstance(text, str) and text.strip() and len(text) <= MAX_TEXT):
        return _problem(400, "text", f"text: 1-{MAX_TEXT} characters")
    try:
        row = receive_text(
            channel=channel,
            agency=agency,
            provider_id=message_id,
            sender=sender,
            text=text,
        )
    except DuplicateMessage:
        return _problem(409, "replay", f"message {message_id} was already received")
    except DomainError as error:
        return _problem(400, error.field or "invalid", error.message)
    if row.status == InboundStatus.REJECTED:
        return _problem(422, "rejected", row.note)
    return JsonResponse(
        {
            "status": row.status,
            "register_number": row.complaint.register_number if row.complaint else "",
        },
        status=201 if row.status == InboundStatus.COMPLAINT else 200,
    )


@csrf_exempt
def webhook_sms(request: HttpRequest, agency_code: str) -> HttpResponse:
    """Inbound SMS from the gateway: signed, recent, never twice."""
    return _webhook(request, MessageChannel.SMS, agency_code)


@csrf_exempt
def webhook_whatsapp(request: HttpRequest, agency_code: str) -> HttpResponse:
    """Inbound WhatsApp message from the gateway: signed, recent, never twice."""
    return _webhook(request, MessageChannel.WHATSAPP, agency_code)
