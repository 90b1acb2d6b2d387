"""Messages to a member of the public with no complaint (the front desk, seed 000):
the same outbox, worker, retries and idempotency keys as a complaint's messages."""

from django.utils import timezone

from aduan.notify.models import MessageKind, OutboundMessage
from aduan.notify.services import deliver_due, enqueue_public_message, sample_values
from aduan.notify.wording import Wording, default_wording, longest_sms, sms_cost

FRONT_DESK_KINDS = [
    MessageKind.JANJI_TEMU_DITERIMA,
    MessageKind.JANJI_TEMU_DIUSULKAN,
    MessageKind.JANJI_TEMU_DIKONFIRMASI,
    MessageKind.JANJI_TEMU_DIPINDAH,
    MessageKind.JANJI_TEMU_DIBATALKAN,
    MessageKind.JANJI_TEMU_PENGINGAT,
    MessageKind.TATA_CARA_PENGADUAN,
]
CONTEXT = {
    "nama_pelapor": "Dewi Lestari",
    "waktu_janji": "3 Desember 2026, 10.00 WIB",
    "tempat_janji": "Lantai 2 Gedung Bappebti",
    "tautan_janji": "http://127.0.0.1:8000/janji-temu/abcdefghijklmnopqrstuvwxyz012345/",
}


def queue(agency, *, channel="email", to="dewi@example.com", key="janji-1-x", **kw):
    return enqueue_public_message(
        agency,
        kind=kw.pop("kind", MessageKind.JANJI_TEMU_DIKONFIRMASI),
        channel=channel,
        to=to,
        language=kw.pop("language", "id"),
        context=kw.pop("context", CONTEXT),
        at=kw.pop("at", timezone.now()),
        idempotency_key=key,
    )


def test_public_message_goes_out_over_smtp_without_a_complaint(agency, smtp_server):
    # given a confirmation queued for a person who has no complaint
    queued = queue(agency)
    # when the worker's pass runs
    assert deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
    # then the SMTP server got it, with the key as its Message-ID and no thread
    [mail] = smtp_server.sink.messages
    assert mail["To"] == "dewi@example.com"
    assert mail["Message-ID"] == "<janji-1-x@dpmptsp.test>"
    assert mail["In-Reply-To"] is None
    assert "3 Desember 2026, 10.00 WIB" in mail["Subject"]
    plain = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Yth. Dewi Lestari" in plain
    assert "Lantai 2 Gedung Bappebti" in plain
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert f'href="{CONTEXT["tautan_janji"]}"' in html
    queued.refresh_from_db()
    assert (queued.complaint, queued.status, queued.attempts) == (None, "sent", 1)


def test_the_same_key_queues_once(agency):
    # given a message queued for an event
    first = queue(agency, key="janji-7-pengingat-1764730800")
    # when the same event is queued again (a retried service)
    again = queue(agency, key="janji-7-pengingat-1764730800")
    # then there is one row, and the second call returns it
    assert again.pk == first.pk
    assert OutboundMessage.objects.count() == 1


def test_sms_to_the_public_goes_through_the_gateway_in_one_message(agency, gateway):
    # given the procedure by SMS, with a long explanation of the agency's own
    queue(
        agency,
        channel="sms",
        to="+6281311112222",
        kind=MessageKind.TATA_CARA_PENGADUAN,
        key="panggilan-3-tata_cara_pengaduan",
        context={
            "tata_cara": "Pengaduan diproses sesuai ketentuan yang berlaku. " * 6,
            "saluran_bukti": "WhatsApp 0811-1109-901, e-mail pengaduan@bappebti.go.id",
        },
    )
    # when
    assert deliver_due()["sent"] == 1
    # then the gateway got one SMS with the evidence channels whole
    [(key, body)] = gateway.state.requests
    assert key == "panggilan-3-tata_cara_pengaduan"
    assert body["to"] == "+6281311112222"
    assert "WhatsApp 0811-1109-901, e-mail pengaduan@bappebti.go.id" in body["text"]
    assert sms_cost(body["text"]) <= (160, 160)


def test_front_desk_wordings_exist_and_their_sms_fit_one_message(agency):
    # given the longest values the fixed placeholders take
    samples = sample_values(agency)
    for kind in FRONT_DESK_KINDS:
        for language in ("id", "en"):
            # when
            email = default_wording(kind, "email", language)
            sms = default_wording(kind, "sms", language)
            # then each has an e-mail subject and an SMS that can always fit
            assert email.subject and email.body
            length, limit = longest_sms(Wording("", sms.body), samples)
            assert length <= limit, (kind, language, length)


def test_english_wording_for_an_english_speaker(agency):
    # when
    message = queue(agency, channel="sms", to="+6281200000000", language="en")
    # then
    assert "meeting confirmed on 3 Desember 2026" in message.body_text
    assert message.language == "en"
