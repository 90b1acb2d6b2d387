"""Inbound SMS and WhatsApp webhooks (issue E point 4): HMAC-SHA256 over timestamp and
body, a five-minute window, one filing per message id; each refusal is a clear 4xx
and creates nothing."""

import json
import time

import pytest
from django.test import Client

from aduan.audit.models import EventKind
from aduan.intake.models import Complaint, Reporter
from aduan.notify.models import InboundMessage, OutboundMessage
from aduan.notify.views import signature

SECRET = "rahasia-webhook"


@pytest.fixture
def webhook(settings, agency):
    settings.ADUAN_WEBHOOK_SECRET = SECRET
    client = Client()

    def post(
        payload,
        *,
        channel: str = "sms",
        at: float | None = None,
        secret: str = SECRET,
        raw: bytes | None = None,
        agency_code: str = agency.code,
    ):
        body = raw if raw is not None else json.dumps(payload).encode()
        timestamp = str(int(at if at is not None else time.time()))
        return client.post(
            f"/webhooks/{channel}/{agency_code}/",
            data=body,
            content_type="application/json",
            headers={
                "X-Aduan-Timestamp": timestamp,
                "X-Aduan-Signature": "sha256=" + signature(secret, timestamp, body),
            },
        )

    return post


def nothing_created() -> bool:
    return not (
        InboundMessage.objects.exists()
        or Complaint.objects.exists()
        or Reporter.objects.exists()
        or OutboundMessage.objects.exists()
    )


SMS = {
    "id": "gw-msg-0001",
    "from": "+6281234567890",
    "text": "Jalan depan kantor kelurahan rusak parah sejak sebulan.",
}


def test_signed_sms_becomes_a_complaint_and_the_sender_gets_the_ticket(webhook):
    # when
    response = webhook(SMS)
    # then
    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert response.json() == {
        "status": "complaint",
        "register_number": complaint.register_number,
    }
    assert (complaint.channel, complaint.what) == ("sms", SMS["text"])
    assert complaint.reporter.phone == "+6281234567890"
    ticket = OutboundMessage.objects.get()
    assert (ticket.channel, ticket.to, ticket.kind) == (
        "sms",
        "+6281234567890",
        "tiket",
    )


def test_whatsapp_reply_with_the_code_is_added_to_the_complaint(webhook, follow):
    # given a complaint and its code, typed the way people type it
    complaint = follow(phone="+6281234567890")
    typed = complaint.tracking_code.lower()
    typed = f"{typed[:4]}-{typed[4:8]} {typed[8:]}"
    # when
    response = webhook(
        {
            "id": "wa-77",
            "from": "6281234567890",
            "text": f"Kode {typed}: foto menyusul",
        },
        channel="whatsapp",
    )
    # then
    assert response.status_code == 200
    assert response.json()["status"] == "reply"
    event = complaint.events.get(kind=EventKind.INFO_ADDED)
    assert "foto menyusul" in event.data["text"]
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    ("case", "status", "error"),
    [
        ("bad signature", 401, "signature"),
        ("old timestamp", 401, "timestamp"),
        ("future timestamp", 401, "timestamp"),
        ("no timestamp", 400, "timestamp"),
        ("malformed JSON", 400, "json"),
        ("JSON not an object", 400, "id"),
        ("missing text", 400, "text"),
        ("bad sender", 400, "from"),
        ("huge body", 413, "too_large"),
    ],
)
def test_refused_requests_get_a_clear_4xx_and_create_nothing(
    webhook, settings, agency, case, status, error
):
    # given
    settings.ADUAN_WEBHOOK_MAX_BYTES = 64 * 1024
    kwargs = {}
    payload = dict(SMS)
    if case == "bad signature":
        kwargs["secret"] = "tebakan"
    elif case == "old timestamp":
        kwargs["at"] = time.time() - 301
    elif case == "future timestamp":
        kwargs["at"] = time.time() + 301
    elif case == "malformed JSON":
        kwargs["raw"] = b'{"id": "x", "from": '
    elif case == "JSON not an object":
        kwargs["raw"] = b'["gw-msg-0001"]'
    elif case == "missing text":
        del payload["text"]
    elif case == "bad sender":
        payload["from"] = "12"
    elif case == "huge body":
        payload["text"] = "x" * (65 * 1024)
    # when
    if case == "no timestamp":
        response = Client().post(
            f"/webhooks/sms/{agency.code}/",
            data=json.dumps(payload),
            content_type="application/json",
        )
    else:
        response = webhook(payload, **kwargs)
    # then
    assert response.status_code == status, response.content
    assert response.json()["error"] == error
    assert response.json()["message"]
    assert nothing_created()


def test_replayed_id_is_refused_and_files_nothing_more(webhook):
    # given a message that was filed
    assert webhook(SMS).status_code == 201
    counts = (
        Complaint.objects.count(),
        InboundMessage.objects.count(),
        OutboundMessage.objects.count(),
    )
    # when the same id comes again, freshly signed, even with another text
    response = webhook({**SMS, "text": "lain"})
    # then
    assert response.status_code == 409
    assert response.json()["error"] == "replay"
    assert (
        Complaint.objects.count(),
        InboundMessage.objects.count(),
        OutboundMessage.objects.count(),
    ) == counts


def test_per_agency_secret_wins_and_unknown_agency_is_404(webhook, settings, agency):
    # given the agency has its own secret
    settings.ADUAN_WEBHOOK_AGENCY_SECRETS = {agency.code: "khusus"}
    # when / then: the shared secret no longer works for it, its own does
    assert webhook(SMS).status_code == 401
    assert webhook(SMS, secret="khusus").status_code == 201
    assert webhook(SMS, agency_code="tidak-ada").status_code == 404


def test_get_is_not_allowed(webhook, agency):
    # when
    response = Client().get(f"/webhooks/sms/{agency.code}/")
    # then
    assert response.status_code == 405
    assert nothing_created()


def test_channel_the_profile_does_not_serve_is_refused(webhook, agency_factory):
    # given seed 000 does not take SMS complaints
    bappebti = agency_factory("seed_000", prefix="000-")
    # when
    response = webhook(SMS, agency_code=bappebti.code)
    # then
    assert response.status_code == 422
    assert response.json()["error"] == "rejected"
    assert Complaint.objects.exists() is False


@pytest.mark.parametrize("timestamp", ["9" * 400, "9" * 5000, "\u00b2", "-5", "1e9"])
def test_a_timestamp_that_is_no_unix_time_is_400(settings, agency, timestamp):
    # given a correctly signed body with a timestamp no clock gives
    settings.ADUAN_WEBHOOK_SECRET = SECRET
    body = json.dumps(SMS).encode()
    # when
    response = Client().post(
        f"/webhooks/sms/{agency.code}/",
        data=body,
        content_type="application/json",
        headers={
            "X-Aduan-Timestamp": timestamp,
            "X-Aduan-Signature": "sha256=" + signature(SECRET, timestamp, body),
        },
    )
    # then it is refused as malformed, and nothing is created
    assert response.status_code == 400
    assert nothing_created()
