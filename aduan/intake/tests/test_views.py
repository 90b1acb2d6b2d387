import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from aduan.audit.models import EventKind, PersonalDataAccess
from aduan.core import codes
from aduan.intake.models import Attachment, Complaint, Reporter
from aduan.intake.services import ComplaintInput, ReporterInput, register_complaint
from conftest import PNG_BYTES

NIK = "3171011501900001"
FORM_URL = "/lapor/dpmptsp-contoh/"


def citizen_post(client: Client, **overrides):
    data = {
        "kind": "pengaduan",
        "name": "Budi Santoso",
        "nik": NIK,
        "phone": "0812-3456-7890",
        "email": "budi@example.com",
        "address": "Jalan Kenanga 5",
        "what": "Izin saya belum terbit setelah 30 hari.",
        "where": "Loket 2",
    }
    data.update(overrides)
    return client.post(FORM_URL, data)


def test_public_submission_shows_number_and_code(agency):
    # given
    client = Client()
    # when
    response = citizen_post(
        client, attachments=[SimpleUploadedFile("bukti.png", PNG_BYTES)]
    )
    # then: straight to the receipt, which this browser sees with the name on it
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("intake:public-receipt", args=[complaint.tracking_code]) + "?t="
    )
    receipt = client.get(response["Location"]).content.decode()
    assert complaint.register_number in receipt
    assert codes.display(complaint.tracking_code) in receipt
    assert "Budi Santoso" in receipt
    assert "tidak dipungut biaya" in receipt
    assert complaint.channel == "website"
    assert complaint.reporter.phone == "+6281234567890"
    assert complaint.attachments.get().from_public is True


def test_receipt_without_the_fresh_token_has_no_name(agency):
    location = citizen_post(Client())["Location"]
    complaint = Complaint.objects.get()
    url = reverse("intake:public-receipt", args=[complaint.tracking_code])
    for query in ("", "?t=0:forged", location.split("?")[1][:-2] + "xx"):
        page = Client().get(
            url + ("" if not query or query.startswith("?") else "?") + query
        )
        assert complaint.register_number in page.content.decode()
        assert "Budi Santoso" not in page.content.decode()


def test_errors_keep_what_was_typed_and_save_nothing(agency):
    # when
    response = citizen_post(
        Client(),
        nik="123",
        phone="abc",
        what="",
        service_date="2999-01-01",
        attachments=[SimpleUploadedFile("foto.jpg", b"just text, not a photo")],
    )
    # then
    html = response.content.decode()
    assert response.status_code == 422
    assert "NIK harus 16 digit angka." in html
    assert "Nomor telepon tidak dapat dibaca" in html
    assert "Tanggal layanan tidak boleh di masa depan." in html
    assert "bukan jenis yang diterima" in html
    assert 'value="Budi Santoso"' in html
    assert 'value="Jalan Kenanga 5"' in html
    assert Complaint.objects.count() == 0
    assert Reporter.objects.count() == 0


def test_oversized_file_is_refused(agency, settings):
    settings.ADUAN_MAX_FILE_MB = 1
    big = PNG_BYTES + b"\x00" * (1024 * 1024)
    response = citizen_post(
        Client(), attachments=[SimpleUploadedFile("besar.png", big)]
    )
    assert response.status_code == 422
    assert "lebih dari 1 MB" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_oversized_request_gets_413(agency, settings):
    settings.ADUAN_MAX_REQUEST_MB = 1
    big = PNG_BYTES + b"\x00" * (2 * 1024 * 1024)
    response = citizen_post(
        Client(), attachments=[SimpleUploadedFile("besar.png", big)]
    )
    assert response.status_code == 413
    assert "terlalu besar" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_invisible_characters_do_not_fill_in_what_happened(agency):
    # when the description is only zero-width spaces and control characters
    response = citizen_post(Client(), what="\u200b \x07\u200b\t")
    # then it is asked for again, the rest stays typed, and nothing is saved
    html = response.content.decode()
    assert response.status_code == 422
    assert "Uraikan apa yang terjadi." in html
    assert 'value="Budi Santoso"' in html
    assert Complaint.objects.count() == 0


def test_text_is_kept_as_typed_shown_escaped_and_filenames_sanitised(agency, officer):
    # given text that looks like markup, as citizens do write it
    typed = "<script>alert(1)</script>Jalan <b>rusak</b>, tarif <Rp 5.000 & a<b"
    # when
    citizen_post(
        Client(),
        what=f" {typed}\x1b\u200b",
        attachments=[SimpleUploadedFile("../../etc/pass\x00wd.png", PNG_BYTES)],
    )
    # then nothing they typed is lost, only the invisible characters at the end
    complaint = Complaint.objects.get()
    assert complaint.what == typed
    # and the officer's page shows it as text, never as markup
    staff = Client()
    staff.force_login(officer)
    html = staff.get(complaint.get_absolute_url()).content.decode()
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;Jalan &lt;b&gt;rusak&lt;/b&gt;, "
        "tarif &lt;Rp 5.000 &amp; a&lt;b"
    ) in html
    assert "<script>alert(1)" not in html
    assert Attachment.objects.get().original_name == "passwd.png"


def test_tracking_page_shows_status_but_no_personal_data(agency, officer):
    # given a complaint with an internal correction
    citizen_post(Client())
    complaint = Complaint.objects.get()
    staff = Client()
    staff.force_login(officer)
    staff.post(
        reverse("intake:complaint-correct", args=[complaint.pk]),
        {"what": complaint.what, "subject": "Rahasia internal", "where": "Loket 2"},
    )
    # when the public opens it, typing the code in lower case with spaces
    typed = codes.display(complaint.tracking_code).lower().replace("-", " ")
    lookup = Client().get(reverse("intake:track-lookup"), {"kode": typed})
    page = Client().get(lookup["Location"])
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert "Diterima" in html
    assert complaint.register_number in html
    for private in (
        "Budi",
        NIK,
        "+6281234567890",
        "3456",
        "budi@example.com",
        "Kenanga",
        "Rahasia internal",
        "Izin saya belum terbit",
    ):
        assert private not in html
    assert "Data pengaduan dilengkapi" not in html


def test_public_form_is_only_for_agencies_that_take_web_complaints(agency):
    # given the demo agency's form, under its active profile
    page = Client().get(FORM_URL).content.decode()
    assert agency.name in page
    citizen_post(Client())
    complaint = Complaint.objects.get()
    assert complaint.agency == agency
    assert complaint.profile == agency.profiles.get(is_active=True)
    # when the agency stops taking complaints from the web, its form is gone
    agency.public_intake = False
    agency.save(update_fields=["public_intake"])
    assert Client().get(FORM_URL).status_code == 404
    assert citizen_post(Client()).status_code == 404
    assert Complaint.objects.count() == 1
    # and an agency code nobody has is not found either
    assert Client().get("/lapor/tidak-ada/").status_code == 404


def test_unknown_or_mistyped_code_is_404(agency):
    citizen_post(Client())
    code = Complaint.objects.get().tracking_code
    wrong_check = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = Client().get(reverse("intake:track-lookup"), {"kode": wrong_check})
    assert response.status_code == 404
    assert "Kode lacak tidak ditemukan" in response.content.decode()
    assert Client().get(f"/lacak/{wrong_check}/").status_code == 404


def test_complainant_adds_information(agency):
    citizen_post(Client())
    complaint = Complaint.objects.get()
    url = reverse("intake:track-detail", args=[complaint.tracking_code])
    # an empty addition is refused
    assert Client().post(url, {"text": "  "}).status_code == 422
    # a real one is recorded on the public timeline
    response = Client().post(
        url,
        {
            "text": "Nomor permohonan 123",
            "files": [SimpleUploadedFile("a.png", PNG_BYTES)],
        },
    )
    assert response.status_code == 302
    event = complaint.events.get(kind=EventKind.INFO_ADDED)
    assert event.is_public and event.data["text"] == "Nomor permohonan 123"
    assert complaint.attachments.count() == 1


def test_officer_registers_and_sees_number_at_once(client_for):
    # given
    desk = client_for("resepsionis")
    # when
    response = desk.post(
        reverse("intake:complaint-new"),
        {
            "channel": "langsung",
            "kind": "pengaduan",
            "name": "Siti Aminah",
            "what": "Antrean terlalu lama",
            "documents_received": ["formulir_pengaduan"],
            "employee_name": "Pak Joko",
            "employee_nip": "198001012005011001",
        },
        follow=True,
    )
    # then
    complaint = Complaint.objects.get()
    html = response.content.decode()
    assert re.search(r'data-testid="register-number">ADU/\d{4}/000001<', html)
    assert complaint.registered_by.username == "resepsionis"
    assert complaint.documents_received == ["formulir_pengaduan"]
    assert complaint.reported_employees.get().name == "Pak Joko"


def test_officer_form_errors_keep_input(client_for):
    response = client_for("petugas").post(
        reverse("intake:complaint-new"),
        {
            "channel": "telepon",
            "kind": "pengaduan",
            "name": "Siti",
            "what": "",
            "employee_nip": "12",
        },
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "NIP harus 18 digit angka." in html
    assert 'value="Siti"' in html
    assert Complaint.objects.count() == 0


def test_officer_adds_attachment_employee_and_correction(client_for, agency, officer):
    complaint = register_complaint(
        agency=agency,
        actor=officer,
        data=ComplaintInput(
            kind="pengaduan",
            channel="surat",
            what="Surat keberatan",
            reporter=ReporterInput(name="CV Maju"),
        ),
    )
    desk = client_for("petugas")
    base = complaint.pk
    bad = desk.post(
        reverse("intake:complaint-attachment-add", args=[base]),
        {"files": [SimpleUploadedFile("x.pdf", b"not a pdf")]},
    )
    assert bad.status_code == 422
    ok = desk.post(
        reverse("intake:complaint-attachment-add", args=[base]),
        {"files": [SimpleUploadedFile("scan.png", PNG_BYTES)]},
    )
    assert ok.status_code == 302
    desk.post(
        reverse("intake:complaint-employee-add", args=[base]),
        {"name": "Bu Rina", "nip": ""},
    )
    desk.post(
        reverse("intake:complaint-correct", args=[base]),
        {"what": "Surat keberatan atas retribusi", "subject": "Keberatan"},
    )
    complaint.refresh_from_db()
    assert complaint.what == "Surat keberatan atas retribusi"
    assert complaint.attachments.count() == 1
    assert [e.kind for e in complaint.events.order_by("seq")] == [
        "registered",
        "attachment_added",
        "employee_added",
        "details_updated",
    ]
    download = desk.get(
        reverse("intake:attachment-download", args=[complaint.attachments.get().pk])
    )
    assert b"".join(download.streaming_content) == PNG_BYTES
    assert download["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "path",
    ["/lacak/%00/", "/lacak/<script>/", "/lapor/nope/", "/kantor/pengaduan/999999/"],
)
def test_garbage_paths_are_404_not_500(agency, client_for, path):
    assert client_for("petugas").get(path).status_code == 404


def test_anonymous_staff_pages_redirect_to_login(agency):
    response = Client().get(reverse("intake:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_english_is_switchable(agency):
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": FORM_URL})
    html = client.get(FORM_URL).content.decode()
    assert 'lang="en"' in html
    assert "Full name" in html
    assert "Nama lengkap" not in html


def test_personal_data_reads_are_logged(agency, client_for, officer):
    citizen_post(Client())
    complaint = Complaint.objects.get()
    client_for("analis").get(complaint.get_absolute_url())
    access = PersonalDataAccess.objects.get()
    assert access.user.username == "analis"
    assert access.complaint == complaint
    # and so is every download of an attachment (the SOPs ask for a KTP copy)
    client_for("petugas").post(
        reverse("intake:complaint-attachment-add", args=[complaint.pk]),
        {"files": SimpleUploadedFile("ktp.png", PNG_BYTES)},
    )
    attachment = complaint.attachments.get()
    client_for("kepala").get(
        reverse("intake:attachment-download", args=[attachment.pk])
    )
    read = PersonalDataAccess.objects.latest("id")
    assert (read.user.username, read.purpose) == ("kepala", "attachment_download")
    assert read.fields == [f"attachment:{attachment.pk}"]


def test_referral_and_compensation_are_recorded(client_for):
    desk = client_for("petugas")
    missing = desk.post(
        reverse("intake:complaint-new"),
        {
            "channel": "surat",
            "kind": "pengaduan",
            "name": "Ombudsman RI",
            "what": "Rekomendasi atas laporan warga",
            "source": "ombudsman",
            "compensation_amount": "1500000",
        },
    )
    html = missing.content.decode()
    assert missing.status_code == 422
    assert "nomor surat rujukannya" in html and "dasar tuntutan" in html
    desk.post(
        reverse("intake:complaint-new"),
        {
            "channel": "surat",
            "kind": "pengaduan",
            "name": "Ombudsman RI",
            "what": "Rekomendasi atas laporan warga",
            "source": "ombudsman",
            "referral_number": "R/123/2026",
            "referral_date": "2026-11-02",
            "compensation_amount": "1500000",
            "compensation_basis": "Biaya izin ganda",
        },
    )
    complaint = Complaint.objects.get()
    assert (complaint.source, complaint.referral_number) == ("ombudsman", "R/123/2026")
    assert complaint.compensation_amount == 1500000


def test_cached_public_form_follows_the_profile_version_and_language(agency):
    """The empty form is cached; a new profile version and each language get their
    own copy, and every visitor still gets a CSRF token that works for them."""
    from aduan.agencies.selectors import active_profile
    from aduan.agencies.services import install_profile

    # given: the form was shown once (and cached), offering "saran"
    first = Client(enforce_csrf_checks=True)
    assert 'value="saran"' in first.get(FORM_URL).content.decode()
    # when: the admin installs a version that takes complaints only
    config = dict(active_profile(agency).config)
    config["kinds"] = ["pengaduan"]
    install_profile(agency, config)
    # then: the next visitor sees the new version's form, not the cached one
    second = Client(enforce_csrf_checks=True)
    html = second.get(FORM_URL).content.decode()
    assert 'value="saran"' not in html
    assert 'value="pengaduan"' in html
    # and each visitor's own token posts successfully
    for client in (first, second):
        token = client.cookies["csrftoken"].value
        response = client.post(
            FORM_URL,
            {
                "csrfmiddlewaretoken": token,
                "kind": "pengaduan",
                "name": "Budi Santoso",
                "what": "Izin saya belum terbit.",
            },
        )
        assert response.status_code == 302
    assert Complaint.objects.count() == 2
    # and English readers get the English form, not the cached Indonesian one
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": FORM_URL})
    assert "Full name" in client.get(FORM_URL).content.decode()


def test_too_many_files_keep_the_form_or_explain_the_bare_refusal(agency):
    # when a citizen picks 21 files (more than the form takes)
    many = [SimpleUploadedFile(f"foto{i}.png", PNG_BYTES) for i in range(21)]
    response = citizen_post(Client(), attachments=many)
    # then the form says how many it takes, keeps what was typed, saves nothing
    html = response.content.decode()
    assert response.status_code == 422
    assert "Paling banyak 10 berkas" in html
    assert "Izin saya belum terbit setelah 30 hari." in html
    # when far more than any form could take arrive, Django refuses the request
    # before the form runs: the page still says what to do
    flood = [SimpleUploadedFile(f"f{i}.png", PNG_BYTES) for i in range(101)]
    refused = citizen_post(Client(), attachments=flood)
    assert refused.status_code == 400
    assert "paling banyak 10 berkas" in refused.content.decode()
    assert Complaint.objects.count() == 0


KEY_RE = re.compile(r'name="kunci" value="([\w-]+)"')


def test_the_same_form_page_sent_twice_is_one_complaint(agency):
    # given a citizen's form page, with its own key
    client = Client()
    key = KEY_RE.search(client.get(FORM_URL).content.decode()).group(1)
    # when the first send comes back with an error, the page keeps its key
    refused = citizen_post(client, kunci=key, what="")
    assert refused.status_code == 422
    assert f'name="kunci" value="{key}"' in refused.content.decode()
    # when the corrected page is sent twice (a double tap on a slow phone)
    first = citizen_post(client, kunci=key)
    second = citizen_post(Client(), kunci=key)
    # then both lead to the same receipt, and there is one complaint
    complaint = Complaint.objects.get()
    for response in (first, second):
        assert response.status_code == 302
        assert f"/lacak/{complaint.tracking_code}/tanda-terima/" in response["Location"]
    # when someone else goes Back on that page and sends the same words in their
    # own name (a shared phone), it is their complaint, and they never see the
    # first one's receipt
    third = citizen_post(Client(), kunci=key, name="Ani Wijaya")
    ani = Complaint.objects.get(reporter__name="Ani Wijaya")
    assert f"/lacak/{ani.tracking_code}/tanda-terima/" in third["Location"]
    assert ani.tracking_code != complaint.tracking_code
    # and the register keeps no hole: another page's complaint is the next number
    other = KEY_RE.search(Client().get(FORM_URL).content.decode()).group(1)
    assert other != key
    citizen_post(Client(), kunci=other)
    seqs = sorted(Complaint.objects.values_list("register_seq", flat=True))
    assert seqs == [1, 2, 3]
    # and a key of junk is ignored, not an error
    assert citizen_post(Client(), kunci="x" * 500).status_code == 302


def test_the_desk_form_sent_twice_opens_the_first_complaint(client_for):
    # given the officer's new-complaint page and its key
    desk = client_for("petugas")
    page = desk.get(reverse("intake:complaint-new")).content.decode()
    key = re.search(r'name="kunci" value="([\w-]+)"', page).group(1)
    data = {
        "channel": "telepon",
        "kind": "pengaduan",
        "name": "Siti Aminah",
        "what": "Antrean terlalu lama",
        "kunci": key,
    }
    # when it is saved twice
    first = desk.post(reverse("intake:complaint-new"), data)
    second = desk.post(reverse("intake:complaint-new"), data, follow=True)
    # then the second opens the first complaint and says it was already saved
    complaint = Complaint.objects.get()
    assert first["Location"] == complaint.get_absolute_url()
    assert second.redirect_chain[-1][0] == complaint.get_absolute_url()
    assert "Sudah tersimpan sebelumnya" in second.content.decode()
    # when the officer goes Back to that page and types another complaint on it
    third = desk.post(
        reverse("intake:complaint-new"),
        {**data, "name": "Budi", "what": "Loket tutup sebelum jam 15.00"},
    )
    # then it is a new complaint, not the first one again
    assert Complaint.objects.count() == 2
    newer = Complaint.objects.exclude(pk=complaint.pk).get()
    assert third["Location"] == newer.get_absolute_url()
    assert newer.what == "Loket tutup sebelum jam 15.00"
