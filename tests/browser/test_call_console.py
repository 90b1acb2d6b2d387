"""End to end: the call console's timer per script step and the read-back (seed 000
steps 2-6), driven in Chromium."""

import re

import pytest
from playwright.sync_api import Page, expect

from aduan.accounts.models import User
from aduan.frontdesk.models import Contact
from aduan.frontdesk.services import AnswerInput, save_standard_answer

pytestmark = pytest.mark.browser


def _login(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("aduan-demo")
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("button", name=re.compile(r"Keluar"))).to_be_visible()


def test_console_times_each_step_and_reads_back(
    live_server, agency_factory, page, screenshots_dir
):
    # given the call centre with one standard answer, and its officer signed in
    bappebti = agency_factory("seed_000", prefix="000-")
    officer = User.objects.get(username="000-petugas")
    save_standard_answer(
        bappebti,
        actor=officer,
        data=AnswerInput(
            question="Bagaimana memeriksa legalitas pialang?",
            answer="Periksa daftar pialang berizin di situs resmi Bappebti.",
            keywords="robot trading, izin",
        ),
    )
    save_standard_answer(
        bappebti,
        actor=officer,
        data=AnswerInput(question="Jam layanan call center?", answer="08.00-16.00"),
    )
    _login(page, live_server, "000-petugas")

    # when a call comes in and the officer starts the console
    page.get_by_role("link", name="Panggilan", exact=True).click()
    page.get_by_role("button", name="Mulai panggilan").click()

    # then the greeting is the current step and its clock runs, and the whole call
    # runs against the profile's 15 minutes
    greeting = page.get_by_test_id("step-salam")
    expect(greeting).to_have_attribute("aria-current", "step")
    expect(greeting).to_contain_text("Lini Bappebti, dengan Putu Petugas")
    expect(greeting.locator("output")).to_have_text(re.compile(r"^00:0[1-9]$"))
    expect(page.get_by_test_id("total-timer")).to_have_text(
        re.compile(r"^00:\d\d / 15:00$")
    )

    # when the officer moves on to the identity and types what the caller says
    greeting.get_by_role("button", name="Langkah berikutnya").click()
    identity = page.get_by_test_id("step-identitas")
    expect(identity).to_have_attribute("aria-current", "step")
    page.get_by_label("Nama lengkap").fill("Rudi Hartono")
    page.get_by_label("Nomor telepon/WhatsApp").fill("0812 3456 7890")
    page.get_by_label("Keperluan/pokok pengaduan").fill("Apakah pialang X berizin?")
    identity.get_by_role("button", name="Langkah berikutnya").click()

    # then the read-back step says back what was understood
    confirmation = page.get_by_test_id("step-konfirmasi")
    expect(confirmation).to_contain_text(
        "Kami ulangi: nama Rudi Hartono; nomor 0812 3456 7890; "
        "keperluan: Apakah pialang X berizin?"
    )

    # when the officer finds the standard answer by the caller's words and saves
    confirmation.get_by_role("button", name="Langkah berikutnya").click()
    answers = page.get_by_test_id("answers")
    expect(answers.get_by_role("radio")).to_have_count(2)
    page.get_by_label("Cari jawaban standar").fill("robot trading")
    # the list is replaced by the search's (htmx): one answer left, settled
    expect(answers.get_by_role("radio")).to_have_count(1)
    expect(answers).not_to_have_class(re.compile(r"htmx-(settling|swapping)"))
    answers.get_by_label("Bagaimana memeriksa legalitas pialang?").check()
    page.get_by_label("Dijawab langsung (informasi/konsultasi)").check()
    # (a full-page screenshot resizes the page: taken after the clicks)
    page.screenshot(path=screenshots_dir / "call-console.png", full_page=True)
    page.get_by_role("button", name="Selesai dan simpan panggilan").click()

    # then the call is kept, answered directly, with the seconds of every step
    expect(page.get_by_role("status")).to_contain_text("Panggilan dicatat")
    contact = Contact.objects.get()
    assert contact.outcome == "dijawab_langsung"
    assert contact.caller_phone == "+6281234567890"
    assert set(contact.step_seconds) == {
        "salam",
        "identitas",
        "konfirmasi",
        "tindak_lanjut",
    }
    assert contact.step_seconds["salam"] >= 1
    assert sum(contact.step_seconds.values()) <= contact.duration_seconds + 1
