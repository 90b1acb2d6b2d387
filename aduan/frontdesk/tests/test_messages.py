"""Front-desk messages to the public go through the outbox of aduan.notify: queued
in the service's transaction, delivered by the worker, once per event (seed 000)."""

from datetime import timedelta

from django.utils import timezone

from aduan.core import dates
from aduan.frontdesk.models import (
    Appointment,
    AppointmentSource,
    ContactOutcome,
    PublicNotice,
)
from aduan.frontdesk.services import (
    AppointmentRequestInput,
    CallInput,
    cancel_appointment,
    finish_call,
    request_appointment,
    send_due_reminders,
    start_call,
)
from aduan.frontdesk.tests.factories import booked, local, set_clock, visiting_day
from aduan.notify.models import MessageKind, OutboundMessage
from aduan.notify.services import deliver_due


def test_confirmed_appointment_sends_one_confirmation_over_smtp(
    bappebti, staff, monkeypatch, smtp_server
):
    # given a visiting day, 08.00
    day = visiting_day(bappebti, timezone.localdate())
    morning = local(bappebti, day, 8)
    set_clock(monkeypatch, morning)
    officer = staff("petugas")
    # when the desk confirms a request from someone who gave an e-mail
    appointment = booked(
        bappebti,
        actor=officer,
        start=local(bappebti, day, 10),
        phone="",
        email="dewi@example.com",
    )
    # then exactly one confirmation is queued for the person, with no complaint
    confirmation = OutboundMessage.objects.get(kind=MessageKind.JANJI_TEMU_DIKONFIRMASI)
    assert (confirmation.channel, confirmation.to) == ("email", "dewi@example.com")
    assert confirmation.complaint is None
    assert confirmation.idempotency_key.startswith(f"janji-{appointment.pk}-")
    notice = appointment.notices.get(kind="konfirmasi")
    assert notice.message == confirmation
    # when the worker runs
    assert deliver_due(now=morning) == {"sent": 2, "retry": 0, "failed": 0}
    # then the SMTP server got the acknowledgement and the confirmation
    subjects = [str(m["Subject"]) for m in smtp_server.sink.messages]
    assert subjects == [
        "Permintaan janji temu Anda diterima",
        f"Janji temu dikonfirmasi: {_when(day)}",
    ]
    plain = smtp_server.sink.messages[1].get_body(preferencelist=("plain",))
    assert "Lantai 2 Gedung Bappebti" in plain.get_content()
    assert f"/janji-temu/{appointment.manage_token}/" in plain.get_content()
    confirmation.refresh_from_db()
    assert confirmation.status == "sent"


def _when(day) -> str:
    return f"{dates.format_date(day)}, 10.00 WIB"


def test_phone_only_person_gets_whatsapp_through_the_gateway(
    bappebti, staff, monkeypatch, gateway
):
    # given seed 000's profile, whose tickets go by e-mail and WhatsApp
    day = visiting_day(bappebti, timezone.localdate())
    set_clock(monkeypatch, local(bappebti, day, 8))
    # when someone who gave only a phone number is booked
    booked(bappebti, actor=staff("petugas"), start=local(bappebti, day, 9))
    deliver_due(now=local(bappebti, day, 8))
    # then both messages went to the WhatsApp gateway, the confirmation in one piece
    texts = [body["text"] for _key, body in gateway.state.requests]
    assert [body["channel"] for _key, body in gateway.state.requests] == [
        "whatsapp",
        "whatsapp",
    ]
    assert {body["to"] for _key, body in gateway.state.requests} == {"+6281234567890"}
    assert "dikonfirmasi" in texts[1] and "09.00 WIB" in texts[1]


def test_reminder_run_twice_queues_once(bappebti, staff, monkeypatch, gateway):
    # given a meeting two visiting days ahead
    first = visiting_day(bappebti, timezone.localdate())
    meeting_day = visiting_day(bappebti, first + timedelta(days=1))
    set_clock(monkeypatch, local(bappebti, first, 8))
    appointment = booked(
        bappebti, actor=staff("petugas"), start=local(bappebti, meeting_day, 9)
    )
    eve = local(bappebti, meeting_day - timedelta(days=1), 9)
    # when the reminder sweep runs twice on the eve
    assert send_due_reminders(now=eve) == 1
    assert send_due_reminders(now=eve + timedelta(hours=1)) == 0
    # then one reminder is queued, keyed on the appointment and the slot
    reminder = OutboundMessage.objects.get(kind=MessageKind.JANJI_TEMU_PENGINGAT)
    slot = f"{appointment.slot_start.timestamp():.0f}"
    assert reminder.idempotency_key == (
        f"janji-{appointment.pk}-janji_temu_pengingat-{slot}"
    )
    # and the worker hands it to the gateway once
    deliver_due(now=eve + timedelta(hours=2))
    deliver_due(now=eve + timedelta(hours=3))
    keys = [key for key, _body in gateway.state.requests]
    assert keys.count(reminder.idempotency_key) == 1
    assert "besok" in gateway.state.requests[-1][1]["text"]


def test_procedure_explained_sends_the_evidence_channels_of_the_profile(
    bappebti, staff, gateway
):
    # given a caller whose complaint must go the formal way
    officer = staff("petugas")
    contact = start_call(bappebti, actor=officer)
    # when the officer explains the procedure
    finish_call(
        contact,
        actor=officer,
        data=CallInput(
            outcome=ContactOutcome.PROSEDUR,
            kind="pengaduan",
            caller_name="Sari",
            caller_phone="+6281311112222",
            need="Dirugikan oleh robot trading.",
        ),
    )
    deliver_due(now=timezone.now() + timedelta(seconds=1))
    # then the caller got seed 000's WhatsApp number and e-mail for evidence
    message = OutboundMessage.objects.get(kind=MessageKind.TATA_CARA_PENGADUAN)
    assert message.idempotency_key == f"panggilan-{contact.pk}-tata_cara_pengaduan"
    assert (message.channel, message.status) == ("whatsapp", "sent")
    [(key, body)] = gateway.state.requests
    assert key == message.idempotency_key
    assert body["to"] == "+6281311112222"
    assert "WhatsApp 0811-1109-901" in body["text"]
    assert "pengaduan@bappebti.go.id" in body["text"]


def test_no_message_when_the_person_gave_no_contact(bappebti, staff, monkeypatch):
    # given a meeting whose person left no phone or e-mail (recorded at the desk
    # before contact details were required)
    day = visiting_day(bappebti, timezone.localdate())
    set_clock(monkeypatch, local(bappebti, day, 8))
    officer = staff("petugas")
    appointment = booked(bappebti, actor=officer, start=local(bappebti, day, 11))
    Appointment.objects.filter(pk=appointment.pk).update(phone="", email="")
    OutboundMessage.objects.all().delete()
    PublicNotice.objects.all().delete()
    # when the desk cancels it, and a call ends without contact details
    cancel_appointment(appointment, actor=officer, reason="Petugas dinas luar")
    contact = start_call(bappebti, actor=officer)
    finish_call(contact, actor=officer, data=CallInput(outcome=ContactOutcome.TERPUTUS))
    # then nothing is queued or recorded as sent
    assert OutboundMessage.objects.count() == 0
    assert PublicNotice.objects.count() == 0


def test_english_request_is_acknowledged_in_english(bappebti, monkeypatch):
    # given a visiting day
    day = visiting_day(bappebti, timezone.localdate())
    set_clock(monkeypatch, local(bappebti, day, 8))
    # when someone asks for a meeting on the English page
    request_appointment(
        bappebti,
        actor=None,
        data=AppointmentRequestInput(
            name="John Smith",
            purpose="Broker does not return my funds.",
            source=AppointmentSource.WEBSITE,
            email="john@example.com",
            language="en",
        ),
    )
    # then the acknowledgement is written in English
    message = OutboundMessage.objects.get()
    assert message.language == "en"
    assert message.subject == "Your appointment request has been received"
