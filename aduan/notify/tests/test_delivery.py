"""Delivery against real servers on 127.0.0.1: an SMTP server (aiosmtpd) and a JSON
SMS gateway (issue E points 1, 2 and 4)."""

from datetime import timedelta

from django.utils import timezone

from aduan.notify.channels.sms import HttpGateway, LogGateway, gateway_for
from aduan.notify.models import DeliveryAttempt, OutboundMessage, OutboundStatus
from aduan.notify.services import deliver_due, resend_message


def test_email_goes_out_over_smtp_as_text_and_html_threaded_on_the_code(
    follow, smtp_server
):
    # given a follower's ticket in the outbox
    complaint = follow(email="siti@example.id")
    # when the worker's pass runs
    assert deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
    # then the SMTP server got one message, plain text plus HTML
    [mail] = smtp_server.sink.messages
    row = OutboundMessage.objects.get()
    assert mail["To"] == "siti@example.id"
    assert mail["From"] == "Pengaduan DPMPTSP <pengaduan@dpmptsp.test>"
    assert mail["Message-ID"] == f"<{row.idempotency_key}@dpmptsp.test>"
    thread = f"<aduan.{complaint.tracking_code}@dpmptsp.test>"
    assert mail["References"] == thread
    assert mail["In-Reply-To"] == thread
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["Content-Language"] == "id"
    assert complaint.register_number in mail["Subject"]
    plain = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "Nomor register: " + complaint.register_number in plain
    href = f'href="http://127.0.0.1:8000/lacak/{complaint.tracking_code}/"'
    assert href in html
    # and the outcome is recorded with the provider's id
    row.refresh_from_db()
    assert (row.status, row.attempts, row.provider_id) == (
        "sent",
        1,
        mail["Message-ID"],
    )
    assert row.sent_at is not None


def test_html_part_escapes_what_people_typed(follow, smtp_server):
    # given a subject with markup
    follow(email="siti@example.id", subject='<script>alert("x")</script> & co')
    # when
    deliver_due()
    # then it is text in the HTML part, and whole in the plain part
    [mail] = smtp_server.sink.messages
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert (
        '<script>alert("x")</script> & co'
        in mail.get_body(preferencelist=("plain",)).get_content()
    )


def test_smtp_temporary_refusal_is_retried_later(follow, smtp_server, settings):
    # given an SMTP server that answers 451 once
    settings.ADUAN_OUTBOX_BACKOFF_SECONDS = 60
    follow(email="siti@example.id")
    smtp_server.sink.fail_next = 1
    now = timezone.now()
    # when
    assert deliver_due(now=now) == {"sent": 0, "retry": 1, "failed": 0}
    row = OutboundMessage.objects.get()
    # then it waits a minute, then goes
    assert row.status == "queued"
    assert row.next_attempt_at == now + timedelta(seconds=60)
    assert "451" in row.last_error
    assert deliver_due(now=now + timedelta(seconds=59))["sent"] == 0
    assert deliver_due(now=now + timedelta(seconds=60))["sent"] == 1
    assert len(smtp_server.sink.messages) == 1


def test_sms_through_the_http_gateway_with_token_and_idempotency_key(follow, gateway):
    # given a follower with only a mobile number
    complaint = follow(phone="+6281234567890")
    # when
    assert deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
    # then the gateway got the JSON shape with the key
    row = OutboundMessage.objects.get()
    [(key, body)] = gateway.state.requests
    assert key == row.idempotency_key
    assert body["to"] == "+6281234567890"
    assert body["channel"] == "sms"
    assert body["reference"] == row.idempotency_key
    assert complaint.register_number in body["text"]
    assert len(body["text"]) <= 160
    assert row.provider_id == gateway.state.delivered[key]


def test_provider_failing_five_times_then_recovering_delivers_once(
    follow, gateway, settings
):
    # given a gateway that answers 503 five times, and a 30-second base backoff
    settings.ADUAN_OUTBOX_BACKOFF_SECONDS = 30
    follow(phone="+6281234567890")
    gateway.state.fail_next = 5
    now = timezone.now()
    # when the worker passes whenever the message is due again
    outcomes = []
    for _ in range(6):
        outcomes.append(deliver_due(now=now))
        row = OutboundMessage.objects.get()
        # nothing happens a second before the backoff ends
        assert deliver_due(now=row.next_attempt_at - timedelta(seconds=1)) == {
            "sent": 0,
            "retry": 0,
            "failed": 0,
        }
        now = row.next_attempt_at
    # then five retries and one delivery, and the phone got it once
    assert [o["retry"] for o in outcomes] == [1, 1, 1, 1, 1, 0]
    assert outcomes[-1]["sent"] == 1
    row = OutboundMessage.objects.get()
    assert (row.status, row.attempts, row.last_error) == ("sent", 6, "")
    assert len(gateway.state.requests) == 6
    assert {key for key, _body in gateway.state.requests} == {row.idempotency_key}
    assert gateway.state.delivered == {row.idempotency_key: row.provider_id}
    # and the backoff is on record: 30 s doubling
    attempts = list(DeliveryAttempt.objects.filter(message=row))
    assert [a.ok for a in attempts] == [False] * 5 + [True]
    waits = [(a.retry_at - a.finished_at).total_seconds() for a in attempts[:5]]
    assert waits == [30, 60, 120, 240, 480]
    assert all("HTTP 503" in a.error for a in attempts[:5])


def test_permanent_refusal_fails_at_once_and_staff_can_resend(
    follow, gateway, user_for
):
    # given a gateway that refuses the token (a 4xx: retrying cannot help)
    follow(phone="+6281234567890")
    gateway.state.token = "rotated"
    # when
    assert deliver_due() == {"sent": 0, "retry": 0, "failed": 1}
    row = OutboundMessage.objects.get()
    assert row.status == OutboundStatus.FAILED
    assert "HTTP 401" in row.last_error
    # and, the token fixed, the officer resends it
    gateway.state.token = "rahasia-gateway"
    resend_message(row, actor=user_for("petugas"))
    assert deliver_due()["sent"] == 1
    row.refresh_from_db()
    assert (row.status, row.resent_by.username) == ("sent", "petugas")
    assert len(gateway.state.delivered) == 1


def test_gives_up_after_the_most_attempts(follow, gateway, settings):
    # given a gateway that is down for good
    settings.ADUAN_OUTBOX_MAX_ATTEMPTS = 3
    follow(phone="+6281234567890")
    gateway.state.fail_next = 100
    now = timezone.now()
    # when
    for _ in range(3):
        deliver_due(now=now)
        now = OutboundMessage.objects.get().next_attempt_at
    # then
    row = OutboundMessage.objects.get()
    assert (row.status, row.attempts) == ("failed", 3)
    assert deliver_due(now=now + timedelta(days=1))["sent"] == 0


def test_gateway_is_chosen_by_settings(settings):
    # given / when / then
    settings.ADUAN_SMS_BACKEND = "log"
    assert isinstance(gateway_for("sms"), LogGateway)
    settings.ADUAN_WHATSAPP_BACKEND = "http"
    settings.ADUAN_WHATSAPP_URL = "http://127.0.0.1:9/x"
    chosen = gateway_for("whatsapp")
    assert isinstance(chosen, HttpGateway)
    assert chosen.channel == "whatsapp"


def test_whatsapp_reporter_gets_whatsapp(agency_factory, gateway):
    # given seed 000: ticket_by email and whatsapp
    from aduan.accounts.models import User
    from aduan.intake.services import ComplaintInput, ReporterInput, register_complaint

    bappebti = agency_factory("seed_000", prefix="000-")
    register_complaint(
        agency=bappebti,
        actor=User.objects.get(username="000-petugas"),
        data=ComplaintInput(
            kind="pengaduan",
            channel="telepon",
            what="Investasi bodong",
            wants_updates=True,
            reporter=ReporterInput(name="Dedi", phone="+6281234567890"),
        ),
    )
    # when
    deliver_due()
    # then
    [(_key, body)] = gateway.state.requests
    assert body["channel"] == "whatsapp"
    assert OutboundMessage.objects.get().channel == "whatsapp"
