"""End to end: a receptionist's morning at Bappebti's complaint desk (seed 000,
onsite steps 2-5): two booked visitors and one walk-in arrive, each gets a queue
number, and the officer's schedule is printed and handed over."""

import re
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from aduan.accounts.models import User
from aduan.frontdesk.models import FrontdeskSettings, Visit
from aduan.frontdesk.tests.factories import booked, local, set_clock
from aduan.notify.models import Notification
from aduan.sla.deadlines import calendar_for

pytestmark = pytest.mark.browser


def _login(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("aduan-demo")
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("button", name=re.compile(r"Keluar"))).to_be_visible()


def test_receptionist_morning(
    live_server, agency_factory, new_page, monkeypatch, screenshots_dir: Path
):
    # given Bappebti's desk at 08.00 on a working day, and two visitors booked
    # with the officer at 09.00 and 09.30
    bappebti = agency_factory("seed_000", prefix="000-")
    FrontdeskSettings.objects.create(
        agency=bappebti, location="Lantai 2 Gedung Bappebti"
    )
    calendar = calendar_for(bappebti)
    day = calendar.next_working_day(timezone.localdate() + timedelta(days=1))
    set_clock(
        monkeypatch,
        datetime.combine(day, time(8, 0), tzinfo=calendar.zone),
        moving=True,
    )
    officer = User.objects.get(username="000-petugas")
    desk = User.objects.get(username="000-resepsionis")
    for name, hour, minute in (("Dewi Lestari", 9, 0), ("Andi Wijaya", 9, 30)):
        booked(
            bappebti,
            actor=desk,
            start=local(bappebti, day, hour, minute),
            officer=officer,
            name=name,
        )
    page = new_page()
    _login(page, live_server, "000-resepsionis")

    # when the receptionist opens the day's desk
    page.get_by_role("link", name="Resepsionis", exact=True).click()
    # then both meetings are listed with the officer
    meetings = page.get_by_test_id("today-appointments")
    expect(meetings.locator("tbody tr")).to_have_count(2)
    expect(meetings).to_contain_text("09.00")
    expect(meetings).to_contain_text("Andi Wijaya")
    expect(meetings).to_contain_text("Putu Petugas")

    # when Dewi arrives and is checked in
    page.get_by_role("button", name="Hadir: Dewi Lestari").click()
    # then she has the first queue number
    expect(page.get_by_role("status")).to_contain_text("Nomor antrean: 001")

    # when a man without an appointment walks in and is recorded
    page.get_by_label("Nama tamu").fill("Budi Santoso")
    page.get_by_label("Keperluan").fill("Ingin mengadukan pialang berjangka")
    page.get_by_role("button", name="Catat tamu dan beri nomor antrean").click()
    expect(page.get_by_role("status")).to_contain_text("Nomor antrean: 002")

    # and Andi arrives and is checked in
    page.get_by_role("button", name="Hadir: Andi Wijaya").click()
    expect(page.get_by_role("status")).to_contain_text("Nomor antrean: 003")

    # then the queue shows all three in order, booked or not, waiting
    queue = page.get_by_test_id("queue")
    expect(queue.locator("tbody tr")).to_have_count(3)
    expect(queue.locator("tbody tr").nth(0)).to_contain_text("Dewi Lestari")
    expect(queue.locator("tbody tr").nth(1)).to_contain_text("Tanpa janji")
    expect(queue.locator("tbody tr").nth(2)).to_contain_text("Andi Wijaya")
    expect(page.get_by_test_id("waiting")).to_have_text("3")
    expect(meetings.locator("tbody tr").first).to_contain_text("Hadir")

    # when Budi, the walk-in, is called to the officer
    budi = page.get_by_test_id("visit-002")
    budi.get_by_label("Petugas").select_option(label="Putu Petugas")
    budi.get_by_role("button", name="Panggil").click()
    # then he is being served and no longer waits
    expect(page.get_by_test_id("visit-002")).to_contain_text("Sedang dilayani")
    expect(page.get_by_test_id("waiting")).to_have_text("2")
    page.screenshot(path=screenshots_dir / "reception-morning.png", full_page=True)

    # when the receptionist opens the officer's schedule
    page.get_by_role("link", name="Jadwal per petugas").click()
    sheet = page.get_by_test_id("schedule-000-petugas")
    # then it lists the two meetings by time and the walk-in after them
    rows = sheet.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("09.00–09.30")
    expect(rows.nth(0)).to_contain_text("001")
    expect(rows.nth(1)).to_contain_text("Andi Wijaya")
    expect(rows.nth(2)).to_contain_text("tanpa janji")
    expect(rows.nth(2)).to_contain_text("Budi Santoso")

    # when it is printed
    page.emulate_media(media="print")
    # then only the sheet is on paper: no navigation, buttons or date picker
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.get_by_role("button", name="Cetak")).to_be_hidden()
    expect(sheet.get_by_role("button")).to_be_hidden()
    expect(sheet).to_be_visible()
    pdf = screenshots_dir / "jadwal-petugas.pdf"
    page.pdf(path=pdf, format="A4")
    # Words as read, whatever lines the table wrapped them on.
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    for expected in (
        "Jadwal pertemuan",
        "Putu Petugas",
        "Dewi Lestari",
        "Budi Santoso",
    ):
        assert expected in text
    page.emulate_media(media="screen")

    # when it is handed to the officer in Aduan as well
    sheet.get_by_role("button", name="Kirim jadwal kepada Putu Petugas").click()
    # then the officer has it among his notices
    expect(page.get_by_role("status")).to_contain_text("Jadwal dikirim kepada")
    handed = Notification.objects.get(user=officer, text__startswith="Jadwal")
    assert "09.00 WIB Dewi Lestari" in handed.text
    assert "09.30 WIB Andi Wijaya" in handed.text
    assert Visit.objects.filter(day=day).count() == 3
