"""End to end: a web complaint travels the whole seed 001 life cycle in the browser.

The citizen files it, the officer returns it for the missing papers, the citizen sends
them on the tracking page, the officer verifies, the analyst disposes it to the unit,
the unit replies, the analyst drafts the BAPP, the Kabid and the Sekretaris initial,
the Kepala Dinas signs, and the citizen says they are satisfied.
"""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect

from aduan.audit.models import ComplaintEvent
from aduan.audit.services import verify_chain
from aduan.core.numbering import ROMAN_MONTHS
from aduan.intake.models import Complaint
from conftest import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.browser

AGENCY = "dpmptsp-contoh"
UNIT = "Bidang Pengaduan, Kebijakan dan Pelaporan Layanan"
WHAT = "Permohonan izin usaha saya belum diproses sejak tiga minggu lalu."
REQUIRED = ("Formulir pengaduan", "Surat Pernyataan Kebenaran Aduan", "Bukti pendukung")
UNIT_REPLY = "Berkas izin sudah kami periksa; izin terbit 12 November."
ANSWER = "Izin usaha Saudara telah terbit dan dapat diunduh di portal OSS."
REQUIRED_CODES = ["bukti", "formulir_pengaduan", "surat_pernyataan"]
# The timeline's milestones, in order (status changes and deadlines come between).
MILESTONES = [
    "registered", "info_added", "disposed", "unit_replied", "draft_saved",
    "initialled", "initialled", "signed", "satisfaction",
]  # fmt: skip
STATUS_MOVES = [
    "dikembalikan", "diterima", "terverifikasi", "didisposisikan", "diproses",
    "menunggu_persetujuan", "dijawab", "selesai",
]  # fmt: skip


def _login(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("aduan-demo")
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("button", name=re.compile(r"Keluar"))).to_be_visible()


def _track(page: Page, live_server, code: str) -> None:
    """The citizen comes back later with the code from the receipt."""
    page.goto(f"{live_server.url}/lacak/")
    page.get_by_label("Kode lacak").fill(code)
    page.get_by_role("button", name="Lacak", exact=True).click()


def _open_from_search(page: Page, register_number: str) -> None:
    """Search the register number among all complaints and open it."""
    page.get_by_role("link", name="Semua", exact=True).click()
    page.get_by_label("Cari nomor register").fill(register_number)
    page.get_by_role("button", name="Cari", exact=True).click()
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(1)
    rows.get_by_role("link", name=register_number).click()
    expect(page.get_by_test_id("register-number")).to_have_text(register_number)


def _open_from_inbox(page: Page, register_number: str) -> None:
    """The complaint waits in the person's "needs me" list: open it from there."""
    expect(
        page.get_by_role("link", name=re.compile("Perlu tindakan saya"))
    ).to_have_attribute("aria-current", "page")
    page.get_by_test_id("inbox").get_by_role("link", name=register_number).click()
    expect(page.get_by_test_id("register-number")).to_have_text(register_number)


def _step(page: Page, name: str) -> Locator:
    """One step of the "Langkah berikutnya" panel, unfolded as a person would."""
    step = page.locator(f'details[data-step="{name}"]')
    if step.get_attribute("open") is None:
        step.locator("summary").click()
    return step


def _take(page: Page, step: Locator, label: str) -> None:
    step.get_by_role("button", name=label, exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"Tersimpan: {label}.")


def _status(page: Page) -> Locator:
    return page.locator(".bar .status")


def _offered(page: Page, name: str) -> Locator:
    return page.locator(f'details[data-step="{name}"]')


def test_complaint_from_submission_to_satisfied(
    live_server, agency, new_page, tmp_path: Path, screenshots_dir: Path
):
    # given scans of the papers seed 001 asks for, on the citizen's computer
    form_scan = tmp_path / "formulir-pengaduan.pdf"
    form_scan.write_bytes(PDF_BYTES)
    statement_scan = tmp_path / "surat-pernyataan.pdf"
    statement_scan.write_bytes(PDF_BYTES)
    receipt_photo = tmp_path / "bukti-permohonan.png"
    receipt_photo.write_bytes(PNG_BYTES)
    citizen = new_page()

    # when the citizen files a complaint on the public form
    citizen.goto(f"{live_server.url}/lapor/{AGENCY}/")
    citizen.get_by_label("Nama lengkap").fill("Siti Rahmawati")
    citizen.get_by_label("Jenis laporan").select_option("pengaduan")
    citizen.get_by_label("Apa yang terjadi?").fill(WHAT)
    citizen.get_by_role("button", name="Kirim pengaduan").click()

    # then the receipt gives a register number, a tracking code to keep, and the
    # papers the office requires
    expect(
        citizen.get_by_role("heading", name="TANDA TERIMA PENGADUAN")
    ).to_be_visible()
    register_number = citizen.get_by_test_id("register-number").inner_text().strip()
    tracking_code = citizen.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"ADU/\d{4}/\d{6}", register_number)
    for document in REQUIRED:
        expect(citizen.locator(".receipt")).to_contain_text(document)

    # given the front-office officer, signed in in their own browser
    officer = new_page()
    _login(officer, live_server, "petugas")

    # when the officer finds the complaint among all complaints
    _open_from_search(officer, register_number)

    # then it is new, and the file cannot be marked complete before it was returned
    expect(_status(officer)).to_have_text("Diterima")
    expect(_offered(officer, "kembalikan")).to_have_count(1)
    expect(_offered(officer, "lengkapi")).to_have_count(0)

    # when the officer returns it for the three papers a web complaint never brings
    returning = _step(officer, "kembalikan")
    for document in REQUIRED:
        returning.get_by_label(document).check()
    returning.get_by_label("Catatan untuk pelapor").fill(
        "Unggah pindaian berkas melalui halaman lacak."
    )
    _take(officer, returning, "Kembalikan (berkas belum lengkap)")

    # then it waits for the citizen: it can no longer be returned, only completed
    expect(_status(officer)).to_have_text("Dikembalikan (berkas belum lengkap)")
    expect(_offered(officer, "kembalikan")).to_have_count(0)
    expect(_offered(officer, "lengkapi")).to_have_count(1)

    # when the citizen opens the tracking page with the code from the receipt
    _track(citizen, live_server, tracking_code)

    # then it says which papers are missing and asks for them
    expect(citizen.get_by_test_id("status")).to_have_text(
        "Dikembalikan (berkas belum lengkap)"
    )
    expect(citizen.get_by_role("heading", name="Lengkapi berkas Anda")).to_be_visible()
    timeline = citizen.get_by_test_id("timeline")
    expect(timeline).to_contain_text(", ".join(REQUIRED))
    expect(timeline).to_contain_text("Unggah pindaian berkas melalui halaman lacak.")

    # when the citizen uploads the three scans with a note
    citizen.get_by_label("Informasi tambahan").fill(
        "Terlampir formulir, surat pernyataan, dan bukti permohonan."
    )
    citizen.get_by_label("Berkas pendukung").set_input_files(
        [form_scan, statement_scan, receipt_photo]
    )
    citizen.get_by_role("button", name="Kirim informasi").click()

    # then the file is back with the office
    expect(citizen.get_by_role("status")).to_contain_text(
        "Terima kasih, informasi tambahan sudah diterima."
    )
    expect(citizen.get_by_test_id("status")).to_have_text("Diterima")
    expect(citizen.get_by_role("heading", name="Tambah informasi")).to_be_visible()

    # when the officer looks at the complaint again
    officer.reload()

    # then it is back in "Diterima" with the citizen's note and scans
    expect(_status(officer)).to_have_text("Diterima")
    expect(officer.get_by_test_id("timeline")).to_contain_text(
        "Terlampir formulir, surat pernyataan, dan bukti permohonan."
    )
    attachments = officer.get_by_test_id("attachments")
    for scan in (form_scan, statement_scan, receipt_photo):
        expect(attachments).to_contain_text(scan.name)

    # when the officer ticks the papers that arrived and verifies the file ("Berkas
    # dilengkapi" is only for a returned file; this one is "Diterima" again, and the
    # verification form has the checklist)
    expect(_offered(officer, "lengkapi")).to_have_count(0)
    verifying = _step(officer, "verifikasi")
    for document in REQUIRED:
        verifying.get_by_label(document).check()
    _take(officer, verifying, "Verifikasi dan daftarkan")

    # then it is registered as verified, with an answer deadline
    expect(_status(officer)).to_have_text("Terverifikasi")
    expect(_offered(officer, "verifikasi")).to_have_count(0)
    expect(officer.get_by_text("Batas waktu jawaban")).to_be_visible()

    # given the analyst, signed in
    analyst = new_page()
    _login(analyst, live_server, "analis")

    # when the analyst opens it from their inbox and disposes it to the unit
    _open_from_inbox(analyst, register_number)
    disposing = _step(analyst, "disposisi")
    disposing.get_by_label(UNIT).check()
    disposing.get_by_label("Dengan hormat harap").select_option(
        label="Siapkan bahan jawaban"
    )
    # Every step form on the page has its own "Catatan" field and they all share the
    # id "id_note", so this form's label points at the "Kembalikan" form's textarea:
    # the field can only be reached by its name (see the report).
    disposing.locator("textarea[name=note]").fill(
        "Mohon cek status permohonan izinnya."
    )
    _take(analyst, disposing, "Disposisikan")

    # then the disposition waits for the unit's reply
    expect(_status(analyst)).to_have_text("Didisposisikan")
    dispositions = analyst.get_by_test_id("dispositions")
    expect(dispositions).to_contain_text(UNIT)
    expect(dispositions).to_contain_text("Siapkan bahan jawaban")
    expect(dispositions).to_contain_text("Belum ada tanggapan.")

    # given the unit's staff member, signed in
    unit_staff = new_page()
    _login(unit_staff, live_server, "unit")

    # when they open it from their inbox and send the unit's reply
    _open_from_inbox(unit_staff, register_number)
    expect(unit_staff.get_by_test_id("dispositions")).to_contain_text(
        "Mohon cek status permohonan izinnya."
    )
    replying = _step(unit_staff, "tanggapi")
    replying.get_by_label("Tanggapan, bahan, atau tindakan yang diambil").fill(
        UNIT_REPLY
    )
    _take(unit_staff, replying, "Kirim tanggapan unit")

    # then the reply is under the disposition and the complaint is being processed
    expect(_status(unit_staff)).to_have_text("Diproses")
    expect(unit_staff.get_by_test_id("dispositions")).to_contain_text(UNIT_REPLY)
    expect(unit_staff.get_by_test_id("dispositions")).not_to_contain_text(
        "Belum ada tanggapan."
    )

    # when the analyst reloads, drafts the BAPP and saves it
    analyst.reload()
    expect(_status(analyst)).to_have_text("Diproses")
    expect(analyst.get_by_test_id("dispositions")).to_contain_text(UNIT_REPLY)
    expect(_offered(analyst, "ajukan")).to_have_count(0)
    drafting = _step(analyst, "konsep")
    expect(drafting.get_by_label("Jenis dokumen")).to_have_value("bapp")
    drafting.get_by_label("Hasil penanganan").select_option("terselesaikan")
    drafting.get_by_label("Isi jawaban").fill(ANSWER)
    _take(analyst, drafting, "Simpan konsep jawaban")

    # then the draft is shown and can be submitted for approval
    draft = analyst.get_by_test_id("draft")
    expect(draft).to_contain_text("Berita Acara Penyelesaian Pengaduan")
    expect(draft).to_contain_text(ANSWER)
    expect(draft.get_by_test_id("letter-number")).to_have_count(0)

    # when the analyst submits it
    _take(analyst, _step(analyst, "ajukan"), "Ajukan konsep untuk persetujuan")

    # then it waits for approval and the analyst has nothing more to submit
    expect(_status(analyst)).to_have_text("Menunggu persetujuan")
    expect(_offered(analyst, "ajukan")).to_have_count(0)
    expect(_offered(analyst, "konsep")).to_have_count(0)

    # when the Kabid, then the Sekretaris, open it from their inbox and initial it
    for username, title in (
        ("kabid", "Kepala Bidang Pengaduan, Kebijakan dan Pelaporan Layanan"),
        ("sekretaris", "Sekretaris DPMPTSP"),
    ):
        reviewer = new_page()
        _login(reviewer, live_server, username)
        _open_from_inbox(reviewer, register_number)
        expect(_offered(reviewer, "tanda_tangan")).to_have_count(0)
        _take(reviewer, _step(reviewer, "paraf"), "Paraf")

        # then their initial is listed on the draft under the chain's title
        expect(_status(reviewer)).to_have_text("Menunggu persetujuan")
        expect(reviewer.get_by_test_id("draft")).to_contain_text(f"Paraf · {title}")

    # then, both initials given, the Sekretaris is asked for no other
    expect(_offered(reviewer, "paraf")).to_have_count(0)

    # given the Kepala Dinas, signed in
    head = new_page()
    _login(head, live_server, "kepala")

    # when the Kepala Dinas opens it from the inbox and signs
    _open_from_inbox(head, register_number)
    _take(head, _step(head, "tanda_tangan"), "Tanda tangani")

    # then the complaint is answered and the BAPP carries this month's number
    now = datetime.now(ZoneInfo("Asia/Jakarta"))
    letter_number = f"BA-001/DPMPTSP/{ROMAN_MONTHS[now.month - 1]}/{now.year}"
    expect(_status(head)).to_have_text("Dijawab")
    expect(head.get_by_test_id("letter-number")).to_have_text(letter_number)
    expect(_offered(head, "tanda_tangan")).to_have_count(0)
    head.screenshot(path=screenshots_dir / "signed.png", full_page=True)

    # when the citizen opens the tracking page again
    _track(citizen, live_server, tracking_code)

    # then it shows the signed answer and asks whether they are satisfied
    expect(citizen.get_by_test_id("status")).to_have_text("Dijawab")
    expect(citizen.locator("dl.pairs")).to_contain_text(letter_number)
    satisfaction = citizen.get_by_test_id("satisfaction")
    expect(satisfaction).to_be_visible()

    # when the citizen answers "Ya, puas" and sends it
    satisfaction.get_by_label("Ya, puas").check()
    satisfaction.get_by_role("button", name="Kirim tanggapan").click()

    # then the complaint is closed and the question is gone
    expect(citizen.get_by_role("status")).to_contain_text(
        "Terima kasih atas tanggapan Anda."
    )
    expect(citizen.get_by_test_id("status")).to_have_text("Selesai")
    expect(citizen.get_by_test_id("satisfaction")).to_have_count(0)

    # then the timeline holds every milestone in order, and its hash chain verifies
    complaint = Complaint.objects.get(register_number=register_number)
    events = ComplaintEvent.objects.filter(complaint=complaint).order_by("seq")
    kinds = [event.kind for event in events]
    assert [kind for kind in kinds if kind in MILESTONES] == MILESTONES
    moves = [event.data["to"] for event in events if event.kind == "status_changed"]
    assert moves == STATUS_MOVES
    assert sorted(complaint.documents_received) == REQUIRED_CODES
    assert complaint.status == "selesai"
    assert verify_chain(complaint) is None
