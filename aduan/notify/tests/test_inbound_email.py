"""E-mail in (issue E point 3): messages from Thunderbird, Gmail and Outlook become
complaints or replies; bounces and auto-replies create nothing; a message twice is
filed once. The files under mails/ are whole RFC 822 messages as those programs
write them."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from aduan.audit.models import EventKind
from aduan.intake.models import Complaint
from aduan.notify.inbound import DuplicateMessage, receive_email
from aduan.notify.models import InboundMessage, OutboundMessage, OutboundStatus

MAILS = Path(__file__).parent / "mails"
# The tracking code the replies in mails/ quote (a valid code, fixed for the files).
CODE = "B8BW1QJT2Z0DW4HM9"


def mail(name: str) -> bytes:
    return (MAILS / name).read_bytes()


def with_code(complaint: Complaint, code: str = CODE) -> Complaint:
    Complaint.objects.filter(pk=complaint.pk).update(tracking_code=code)
    complaint.refresh_from_db()
    return complaint


def test_thunderbird_mail_becomes_a_complaint_with_its_attachments(agency):
    # when
    row = receive_email(mail("thunderbird_new_complaint.eml"), agency=agency)
    # then a received complaint on the e-mail channel, from the sender
    complaint = row.complaint
    assert row.status == "complaint"
    assert (complaint.channel, complaint.status) == ("email", "diterima")
    assert complaint.subject == "Izin PBG belum terbit setelah 40 hari"
    assert "lebih dari 40 hari" in complaint.what
    assert complaint.reporter.name == "Budi Santoso"
    assert complaint.reporter.email == "budi.santoso@example.id"
    assert complaint.register_number
    # the PDF and the photo are kept, the program is not (and staff are told)
    names = sorted(a.original_name for a in complaint.attachments.all())
    assert names == ["papan_pengumuman.jpg", "tanda-terima-PBG.pdf"]
    assert "aplikasi.exe" in row.note
    # and the sender gets the ticket by e-mail, threaded on the code
    ticket = OutboundMessage.objects.get(complaint=complaint)
    assert (ticket.kind, ticket.channel, ticket.to) == (
        "tiket",
        "email",
        "budi.santoso@example.id",
    )


def test_gmail_html_mail_uses_its_plain_part_and_encoded_subject(agency):
    # when
    row = receive_email(mail("gmail_new_complaint.eml"), agency=agency)
    # then
    complaint = row.complaint
    assert complaint.subject == "Pungutan liar saat murus NIB — mohon ditindaklanjuti"
    assert '"biaya percepatan"' in complaint.what
    assert "<div" not in complaint.what
    assert [a.content_type for a in complaint.attachments.all()] == ["image/jpeg"]


def test_same_message_twice_gives_one_complaint(agency):
    # given
    raw = mail("thunderbird_new_complaint.eml")
    receive_email(raw, agency=agency)
    # when the poller or a person files it again
    with pytest.raises(DuplicateMessage):
        receive_email(raw, agency=agency)
    # then
    assert Complaint.objects.count() == 1
    assert InboundMessage.objects.count() == 1
    assert OutboundMessage.objects.count() == 1


def test_gmail_reply_threaded_on_the_code_adds_to_the_complaint(agency, follow):
    # given the complaint whose ticket Ratna replies to
    complaint = with_code(follow(email="ratna.lestari@gmail.com"))
    before = Complaint.objects.count()
    # when
    row = receive_email(mail("gmail_reply.eml"), agency=agency)
    # then no new complaint: the reply and its PDF are on the complaint's timeline
    assert row.status == "reply"
    assert row.complaint == complaint
    assert Complaint.objects.count() == before
    event = complaint.events.filter(kind=EventKind.INFO_ADDED).get()
    assert event.data["text"].startswith("Terima kasih. Berikut saya lampirkan")
    assert "menulis:" not in event.data["text"]  # the quoted ticket is left out
    assert [a.original_name for a in complaint.attachments.all()] == [
        "surat-pernyataan.pdf"
    ]


def test_outlook_reply_quoting_the_code_without_thread_headers(agency, follow):
    # given
    complaint = with_code(follow(email="hendro@sinarmakmur.co.id"))
    # when
    row = receive_email(mail("outlook_reply_without_headers.eml"), agency=agency)
    # then found by the code in the subject and the quoted text
    assert (row.status, row.complaint) == ("reply", complaint)
    event = complaint.events.get(kind=EventKind.INFO_ADDED)
    assert event.data["text"].endswith("PT Sinar Makmur Abadi")
    assert complaint.attachments.get().content_type == "image/png"


def test_thunderbird_reply_with_the_code_only_in_the_quote(agency, follow):
    # given
    complaint = with_code(follow(email="budi.santoso@example.id"))
    # when
    row = receive_email(mail("thunderbird_reply_quoted.eml"), agency=agency)
    # then
    assert (row.status, row.complaint) == ("reply", complaint)
    event = complaint.events.get(kind=EventKind.INFO_ADDED)
    assert event.data["text"] == (
        "Fotokopi KTP sudah saya serahkan langsung ke loket tadi pagi."
    )


def test_reply_quoting_a_code_of_another_agency_is_a_new_complaint(
    agency_factory, follow
):
    # given the code belongs to a complaint of another agency
    with_code(follow(email="budi.santoso@example.id"))
    other = agency_factory("seed_000", prefix="000-")
    # when
    row = receive_email(mail("thunderbird_reply_quoted.eml"), agency=other)
    # then it is not added to a complaint it cannot see
    assert row.status == "complaint"
    assert row.complaint.agency == other
    assert row.complaint.events.filter(kind=EventKind.INFO_ADDED).exists() is False


@pytest.mark.parametrize(
    "name", ["outlook_auto_reply.eml", "autoresponder_x_autoreply.eml"]
)
def test_auto_replies_create_nothing(agency, follow, name):
    # given a complaint the auto-reply would otherwise attach to
    complaint = with_code(follow(email="hendro@sinarmakmur.co.id"))
    events = complaint.events.count()
    # when
    row = receive_email(mail(name), agency=agency)
    # then
    assert row.status == "auto_reply"
    assert row.complaint is None
    assert Complaint.objects.count() == 1
    assert complaint.events.count() == events
    assert OutboundMessage.objects.filter(complaint=complaint).count() == 1


def test_dsn_bounce_marks_our_message_failed_and_creates_nothing(agency, follow):
    # given the ticket the bounce reports on
    complaint = follow(email="salah.ketik@example.id")
    ticket = OutboundMessage.objects.get(complaint=complaint)
    OutboundMessage.objects.filter(pk=ticket.pk).update(
        idempotency_key="tiket-2-email-9f8e7d6c5b4a", status=OutboundStatus.SENT
    )
    # when
    row = receive_email(mail("postfix_dsn_bounce.eml"), agency=agency)
    # then
    assert row.status == "bounce"
    assert Complaint.objects.count() == 1
    ticket.refresh_from_db()
    assert ticket.status == OutboundStatus.FAILED
    assert "550 5.1.1" in ticket.last_error


def test_read_email_command_reads_standard_input(agency, monkeypatch):
    # given
    raw = mail("gmail_new_complaint.eml")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    # when
    call_command("read_email", "-", agency=agency.code, stdout=out)
    call_command(
        "read_email",
        str(MAILS / "gmail_new_complaint.eml"),
        agency=agency.code,
        stdout=out,
    )
    # then
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("complaint <CAJx8Qk3v_Ww9kZrN1tYp")
    assert lines[1].startswith("duplicate")
    assert Complaint.objects.count() == 1


def test_mail_that_fails_the_profile_is_kept_and_explained(agency_factory):
    # given seed 003: a service date is required, which an e-mail cannot carry
    babel = agency_factory("seed_003", prefix="003-")
    # when
    row = receive_email(mail("thunderbird_new_complaint.eml"), agency=babel)
    # then no complaint, and staff see why
    assert row.status == "rejected"
    assert row.complaint is None
    assert "Tanggal menerima layanan" in row.note
    assert Complaint.objects.exists() is False


def test_a_message_nested_past_the_parser_is_filed_and_refused(agency):
    # given a message of 1,000 nested multipart parts around one line of text
    head = b"From: Budi <budi@example.com>\r\nMessage-ID: <deep1000@x.test>\r\n"
    head += b"Subject: Jalan rusak\r\nMIME-Version: 1.0\r\n"
    body = b""
    for level in range(1000):
        body += (
            f"Content-Type: multipart/mixed; boundary=b{level}\r\n\r\n--b{level}\r\n"
        ).encode()
    body += b"Content-Type: text/plain\r\n\r\nJalan rusak parah.\r\n"
    for level in reversed(range(1000)):
        body += f"--b{level}--\r\n".encode()
    # when it is filed
    row = receive_email(head + body, agency=agency)
    # then it is on record with its sender and subject, the original kept for the
    # officer to read, and it is not lost: its subject is what can be read of it
    row.refresh_from_db()
    assert (row.sender, row.subject) == ("budi@example.com", "Jalan rusak")
    assert row.raw and row.status == "complaint"
    assert Complaint.objects.get().what == "Jalan rusak"


def test_control_characters_and_a_mailbox_less_sender_are_cleaned(agency):
    # given a message with a NUL in its subject and body, from a name with no address
    raw = (
        b"From: Budi Santoso\r\nMessage-ID: <nul1@x.test>\r\n"
        b"Subject: Jalan\x00 rusak\x07\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"\r\nLubang\x00 besar di depan kantor kelurahan.\r\n"
    )
    # when it is filed
    row = receive_email(raw, agency=agency)
    # then no control character reaches the database, and no address is invented
    row.refresh_from_db()
    assert row.subject == "Jalan rusak"
    assert "\x00" not in row.body and "Lubang besar" in row.body
    assert row.sender == ""
    for complaint in Complaint.objects.all():
        assert "\x00" not in complaint.what
        assert complaint.reporter is None or complaint.reporter.email == ""


def test_a_bounce_from_a_bare_mailer_daemon_is_still_a_bounce(agency):
    # given a bounce whose From names no domain, as some servers send them
    raw = (
        b"From: MAILER-DAEMON\r\nMessage-ID: <bare-daemon@x.test>\r\n"
        b"Subject: Undelivered Mail Returned to Sender\r\n"
        b"Content-Type: text/plain\r\n\r\nThe mail system could not deliver.\r\n"
    )
    # when it is filed
    row = receive_email(raw, agency=agency)
    # then it is a bounce, and no complaint comes of it
    assert row.status == "bounce"
    assert not Complaint.objects.exists()
