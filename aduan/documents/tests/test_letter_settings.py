"""Per-agency letter settings (DOCUMENTS.md §1.1, §1.4, §1.5), versioned: signing
prefix, tembusan, kop variant and the paraf table on the archive copy only."""

from aduan.documents import services
from aduan.documents.forms import LetterSettingsForm
from aduan.documents.models import DocumentKind
from aduan.documents.tests.conftest import pdf_text


def _signed_letter(agency, walk, capture):
    complaint = walk.register(agency, actor=walk.user(agency, "petugas"))
    walk.to_processing(complaint)
    with capture(execute=True):
        walk.sign(complaint, kind=DocumentKind.SURAT_JAWABAN)
    return complaint.documents.get(kind=DocumentKind.SURAT_JAWABAN)


def test_letter_prints_the_agency_settings_and_the_archive_copy_its_initials(
    agency, walk, django_capture_on_commit_callbacks
):
    # given the admin writes letters "a.n. BUPATI CONTOH", short contact labels and
    # two copies (a second version: the first stays as it was)
    admin = walk.user(agency, "admin")
    services.save_letter_settings(agency, actor=admin, copies="Arsip")
    settings = services.save_letter_settings(
        agency,
        actor=admin,
        signing_prefix="a.n.",
        on_behalf_of="Bupati Contoh",
        copies_heading="Tembusan disampaikan kepada Yth.:",
        copies="Bupati Contoh (sebagai laporan)\nInspektur Kabupaten Contoh",
        closing_rule="single",
        contact_labels="short",
        paraf_table=True,
    )
    assert settings.version == 2
    # when a letter is signed
    document = _signed_letter(agency, walk, django_capture_on_commit_callbacks)
    assert document.settings_version == 2
    text = pdf_text(document.file.open("rb").read())
    # then the signature block signs on behalf, the kop uses the short labels and
    # the copies are listed under their heading
    assert "a.n. BUPATI CONTOH" in text
    assert "Telp. (0341) 123456" in text and "Telepon" not in text
    assert "Tembusan disampaikan kepada Yth.:" in text
    assert "Bupati Contoh (sebagai laporan);" in text
    assert "Inspektur Kabupaten Contoh." in text
    # and the copy sent out has no initials, the archive copy has the paraf table
    assert "SALINAN ARSIP" not in text and "diparaf" not in text
    archive = pdf_text(document.archive_file.open("rb").read())
    assert "SALINAN ARSIP (PERTINGGAL)" in archive
    initials = agency.profiles.get(is_active=True).config["approval_chain"]["initials"]
    assert initials and archive.count("diparaf") == len(initials)
    for step in initials:
        assert walk.user(agency, step["position"]).name in archive
    assert document.number in archive


def test_acting_officials_prefix_the_jabatan(
    agency, walk, django_capture_on_commit_callbacks
):
    services.save_letter_settings(
        agency, actor=walk.user(agency, "admin"), signing_prefix="Plt."
    )
    document = _signed_letter(agency, walk, django_capture_on_commit_callbacks)
    text = pdf_text(document.file.open("rb").read())
    assert "Plt. KEPALA DINAS" in text and "a.n." not in text
    # the default kop keeps the long labels
    assert "Telepon (0341) 123456" in text


def test_on_behalf_needs_whom(agency):
    form = LetterSettingsForm(
        data={
            "agency": agency.pk,
            "signing_prefix": "a.n.",
            "on_behalf_of": " ",
            "copies_heading": "Tembusan:",
            "closing_rule": "double",
            "contact_labels": "long",
        }
    )
    assert not form.is_valid()
    assert "a.n./u.b." in form.errors["on_behalf_of"][0]


def test_archive_copy_is_for_staff_only(
    agency, walk, client_for, django_capture_on_commit_callbacks
):
    document = _signed_letter(agency, walk, django_capture_on_commit_callbacks)
    url = f"/kantor/dokumen/{document.pk}/arsip/"
    response = client_for("petugas").get(url)
    assert response.status_code == 200
    assert "SALINAN ARSIP" in pdf_text(b"".join(response.streaming_content))
    assert client_for("unit").get(url).status_code == 404
