"""The outbox: a message is a row written with the change that causes it (issue E
point 1), for the complainant who follows the case (seed 002 steps 7-9)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aduan.core import codes
from aduan.core.errors import DomainError
from aduan.intake.services import ComplaintInput, ReporterInput, register_complaint
from aduan.notify.models import MessageKind, OutboundMessage, OutboundStatus
from aduan.notify.services import deliver_due, sample_values
from aduan.notify.wording import Wording, default_wording, longest_sms
from aduan.workflow.services import (
    initial_draft,
    record_satisfaction,
    return_complaint,
    save_draft,
    sign_draft,
    start_processing,
    submit_draft,
    verify_complaint,
    withdraw_answer,
)

FULL_FILE = ["formulir_pengaduan", "surat_pernyataan", "bukti"]


def answered(complaint, user_for):
    verify_complaint(complaint, actor=user_for("petugas"), documents=FULL_FILE)
    start_processing(complaint, actor=user_for("analis"))
    save_draft(
        complaint,
        actor=user_for("analis"),
        body="<p>Izin sudah terbit.</p>",
        outcome="terselesaikan",
    )
    submit_draft(complaint, actor=user_for("analis"))
    initial_draft(complaint, actor=user_for("kabid"))
    initial_draft(complaint, actor=user_for("sekretaris"))
    sign_draft(complaint, actor=user_for("kepala"))


def test_ticket_goes_by_email_and_sms_in_the_same_transaction(
    follow, settings, django_capture_on_commit_callbacks
):
    # given a reporter who follows the case, with e-mail and a mobile number
    settings.DEFAULT_FROM_EMAIL = "Pengaduan <pengaduan@dpmptsp.test>"
    # when the complaint is registered
    with django_capture_on_commit_callbacks() as callbacks:
        complaint = follow(email="siti@example.id", phone="+6281234567890")
    # then seed 001's ticket_by (email, sms) gets one ticket each, queued, and the
    # delivery task is queued only after commit
    rows = list(OutboundMessage.objects.order_by("channel"))
    assert [(m.channel, m.to, m.kind, m.status) for m in rows] == [
        ("email", "siti@example.id", "tiket", "queued"),
        ("sms", "+6281234567890", "tiket", "queued"),
    ]
    email, sms = rows
    assert complaint.register_number in email.subject
    assert codes.display(complaint.tracking_code) in email.body_text
    assert f"/lacak/{complaint.tracking_code}/" in email.body_html
    assert email.thread_id == f"<aduan.{complaint.tracking_code}@dpmptsp.test>"
    assert complaint.register_number in sms.body_text
    assert len(sms.body_text) <= 160
    assert len(callbacks) == 1
    assert all(m.complaint_id == complaint.pk for m in rows)


def test_no_message_without_the_wish_to_follow_and_no_extra_statement(
    agency, officer, follow
):
    # given the same registration twice, once following and once not
    follow(email="a@example.id")  # warm caches of the profile and the agency
    data = ComplaintInput(
        kind="pengaduan",
        channel="telepon",
        what="Lambat",
        wants_updates=False,
        reporter=ReporterInput(name="Warga", email="w@example.id"),
    )
    # when
    with CaptureQueriesContext(connection) as quiet:
        register_complaint(agency=agency, actor=officer, data=data)
    with CaptureQueriesContext(connection) as following:
        register_complaint(
            agency=agency,
            actor=officer,
            data=ComplaintInput(**{**data.__dict__, "wants_updates": True}),
        )
    # then nothing is written for the first; the second costs one look-up of the
    # agency's wording and one insert for all its messages
    assert OutboundMessage.objects.filter(to="w@example.id").count() == 1
    extra = [
        q["sql"] for q in following.captured_queries[len(quiet.captured_queries) :]
    ]
    assert len(following.captured_queries) - len(quiet.captured_queries) == 2, extra
    inserts = [q["sql"] for q in following.captured_queries if "notify_" in q["sql"]]
    assert len([s for s in inserts if s.startswith("INSERT")]) == 1


def test_profile_without_tickets_sends_none(agency_factory, user_for):
    # given seed 004, whose answers.ticket_by is empty (receipt at the desk only)
    malang = agency_factory("seed_004", prefix="004-")
    from aduan.accounts.models import User

    # when a follower registers
    register_complaint(
        agency=malang,
        actor=User.objects.get(username="004-petugas"),
        data=ComplaintInput(
            kind="pengaduan",
            channel="langsung",
            what="Timbangan",
            wants_updates=True,
            reporter=ReporterInput(name="Ibu", phone="+6281234567890"),
        ),
    )
    # then
    assert OutboundMessage.objects.exists() is False


def test_english_complainant_gets_english(follow):
    # when
    complaint = follow(email="jane@example.com", language="en")
    # then
    message = OutboundMessage.objects.get()
    assert message.language == "en"
    assert message.subject.startswith("Your complaint has been received")
    assert "Tracking code" in message.body_text
    assert complaint.register_number in message.subject


def test_refused_registration_queues_nothing(agency):
    # given a channel the profile does not serve
    with pytest.raises(DomainError):
        register_complaint(
            agency=agency,
            actor=None,
            data=ComplaintInput(
                kind="pengaduan",
                channel="faksimili",
                what="x",
                wants_updates=True,
                reporter=ReporterInput(name="A", email="a@example.id"),
            ),
        )
    # then
    assert OutboundMessage.objects.exists() is False


def test_life_cycle_notices_returned_answered_reopened_closed(follow, user_for):
    # given a follower's complaint at seed 001 (not satisfied reopens)
    complaint = follow(email="siti@example.id")
    # when the file is returned, then completed, answered, reopened, answered again
    # and closed
    return_complaint(complaint, actor=user_for("petugas"), missing=["surat_pernyataan"])
    returned = OutboundMessage.objects.get(kind=MessageKind.DIKEMBALIKAN)
    from aduan.workflow.services import complete_complaint

    complete_complaint(complaint, actor=user_for("petugas"))
    answered(complaint, user_for)
    record_satisfaction(complaint, satisfied=False, reason="Izin belum saya terima")
    complaint.refresh_from_db()
    start_processing(complaint, actor=user_for("analis"))
    save_draft(
        complaint,
        actor=user_for("analis"),
        body="<p>Izin dikirim ulang.</p>",
        outcome="terselesaikan",
    )
    submit_draft(complaint, actor=user_for("analis"))
    initial_draft(complaint, actor=user_for("kabid"))
    initial_draft(complaint, actor=user_for("sekretaris"))
    sign_draft(complaint, actor=user_for("kepala"))
    record_satisfaction(complaint, satisfied=True)
    # then each step told the complainant, in order
    kinds = list(OutboundMessage.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == [
        "tiket",
        "dikembalikan",
        "dijawab",
        "dibuka_kembali",
        "dijawab",
        "selesai",
    ]
    assert "Surat Pernyataan Kebenaran Aduan" in returned.body_text
    asked = OutboundMessage.objects.filter(kind="dijawab").first()
    assert "puas" in asked.body_text
    assert f"/lacak/{complaint.tracking_code}/" in asked.body_text
    reopened = OutboundMessage.objects.get(kind="dibuka_kembali")
    assert "Izin belum saya terima" in reopened.body_text


def test_a_withdrawn_answer_is_announced_with_its_void_number(follow, user_for):
    # given a follower whose answer was signed (and who was asked about it)
    complaint = follow(email="siti@example.id", phone="+6281234567890")
    answered(complaint, user_for)
    number = complaint.drafts.get().letter_number
    # when the Kepala withdraws it for a reason of the office's own
    withdraw_answer(complaint, actor=user_for("kepala"), reason="Kop surat lama.")
    # then the complainant is told, by each channel they follow, that this letter no
    # longer stands and a corrected one follows, without the internal reason
    told = list(OutboundMessage.objects.filter(kind=MessageKind.JAWABAN_DITARIK))
    assert sorted(m.channel for m in told) == ["email", "sms"]
    for message in told:
        assert number in message.body_text
        assert f"/lacak/{complaint.tracking_code}/" in message.body_text
        assert "Kop surat lama" not in message.body_text
    email = next(m for m in told if m.channel == "email")
    assert complaint.register_number in email.subject
    assert "ditarik" in email.subject and "nomor surat baru" in email.body_text


def test_the_withdrawal_sms_fits_one_message_with_the_longest_numbers(agency):
    # given the longest register and letter numbers of this agency's patterns
    samples = sample_values(agency)
    for language in ("id", "en"):
        # when / then
        sms = default_wording(MessageKind.JAWABAN_DITARIK, "sms", language)
        length, limit = longest_sms(Wording("", sms.body), samples)
        assert length <= limit, (language, length)


def test_answer_without_survey_does_not_ask(agency_factory):
    # given seed 002: satisfaction.ask is false
    from aduan.accounts.models import User

    uki = agency_factory("seed_002", prefix="002-")

    def user(name):
        return User.objects.get(username=f"002-{name}")

    complaint = register_complaint(
        agency=uki,
        actor=user("petugas"),
        data=ComplaintInput(
            kind="pengaduan",
            channel="langsung",
            what="Pungutan",
            who="Budi",
            when="Senin",
            where="Malili",
            how="Lisan",
            wants_updates=True,
            reporter=ReporterInput(name="Andi", email="andi@example.id"),
        ),
    )
    verify_complaint(complaint, actor=user("petugas"))
    start_processing(complaint, actor=user("petugas"))
    save_draft(
        complaint,
        actor=user("petugas"),
        body="<p>Ditindak.</p>",
        outcome="terselesaikan",
    )
    submit_draft(complaint, actor=user("petugas"))
    complaint.refresh_from_db()
    chain = complaint.profile.config.get("approval_chain", {}).get("initials", [])
    for step in chain:
        initial_draft(complaint, actor=user(step.get("position") or "kabid"))
    sign_draft(complaint, actor=user("kepala"))
    # then
    message = OutboundMessage.objects.get(kind=MessageKind.DIJAWAB_TANPA_SURVEI)
    assert "puas" not in message.body_text


def test_delivery_with_the_console_backend_of_the_demo(follow, settings, mailoutbox):
    # given the demo's default channels (console mail in production, locmem here;
    # SMS to the log)
    settings.ADUAN_SMS_BACKEND = "log"
    follow(email="siti@example.id", phone="+6281234567890")
    # when
    counts = deliver_due()
    # then
    assert counts == {"sent": 2, "retry": 0, "failed": 0}
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {
        OutboundStatus.SENT
    }
    [mail] = mailoutbox
    assert mail.to == ["siti@example.id"]
    assert mail.alternatives[0][1] == "text/html"
    sms = OutboundMessage.objects.get(channel="sms")
    assert sms.provider_id == f"log:{sms.idempotency_key}"
