"""End to end: a citizen files a complaint on the web, an officer finds and reads it."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from aduan.intake.models import Complaint
from conftest import PNG_BYTES

pytestmark = pytest.mark.browser

AGENCY = "dpmptsp-contoh"
CITIZEN = {
    "name": "Siti Rahmawati",
    "nik": "3171011501900001",
    "phone": "0812 3456 7890",
}
# Every way the phone number could leak onto a public page.
PHONE_FORMS = ("0812 3456 7890", "081234567890", "+6281234567890", "81234567890")
WHAT = "Permohonan izin usaha saya belum diproses sejak tiga minggu lalu."


def _public_form(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/lapor/{AGENCY}/")
    expect(page.get_by_role("button", name="Kirim pengaduan")).to_be_visible()


def _login(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("aduan-demo")
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("button", name=re.compile(r"Keluar"))).to_be_visible()


def test_citizen_submits_and_officer_sees_attachment(
    live_server, agency, new_page, tmp_path: Path, screenshots_dir: Path
):
    # given a photo of the problem on the citizen's phone, and the public form
    photo = tmp_path / "bukti-loket.png"
    photo.write_bytes(PNG_BYTES)
    citizen = new_page()
    _public_form(citizen, live_server)

    # when the citizen fills in who they are and what happened, attaches the photo
    # and sends the form
    citizen.get_by_label("Nama lengkap").fill(CITIZEN["name"])
    citizen.get_by_label("NIK").fill(CITIZEN["nik"])
    citizen.get_by_label("Nomor telepon/WhatsApp").fill(CITIZEN["phone"])
    citizen.get_by_label("Jenis laporan").select_option("pengaduan")
    citizen.get_by_label("Apa yang terjadi?").fill(WHAT)
    citizen.locator("input[type=file][name=attachments]").set_input_files(photo)
    citizen.get_by_role("button", name="Kirim pengaduan").click()

    # then a receipt shows this year's first register number and a tracking code
    year = datetime.now(ZoneInfo("Asia/Jakarta")).year
    expect(
        citizen.get_by_role("heading", name="TANDA TERIMA PENGADUAN")
    ).to_be_visible()
    register = citizen.get_by_test_id("register-number")
    expect(register).to_have_text(f"ADU/{year}/000001")
    register_number = register.inner_text().strip()
    expect(citizen.get_by_test_id("tracking-code")).to_have_text(
        re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}[0-9A-Z*~$=]$")
    )
    expect(citizen.locator(".receipt")).to_contain_text(CITIZEN["name"])
    expect(citizen.locator(".receipt")).to_contain_text("1 berkas")
    citizen.screenshot(path=screenshots_dir / "receipt.png", full_page=True)

    # when the citizen follows the receipt's link to the tracking page
    citizen.get_by_role("link", name="Buka halaman lacak").click()

    # then it shows the status, and nothing that identifies the citizen
    expect(citizen.get_by_test_id("status")).to_have_text("Diterima")
    expect(citizen.get_by_role("heading", level=1)).to_contain_text(register_number)
    public_html = citizen.content()
    public_text = citizen.locator("body").inner_text()
    for secret in (CITIZEN["name"], CITIZEN["nik"], *PHONE_FORMS):
        assert secret not in public_html
        assert secret not in public_text

    # given an officer signed in through the login form, in their own browser
    officer = new_page()
    _login(officer, live_server, "petugas")

    # when the officer searches the list for the register number and opens it
    officer.get_by_label("Cari nomor register").fill(register_number)
    officer.get_by_role("button", name="Cari", exact=True).click()
    expect(officer).to_have_url(re.compile(r"/kantor/\?.*q=ADU"))
    rows = officer.locator("table.list tbody tr")
    expect(rows).to_have_count(1)
    rows.get_by_role("link", name=register_number).click()

    # then the complaint lists the photo, and downloading it gives the same bytes
    expect(officer.get_by_test_id("register-number")).to_have_text(register_number)
    attachments = officer.get_by_test_id("attachments")
    expect(attachments).to_contain_text("bukti-loket.png")
    expect(attachments).to_contain_text("image/png")
    with officer.expect_download() as download_info:
        attachments.get_by_role("link", name="bukti-loket.png").click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == "bukti-loket.png"
    assert Path(download.path()).read_bytes() == PNG_BYTES


def test_public_form_keeps_input_on_error_and_shows_messages(live_server, agency, page):
    # given the public form
    _public_form(page, live_server)

    # when the citizen types a short NIK and leaves "what happened" empty
    page.get_by_label("Nama lengkap").fill(CITIZEN["name"])
    page.get_by_label("NIK").fill("123")
    page.get_by_role("button", name="Kirim pengaduan").click()

    # then the form comes back with the error beside the NIK field, the name kept,
    # and nothing saved
    nik = page.get_by_label("NIK")
    field_group = page.locator("div").filter(has=page.locator("#id_nik")).last
    expect(field_group).to_contain_text("NIK harus 16 digit angka.")
    expect(page.locator("#id_nik_error")).to_have_text("NIK harus 16 digit angka.")
    expect(nik).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_what_error")).not_to_be_empty()
    expect(page.get_by_role("alert")).to_contain_text("Belum tersimpan")
    expect(page.get_by_label("Nama lengkap")).to_have_value(CITIZEN["name"])
    expect(nik).to_have_value("123")
    assert Complaint.objects.count() == 0


def test_phone_layout(live_server, agency, new_page):
    # given a cheap phone's screen
    phone = new_page(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )

    # when the citizen opens the public form
    _public_form(phone, live_server)

    # then nothing sticks out sideways and the send button can be reached
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360 + 1, f"page is {scroll_width}px wide on a 360px screen"
    submit = phone.get_by_role("button", name="Kirim pengaduan")
    submit.scroll_into_view_if_needed()
    expect(submit).to_be_visible()
    expect(submit).to_be_in_viewport()
    box = submit.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 361
