"""The outbox page: staff see what went out and what failed, and resend it."""

from aduan.notify.models import OutboundMessage, OutboundStatus
from aduan.notify.services import deliver_due


def test_officer_sees_failed_messages_and_resends_one(follow, gateway, client_for):
    # given a ticket the gateway refused
    follow(phone="+6281234567890")
    gateway.state.token = "rotated"
    deliver_due()
    message = OutboundMessage.objects.get()
    assert message.status == OutboundStatus.FAILED
    officer = client_for("petugas")
    # when the officer opens the outbox
    page = officer.get("/kantor/pesan/?status=failed")
    # then the failure and its reason are shown, with a resend button
    text = page.content.decode()
    assert page.status_code == 200
    assert "+6281234567890" in text and "HTTP 401" in text
    assert f"/kantor/pesan/{message.pk}/kirim-ulang/" in text
    # when it is resent after the token was fixed
    gateway.state.token = "rahasia-gateway"
    response = officer.post(f"/kantor/pesan/{message.pk}/kirim-ulang/")
    deliver_due()
    # then
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == OutboundStatus.SENT


def test_resend_of_a_sent_message_is_refused(follow, client_for):
    # given a delivered message
    follow(email="siti@example.id")
    deliver_due()
    message = OutboundMessage.objects.get()
    # when
    response = client_for("petugas").post(
        f"/kantor/pesan/{message.pk}/kirim-ulang/", follow=True
    )
    # then
    assert "Hanya pesan yang gagal" in response.content.decode()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)


def test_roles_without_the_outbox_see_nothing(follow, client_for):
    # given
    follow(email="siti@example.id")
    message = OutboundMessage.objects.get()
    auditor = client_for("auditor")
    # when / then
    page = auditor.get("/kantor/pesan/")
    assert "siti@example.id" not in page.content.decode()
    assert auditor.post(f"/kantor/pesan/{message.pk}/kirim-ulang/").status_code == 404


def test_confidential_reporter_is_masked_and_the_reported_employee_sees_nothing(
    agency_factory,
):
    # given seed 002 (a confidential identity is for petugas and auditor only), a
    # follower's complaint naming the receiving officer
    from django.test import Client

    from aduan.accounts.models import User
    from aduan.intake.models import ReportedEmployee
    from aduan.intake.services import (
        ComplaintInput,
        ReporterInput,
        register_complaint,
    )

    uki = agency_factory("seed_002", prefix="002-")

    def client(name):
        c = Client()
        c.force_login(User.objects.get(username=f"002-{name}"))
        return c

    complaint = register_complaint(
        agency=uki,
        actor=User.objects.get(username="002-petugas"),
        data=ComplaintInput(
            kind="pengaduan",
            channel="langsung",
            what="Petugas meminta imbalan",
            who="Budi",
            when="Senin",
            where="Malili",
            how="Lisan",
            wants_updates=True,
            reporter=ReporterInput(
                name="Rahasia", email="rahasia@example.id", is_confidential=True
            ),
        ),
    )
    ReportedEmployee.objects.create(
        complaint=complaint, name="P", user=User.objects.get(username="002-petugas")
    )
    # when the front desk and the named officer open the outbox
    front_desk = client("resepsionis").get("/kantor/pesan/").content.decode()
    named = client("petugas").get("/kantor/pesan/").content.decode()
    # then the front desk sees that a ticket went, not to whom; the officer named
    # in the complaint sees nothing of it
    assert complaint.register_number in front_desk
    assert "r***@example.id" in front_desk
    assert "rahasia@example.id" not in front_desk
    assert complaint.register_number not in named
    assert "example.id" not in named


def test_web_form_in_english_queues_an_english_ticket(agency):
    # given a citizen on the English public form who wants updates
    from django.test import Client

    from aduan.intake.models import Complaint

    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    # when
    response = client.post(
        f"/lapor/{agency.code}/",
        {
            "kind": "pengaduan",
            "name": "Jane Doe",
            "email": "jane@example.com",
            "what": "The permit office was closed during opening hours.",
            "wants_updates": "on",
        },
    )
    # then the receipt page, and the ticket waits in the outbox in English
    assert response.status_code == 302, response.content.decode()[:2000]
    complaint = Complaint.objects.get()
    message = OutboundMessage.objects.get()
    assert (message.to, message.language, message.kind) == (
        "jane@example.com",
        "en",
        "tiket",
    )
    assert complaint.register_number in message.subject
    assert message.subject.startswith("Your complaint has been received")
