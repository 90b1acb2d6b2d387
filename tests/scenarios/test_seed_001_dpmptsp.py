"""Seed 001, DPMPTSP: an incomplete walk-in file goes back to the complainant; once
complete (the clock starts then, 2 to 10 working days), the analyst verifies and
studies it, the division supplies material, the analyst drafts the BAPP, the Kabid and
the Sekretaris initial, the Kepala Dinas signs, and the BAPP is numbered."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aduan.audit.models import EventKind as K
from aduan.core import dates
from aduan.core.numbering import ROMAN_MONTHS
from aduan.workflow.models import Approval, Disposition
from aduan.workflow.status import Status as S
from conftest import PNG_BYTES
from tests.scenarios.flow import (
    NIK,
    desk_register,
    do,
    due,
    events,
    kinds,
    last,
    login,
    moves,
    parse_instant,
    refused,
    text_of,
    track_url,
    unit,
)

WALK_IN = {
    "channel": "langsung",
    "kind": "pengaduan",
    "name": "Siti Aminah",
    "nik": NIK,
    "phone": "0812-3456-7890",
    "email": "siti@example.com",
    "address": "Jalan Melati 7",
    "what": "Izin usaha saya belum terbit setelah 20 hari kerja.",
    "documents_received": ["formulir_pengaduan"],
}
KABID = "Kepala Bidang Pengaduan, Kebijakan dan Pelaporan Layanan"
SEKRETARIS = "Sekretaris DPMPTSP"


def _offered(client, complaint, step: str) -> bool:
    """Whether the complaint page offers this user the step."""
    page = client.get(complaint.get_absolute_url()).content.decode()
    return f'data-step="{step}"' in page


def _returned_walk_in(agency):
    """A walk-in with only the complaint form, returned for the two missing papers."""
    front_office = login("petugas")
    complaint, _ = desk_register(front_office, **WALK_IN)
    # an incomplete file does not start the answer clock
    assert complaint.answer_due_at is None
    do(
        front_office,
        complaint,
        "kembalikan",
        missing=["surat_pernyataan", "bukti"],
        note="Surat pernyataan bermeterai.",
    )
    return complaint, front_office


def test_returned_file_is_completed_on_the_tracking_page_and_then_verified(agency):
    # given a walk-in whose file lacked the statement of truth and the evidence
    complaint, _ = _returned_walk_in(agency)
    analyst = login("analis")
    assert complaint.status == S.DIKEMBALIKAN
    # then the tracking page tells the complainant exactly what is missing
    public = text_of(Client().get(track_url(complaint)))
    assert "Lengkapi berkas Anda" in public
    assert (
        "Surat Pernyataan Kebenaran Aduan, Bukti pendukung; "
        "Surat pernyataan bermeterai."
    ) in public
    assert last(complaint, K.STATUS_CHANGED).data["public_note"] in public

    # when the complainant sends the missing papers through the tracking page
    response = Client().post(
        track_url(complaint),
        {
            "text": "Terlampir surat pernyataan dan bukti pembayaran.",
            "files": [
                SimpleUploadedFile("pernyataan.png", PNG_BYTES),
                SimpleUploadedFile("bukti.png", PNG_BYTES),
            ],
        },
    )
    assert response.status_code == 302
    complaint.refresh_from_db()

    # then the file is back with the officer, with the papers attached
    assert complaint.status == S.DITERIMA
    completed = last(complaint, K.STATUS_CHANGED)
    assert completed.data["action"] == "lengkapi"
    assert complaint.attachments.filter(from_public=True).count() == 2
    assert "Terlampir surat pernyataan" in text_of(
        analyst.get(complaint.get_absolute_url())
    )

    # when the analyst verifies without confirming that the papers are the right ones
    refused(
        analyst,
        complaint,
        "verifikasi",
        message=(
            "Berkas belum lengkap (Surat Pernyataan Kebenaran Aduan, Bukti pendukung)"
        ),
    )

    # when the analyst confirms both papers and picks the complex class (10 days)
    do(
        analyst,
        complaint,
        "verifikasi",
        documents=["surat_pernyataan", "bukti"],
        time_class="kompleks",
    )

    # then it is verified, the file is complete, and the 10-working-day clock runs
    # from the completed file, written on the timeline
    assert complaint.status == S.TERVERIFIKASI
    assert complaint.documents_received == [
        "bukti",
        "formulir_pengaduan",
        "surat_pernyataan",
    ]
    assert complaint.answer_due_at == due(agency, completed.at, 10)
    deadline = last(complaint, K.DEADLINE_SET)
    assert deadline.at >= completed.at
    assert deadline.data["time_class"] == "kompleks"
    assert parse_instant(deadline.data["due_at"]) == complaint.answer_due_at
    assert moves(complaint) == [S.DIKEMBALIKAN, S.DITERIMA, S.TERVERIFIKASI]
    assert kinds(complaint)[:4] == [
        K.REGISTERED,
        K.STATUS_CHANGED,
        K.INFO_ADDED,
        K.STATUS_CHANGED,
    ]
    assert K.DEADLINE_SET in kinds(complaint)[4:]


def test_walk_in_is_completed_verified_disposed_drafted_initialled_and_signed(agency):
    # given a walk-in file returned for the missing statement and evidence
    complaint, front_office = _returned_walk_in(agency)
    analyst, unit_staff = login("analis"), login("unit")
    kabid, sekretaris, kepala = login("kabid"), login("sekretaris"), login("kepala")

    # when the complainant brings the papers to the front office
    do(front_office, complaint, "lengkapi", documents=["surat_pernyataan", "bukti"])
    # then the 10-working-day clock starts from the complete file
    completed = last(complaint, K.STATUS_CHANGED)
    assert complaint.status == S.DITERIMA
    assert complaint.answer_started_at == completed.at
    assert complaint.answer_due_at == due(agency, completed.at, 10)
    assert (
        parse_instant(last(complaint, K.DEADLINE_SET).data["due_at"])
        == complaint.answer_due_at
    )

    # when the analyst verifies it as a medium complaint (5 working days)
    do(analyst, complaint, "verifikasi", time_class="sedang")
    # then the limit of the time class counts from the complete file
    assert complaint.status == S.TERVERIFIKASI
    assert complaint.time_class == "sedang"
    assert complaint.answer_due_at == due(agency, completed.at, 5)
    by_class = last(complaint, K.DEADLINE_SET)
    assert by_class.data["time_class"] == "sedang"
    assert parse_instant(by_class.data["due_at"]) == complaint.answer_due_at

    # when the Kabid routes it to the complaints division, which replies
    division = unit(agency, "pengaduan")
    do(
        kabid,
        complaint,
        "disposisi",
        units=[division.pk],
        instruction="siapkan_bahan",
        note="Koordinasikan dengan bidang perizinan.",
    )
    disposition = Disposition.objects.get(complaint=complaint)
    do(
        unit_staff,
        complaint,
        "tanggapi",
        disposition=disposition.pk,
        text="Izin tertunda karena berkas teknis; terbit minggu ini.",
    )
    assert complaint.status == S.DIPROSES

    # when the analyst drafts the answer: the profile's document is the BAPP
    page = analyst.get(complaint.get_absolute_url()).content.decode()
    assert re.search(r'<option value="bapp" selected>', page)
    do(
        analyst,
        complaint,
        "konsep",
        kind="bapp",
        outcome="terselesaikan",
        body="<p>Izin usaha Saudara terbit pada minggu ini.</p>",
    )
    do(analyst, complaint, "ajukan")
    assert complaint.status == S.MENUNGGU_PERSETUJUAN

    # then the Kabid initials first, and cannot initial the same version twice
    do(kabid, complaint, "paraf", comment="Setuju.")
    assert not _offered(kabid, complaint, "paraf")
    refused(kabid, complaint, "paraf")
    # and the Kepala cannot sign before the Sekretaris initials
    assert not _offered(kepala, complaint, "tanda_tangan")
    refused(kepala, complaint, "tanda_tangan")
    do(sekretaris, complaint, "paraf")
    assert complaint.drafts.get().step == 2

    # when the Kepala sends the draft back for a correction
    do(kepala, complaint, "kembalikan_konsep", comment="Cantumkan nomor izin.")
    # then the draft is with the analyst again and every initial is void
    assert complaint.status == S.DIPROSES
    assert complaint.drafts.get().step == 0
    refused(kepala, complaint, "tanda_tangan")

    # when the analyst saves a corrected version and submits it again
    do(
        analyst,
        complaint,
        "konsep",
        kind="bapp",
        outcome="terselesaikan",
        body="<p>Izin usaha Nomor 123/2026 terbit pada minggu ini.</p>",
    )
    do(analyst, complaint, "ajukan")
    # then the new version needs both initials again, the Kabid's first
    assert not _offered(kepala, complaint, "tanda_tangan")
    refused(kepala, complaint, "tanda_tangan")
    assert not _offered(sekretaris, complaint, "paraf")
    assert _offered(kabid, complaint, "paraf")
    do(kabid, complaint, "paraf")
    do(sekretaris, complaint, "paraf")

    # when the Kepala Dinas signs
    do(kepala, complaint, "tanda_tangan")

    # then the BAPP is numbered at signing from the profile's BAPP series
    assert complaint.status == S.DIJAWAB
    signed = last(complaint, K.SIGNED)
    local = dates.local(signed.at, agency.timezone)
    draft = complaint.drafts.get()
    assert draft.kind == "bapp"
    assert draft.letter_number == (
        f"BA-001/DPMPTSP/{ROMAN_MONTHS[local.month - 1]}/{local.year}"
    )
    assert signed.data["version"] == 2
    initials = [
        (a.version, a.title, a.actor.username)
        for a in Approval.objects.filter(draft=draft, decision="paraf").order_by(
            "at", "id"
        )
    ]
    assert initials == [
        (1, KABID, "kabid"),
        (1, SEKRETARIS, "sekretaris"),
        (2, KABID, "kabid"),
        (2, SEKRETARIS, "sekretaris"),
    ]
    met = last(complaint, K.DEADLINE_MET)
    assert parse_instant(met.data["due_at"]) == due(agency, completed.at, 5)
    assert draft.letter_number in text_of(Client().get(track_url(complaint)))

    # when the complainant says on the tracking page that they are satisfied
    response = Client().post(track_url(complaint), {"satisfied": "1"})
    assert response.status_code == 302
    complaint.refresh_from_db()

    # then the complaint is closed
    assert complaint.status == S.SELESAI
    assert complaint.satisfactions.get().satisfied is True
    assert moves(complaint) == [
        S.DIKEMBALIKAN,
        S.DITERIMA,
        S.TERVERIFIKASI,
        S.DIDISPOSISIKAN,
        S.DIPROSES,
        S.MENUNGGU_PERSETUJUAN,
        S.DIPROSES,
        S.MENUNGGU_PERSETUJUAN,
        S.DIJAWAB,
        S.SELESAI,
    ]
    assert kinds(complaint) == [
        K.REGISTERED,
        K.STATUS_CHANGED,
        K.STATUS_CHANGED,
        K.DEADLINE_SET,
        K.STATUS_CHANGED,
        K.DEADLINE_SET,
        K.STATUS_CHANGED,
        K.DISPOSED,
        K.UNIT_REPLIED,
        K.STATUS_CHANGED,
        K.DRAFT_SAVED,
        K.STATUS_CHANGED,
        K.INITIALLED,
        K.INITIALLED,
        K.STATUS_CHANGED,
        K.DRAFT_SAVED,
        K.STATUS_CHANGED,
        K.INITIALLED,
        K.INITIALLED,
        K.STATUS_CHANGED,
        K.DEADLINE_MET,
        K.SIGNED,
        K.SATISFACTION,
        K.STATUS_CHANGED,
    ]
    assert [e.data["version"] for e in events(complaint, K.INITIALLED)] == [1, 1, 2, 2]


def test_sekretaris_cannot_initial_in_the_place_of_the_kabid(agency):
    # given a BAPP draft waiting for the first initial, the Kabid's (seed 001 step 6)
    front_office, analyst = login("petugas"), login("analis")
    complaint, _ = desk_register(
        front_office,
        **{
            **WALK_IN,
            "documents_received": ["formulir_pengaduan", "surat_pernyataan", "bukti"],
        },
    )
    do(analyst, complaint, "verifikasi")
    do(analyst, complaint, "proses")
    do(
        analyst,
        complaint,
        "konsep",
        kind="bapp",
        outcome="terselesaikan",
        body="<p>Selesai.</p>",
    )
    do(analyst, complaint, "ajukan")

    # when the Sekretaris tries to initial first
    refused(login("sekretaris"), complaint, "paraf")

    # then no initial in the Kabid's name was recorded by someone else
    assert not Approval.objects.filter(draft__complaint=complaint).exists()


def _complete_walk_in():
    front_office = login("petugas")
    complaint, _ = desk_register(
        front_office,
        **{
            **WALK_IN,
            "documents_received": ["formulir_pengaduan", "surat_pernyataan", "bukti"],
        },
    )
    return complaint, front_office


def test_a_draft_sent_back_must_be_revised_before_it_is_submitted_again(agency):
    # given a BAPP the Kabid initialled and the Sekretaris sent back
    complaint, _ = _complete_walk_in()
    analyst, kabid, sekretaris = login("analis"), login("kabid"), login("sekretaris")
    do(analyst, complaint, "verifikasi")
    do(analyst, complaint, "proses")
    do(
        analyst,
        complaint,
        "konsep",
        kind="bapp",
        outcome="terselesaikan",
        body="<p>Versi pertama.</p>",
    )
    do(analyst, complaint, "ajukan")
    do(kabid, complaint, "paraf")
    do(sekretaris, complaint, "kembalikan_konsep", comment="Lengkapi dasar hukum.")

    # when the analyst submits it again without saving a revised text
    refused(analyst, complaint, "ajukan")

    # then it stays with the analyst (it would otherwise wait for initials nobody
    # may give: the Kabid already initialled that very version)
    assert complaint.status == S.DIPROSES
    # and once revised, it goes to the Kabid again
    do(
        analyst,
        complaint,
        "konsep",
        kind="bapp",
        outcome="terselesaikan",
        body="<p>Versi kedua dengan dasar hukum.</p>",
    )
    do(analyst, complaint, "ajukan")
    assert _offered(kabid, complaint, "paraf")


def test_evidence_returned_after_verification_must_be_confirmed_again(agency):
    # given a verified file whose evidence turns out to be unreadable
    complaint, _ = _complete_walk_in()
    analyst = login("analis")
    do(analyst, complaint, "verifikasi")
    do(analyst, complaint, "kembalikan", missing=["bukti"], note="Bukti tidak terbaca.")

    # then the evidence no longer counts as received and the clock is paused
    assert complaint.status == S.DIKEMBALIKAN
    assert "bukti" not in complaint.documents_received
    assert complaint.answer_due_at is None

    # when the complainant only writes a note on the tracking page
    Client().post(track_url(complaint), {"text": "Bukti akan saya kirim besok."})
    complaint.refresh_from_db()

    # then the file is not complete: no clock yet, and it cannot be verified
    # until the officer confirms new evidence
    assert complaint.status == S.DITERIMA
    assert complaint.answer_due_at is None
    refused(
        analyst,
        complaint,
        "verifikasi",
        message="Berkas belum lengkap (Bukti pendukung)",
    )
    do(analyst, complaint, "verifikasi", documents=["bukti"])
    assert complaint.status == S.TERVERIFIKASI
    assert complaint.answer_due_at is not None
