"""The HTTP side: the public verification page, downloads, delivery and cancel."""

import hashlib
import re
from urllib.parse import urlencode

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aduan.audit.models import EventKind, PersonalDataAccess
from aduan.core import codes, dates
from aduan.documents import services
from aduan.documents.models import DocumentKind
from aduan.intake.views import RECEIPT_SALT
from conftest import PNG_BYTES


@pytest.fixture
def letter(agency, walk, django_capture_on_commit_callbacks):
    complaint = walk.to_processing(
        walk.register(agency, actor=walk.user(agency, "petugas"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        walk.sign(complaint, kind=DocumentKind.BAPP)
    return complaint.documents.get()


def _upload(content: bytes, name: str = "surat.pdf") -> dict:
    return {"file": SimpleUploadedFile(name, content, content_type="application/pdf")}


def test_verification_page_shows_the_document_without_personal_data(letter):
    # when anyone opens the link of the QR code
    response = Client().get(letter.verify_path)
    # then it shows number, date, kind, agency, signer and hash
    page = response.content.decode()
    assert response.status_code == 200
    for shown in [
        letter.number,
        dates.format_date(letter.dated),
        "Berita Acara",
        letter.complaint.agency.name,
        "Hendra Kepala, S.H., M.Si.",
        letter.sha256,
    ]:
        assert shown in page, shown
    # and nothing about the complainant or the case
    complaint = letter.complaint
    for hidden in [
        "Siti Aminah",
        "3171011501900001",
        "Melati",
        complaint.subject,
        complaint.register_number,
        complaint.tracking_code,
        codes.display(complaint.tracking_code),
        letter.signer_nip,
    ]:
        assert hidden not in page, hidden


def test_uploaded_pdf_matches_byte_for_byte_and_one_byte_changed_fails(letter):
    content = letter.file.open("rb").read()
    # when the very file is uploaded
    same = Client().post(letter.verify_path, _upload(content))
    # then it matches
    assert same.status_code == 200
    assert (
        "COCOK" in same.content.decode() and "TIDAK COCOK" not in same.content.decode()
    )
    # when one byte in the middle is changed
    middle = len(content) // 2
    changed = content[:middle] + bytes([content[middle] ^ 0x01]) + content[middle + 1 :]
    response = Client().post(letter.verify_path, _upload(changed))
    # then it does not
    assert response.status_code == 200
    assert "TIDAK COCOK" in response.content.decode()
    # and the search by content finds the original only
    found = Client().post("/verifikasi/", _upload(content)).content.decode()
    assert letter.verify_path in found
    assert (
        "TIDAK DITEMUKAN"
        in Client().post("/verifikasi/", _upload(changed)).content.decode()
    )


def test_verification_refuses_what_is_not_a_pdf_or_too_big(letter, monkeypatch):
    # a PNG renamed .pdf is judged by its bytes
    response = Client().post(letter.verify_path, _upload(PNG_BYTES, "foto.pdf"))
    assert response.status_code == 422
    assert "Berkas bukan PDF." in response.content.decode()
    # and a file over the limit is refused before it is read
    monkeypatch.setattr(services, "VERIFY_MAX_BYTES", 100)
    response = Client().post(letter.verify_path, _upload(letter.file.open("rb").read()))
    assert response.status_code == 422
    assert "COCOK" not in response.content.decode()


def test_unknown_token_is_404(db):
    assert Client().get("/verifikasi/tidak-ada/").status_code == 404


def test_staff_download_respects_personal_data(letter, agency, walk, client_for):
    # the analyst may fetch the BAPP; the unit staff may not (it names the reporter)
    url = f"/kantor/dokumen/{letter.pk}/"
    response = client_for("analis").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == letter.file.open("rb").read()
    # and that read of the reporter's name and address is logged
    read = PersonalDataAccess.objects.latest("id")
    assert (read.user.username, read.purpose) == ("analis", "document_download")
    assert client_for("unit").get(url).status_code == 404
    # while the disposition sheet masks the identity and is for the unit too
    sheet = services.issue_disposition_sheet(
        letter.complaint, actor=walk.user(agency, "analis")
    )
    assert client_for("unit").get(f"/kantor/dokumen/{sheet.pk}/").status_code == 200


def test_staff_see_the_archive_copys_hash_and_it_checks_out(letter, client_for):
    # given the issued BAPP and its staff copy with the initials
    assert letter.archive_file
    # when the analyst opens the complaint and downloads the staff copy
    page = client_for("analis").get(letter.complaint.get_absolute_url())
    shown = re.search(
        r'data-testid="archive-sha256">([0-9a-f]{64})<', page.content.decode()
    ).group(1)
    archive = client_for("analis").get(
        reverse("documents:document-archive", args=[letter.pk])
    )
    # then the hash on the page is that of the bytes downloaded, as on the timeline
    assert archive.status_code == 200
    assert hashlib.sha256(b"".join(archive.streaming_content)).hexdigest() == shown
    issued = letter.complaint.events.get(kind=EventKind.DOCUMENT_ISSUED)
    assert issued.data["archive_sha256"] == shown != letter.sha256
    # and that copy's read (it names the reporter) is logged
    read = PersonalDataAccess.objects.latest("id")
    assert (read.user.username, read.purpose) == ("analis", "archive_download")


def test_complainant_fetches_the_answer_and_receipt_with_their_code(letter):
    complaint = letter.complaint
    public = Client()
    # the tracking page lists the BAPP and serves it
    page = public.get(f"/lacak/{complaint.tracking_code}/").content.decode()
    url = f"/lacak/{complaint.tracking_code}/dokumen/{letter.pk}/"
    assert url in page
    assert public.get(url).status_code == 200
    # the receipt PDF needs the receipt page's own token
    receipt = f"/lacak/{complaint.tracking_code}/tanda-terima.pdf"
    assert public.get(receipt).status_code == 404
    token = (
        signing.TimestampSigner(salt=RECEIPT_SALT)
        .sign(complaint.tracking_code)
        .split(":", 1)[1]
    )
    page = public.get(
        f"/lacak/{complaint.tracking_code}/tanda-terima/?" + urlencode({"t": token})
    ).content.decode()
    link = re.search(r'href="([^"]+)" data-testid="receipt-pdf"', page).group(1)
    response = public.get(link.replace("&amp;", "&"))
    assert response.status_code == 200
    assert complaint.documents.filter(kind=DocumentKind.TANDA_TERIMA).count() == 1


def test_front_office_hands_over_and_the_timeline_shows_it(letter, client_for):
    complaint = letter.complaint
    front = client_for("petugas")
    # the complaint page offers the delivery form
    page = front.get(complaint.get_absolute_url()).content.decode()
    assert f"/kantor/dokumen/{letter.pk}/serahkan/" in page
    assert letter.sha256 in page
    today = dates.local(timezone.now(), complaint.agency.timezone).date()
    # when it is posted with a date in the future, then the same form comes back
    # open, as typed, with the reason beside it, and nothing is recorded
    refused = front.post(
        f"/kantor/dokumen/{letter.pk}/serahkan/",
        {"via": "pos", "on": "2999-01-01", "recipient": "Siti Aminah Binti Umar"},
    )
    html = refused.content.decode()
    assert refused.status_code == 422
    assert 'value="Siti Aminah Binti Umar"' in html
    assert "Tanggal penyerahan antara tanggal dokumen dan hari ini." in html
    letter.refresh_from_db()
    assert letter.delivered_on is None
    # when it is posted
    response = front.post(
        f"/kantor/dokumen/{letter.pk}/serahkan/",
        {"via": "pos", "on": today.isoformat(), "recipient": "Siti Aminah"},
    )
    # then the hand-over is on the staff and the public timeline
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.delivered_via == "pos" and letter.delivered_to == "Siti Aminah"
    page = front.get(complaint.get_absolute_url()).content.decode()
    assert "Dokumen diserahkan" in page and "Siti Aminah" in page
    public = Client().get(f"/lacak/{complaint.tracking_code}/").content.decode()
    assert "Dokumen diserahkan" in public


def test_cancel_through_the_page_keeps_the_number(letter, client_for):
    # a reason longer than the form takes comes back as typed, with the limit named
    long_reason = "Salah ketik nama pelapor. " * 60
    refused = client_for("kepala").post(
        f"/kantor/dokumen/{letter.pk}/batalkan/", {"reason": long_reason}
    )
    html = refused.content.decode()
    assert refused.status_code == 422
    assert long_reason.strip()[:200] in html
    assert "wajib diisi" not in html
    letter.refresh_from_db()
    assert letter.cancelled_at is None
    response = client_for("kepala").post(
        f"/kantor/dokumen/{letter.pk}/batalkan/", {"reason": "Salah ketik nama."}
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.cancelled_at is not None
    page = Client().get(letter.verify_path).content.decode()
    assert "DOKUMEN INI TELAH DIBATALKAN" in page and letter.number in page
    assert letter.complaint.events.filter(kind=EventKind.DOCUMENT_CANCELLED).exists()
    # and the answer goes back to the analyst, who is offered the draft again
    page = client_for("analis").get(letter.complaint.get_absolute_url())
    assert 'data-step="konsep"' in page.content.decode()
    assert "Diproses" in page.content.decode()


def test_signer_withdraws_the_answer_from_the_complaint_page(letter, client_for):
    # given the Kepala on a signed, answered complaint
    complaint = letter.complaint
    kepala = client_for("kepala")
    page = kepala.get(complaint.get_absolute_url()).content.decode()
    assert 'data-step="tarik_jawaban"' in page
    # when the step is sent without a reason, it is refused and nothing changes
    kepala.post(f"/kantor/pengaduan/{complaint.pk}/langkah/tarik_jawaban/", {})
    letter.refresh_from_db()
    assert letter.cancelled_at is None
    # when it is sent with a reason
    response = kepala.post(
        f"/kantor/pengaduan/{complaint.pk}/langkah/tarik_jawaban/",
        {"comment": "Nomor NIB pelapor salah."},
    )
    # then the letter is cancelled with that reason and the complaint is in process
    assert response.status_code == 302
    letter.refresh_from_db()
    complaint.refresh_from_db()
    assert letter.cancel_reason == "Nomor NIB pelapor salah."
    assert complaint.status == "diproses"


def test_issue_buttons_print_receipt_sheet_and_service_form(agency, walk, client_for):
    complaint = walk.to_processing(
        walk.register(agency, actor=walk.user(agency, "petugas"))
    )
    page = client_for("petugas").get(complaint.get_absolute_url()).content.decode()
    assert 'data-issue="tanda_terima"' in page
    assert 'data-issue="lembar_disposisi"' in page
    for kind in ["tanda_terima", "lembar_disposisi"]:
        response = client_for("petugas").post(
            f"/kantor/pengaduan/{complaint.pk}/dokumen/{kind}/"
        )
        assert response.status_code == 302
    assert sorted(complaint.documents.values_list("kind", flat=True)) == [
        "lembar_disposisi",
        "tanda_terima",
    ]
    # the service form is refused before the complaint is answered
    client_for("petugas").post(
        f"/kantor/pengaduan/{complaint.pk}/dokumen/form_penerimaan_layanan/"
    )
    assert complaint.documents.count() == 2
