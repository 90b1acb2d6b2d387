"""The front desk's pages through HTTP: console, answers, appointments, reception."""

import re
from datetime import date
from email.message import EmailMessage

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aduan.frontdesk.models import (
    Appointment,
    AppointmentStatus,
    Contact,
    DeflectionCount,
    StandardAnswer,
    Visit,
)
from aduan.frontdesk.services import (
    AnswerInput,
    WalkInInput,
    check_in,
    record_walk_in,
    save_standard_answer,
)
from aduan.frontdesk.tests.factories import booked, local, set_clock, visiting_day
from aduan.intake.models import Complaint
from aduan.notify.inbound import receive_email
from tests.scenarios.flow import errors_of, text_of


@pytest.fixture
def day(bappebti, monkeypatch) -> date:
    chosen = visiting_day(bappebti, timezone.localdate())
    set_clock(monkeypatch, local(bappebti, chosen, 8), moving=True)
    return chosen


def client(username: str) -> Client:
    c = Client()
    c.login(username=username, password="aduan-demo")
    return c


def faq(agency, officer, **overrides) -> StandardAnswer:
    data = {
        "question": "Bagaimana memeriksa izin pialang berjangka?",
        "answer": "Lihat daftar pialang berizin di situs resmi Bappebti.",
        "keywords": "legal, izin",
    }
    data.update(overrides)
    return save_standard_answer(agency, actor=officer, data=AnswerInput(**data))


def test_console_follows_the_script_and_records_the_call(bappebti, staff):
    # given the officer on the console, with one standard answer
    officer = client("000-petugas")
    answer = faq(bappebti, staff("petugas"))
    started = officer.post("/kantor/panggilan/")
    assert started.status_code == 302
    url = started["Location"]
    assert re.fullmatch(r"/kantor/panggilan/\d+/", url)

    # when the console opens
    page = officer.get(url)
    text = text_of(page)
    # then it shows the profile's words with the officer's name, a timer per
    # step, the 15 minutes of the call, and the evidence channels
    assert "Lini Bappebti, dengan Putu Petugas" in text
    assert 'data-limit="900"' in page.content.decode()
    for step in ("salam", "identitas", "konfirmasi", "tindak_lanjut"):
        assert f'data-testid="step-{step}"' in page.content.decode()
    assert "WhatsApp 0811-1109-901" in text
    assert answer.question in text

    # when it is saved as answered without saying what was answered
    refused = officer.post(
        url,
        {
            "caller_name": "Rudi",
            "kind": "permintaan_informasi",
            "outcome": "dijawab_langsung",
        },
    )
    # then it comes back with the error and nothing is recorded
    assert refused.status_code == 422
    assert "Pilih jawaban standar" in errors_of(refused)
    assert Contact.objects.get().finished_at is None

    # when the officer picks the standard answer and saves
    done = officer.post(
        url,
        {
            "caller_name": "Rudi Hartono",
            "caller_phone": "0812-3456-7890",
            "kind": "permintaan_informasi",
            "need": "Cek izin pialang",
            "outcome": "dijawab_langsung",
            "standard_answer": answer.pk,
            "durasi_salam": "8",
            "durasi_identitas": "35",
            "durasi_konfirmasi": "12",
            "durasi_tindak_lanjut": "40",
        },
    )
    # then the call is kept with its outcome and the time of each step
    assert done.status_code == 302
    assert done["Location"] == "/kantor/panggilan/"
    contact = Contact.objects.get()
    assert contact.outcome == "dijawab_langsung"
    assert contact.caller_phone == "+6281234567890"
    assert contact.step_seconds == {
        "salam": 8,
        "identitas": 35,
        "konfirmasi": 12,
        "tindak_lanjut": 40,
    }
    home = text_of(officer.get("/kantor/panggilan/"))
    assert "Rudi Hartono" in home
    # and the finished call cannot be saved again
    assert "Dijawab langsung" in text_of(officer.get(url))


def test_a_complaint_call_opens_the_registered_complaint(bappebti):
    officer = client("000-petugas")
    url = officer.post("/kantor/panggilan/")["Location"]
    response = officer.post(
        url,
        {
            "caller_name": "Rudi Hartono",
            "kind": "pengaduan",
            "need": "Dana di pialang tidak dapat ditarik.",
            "outcome": "pengaduan_dicatat",
        },
    )
    complaint = Complaint.objects.get()
    assert response["Location"] == complaint.get_absolute_url()
    assert Contact.objects.get().complaint == complaint


def test_answer_search_finds_by_keyword(bappebti, staff):
    # given two standard answers
    officer = staff("petugas")
    legal = faq(bappebti, officer)
    faq(bappebti, officer, question="Jam layanan?", answer="08.00-16.00", keywords="")
    # when the console searches for a word only in the keywords (htmx)
    response = client("000-petugas").get(
        "/kantor/panggilan/jawaban/", {"q": "legal"}, HTTP_HX_REQUEST="true"
    )
    # then only that answer comes back, as a choice
    body = response.content.decode()
    assert f'value="{legal.pk}"' in body
    assert "Jam layanan" not in body
    # and a choice made before the search stays made
    again = client("000-petugas").get(
        "/kantor/panggilan/jawaban/", {"q": "izin", "standard_answer": legal.pk}
    )
    assert (
        f'value="{legal.pk}" id="answer-{legal.pk}" checked' in again.content.decode()
    )


def test_answers_page_adds_for_petugas_not_for_resepsionis(bappebti):
    data = {
        "question": "Apa itu Bappebti?",
        "answer": "Badan pengawas.",
        "kind": "informasi",
        "position": 1,
        "is_public": "on",
        "is_active": "on",
    }
    assert (
        client("000-resepsionis").post("/kantor/jawaban-standar/", data).status_code
        == 422
    )
    assert StandardAnswer.objects.count() == 0
    assert (
        client("000-petugas").post("/kantor/jawaban-standar/", data).status_code == 302
    )
    row = StandardAnswer.objects.get()
    assert (row.question, row.is_public) == ("Apa itu Bappebti?", True)
    # an order no small-integer column holds is refused beside the field
    for position in ("40000", "99999999999999999999"):
        refused = client("000-petugas").post(
            "/kantor/jawaban-standar/", {**data, "position": position}
        )
        assert refused.status_code == 422
        assert "Apa itu Bappebti?" in refused.content.decode()
    assert StandardAnswer.objects.count() == 1


def test_no_show_too_early_and_a_bad_officer_say_so(bappebti, staff, day):
    # given a meeting at nine, seen before nine
    officer = staff("petugas")
    appointment = booked(bappebti, actor=officer, start=local(bappebti, day, 9))
    desk = client("000-resepsionis")
    # when the desk clicks "did not come" too early
    response = desk.post(
        f"/kantor/janji-temu/{appointment.pk}/", {"aksi": "tidak_hadir"}, follow=True
    )
    # then the page says why and the meeting stands
    assert response.status_code == 200
    assert "belum" in text_of(response).lower()
    appointment.refresh_from_db()
    assert appointment.status != "tidak_hadir"
    # and handing a schedule to an officer that is no id is a 404, not a crash
    for bad in ("abc", "", "1.5", "99999999999999999999"):
        assert (
            desk.post("/kantor/resepsionis/jadwal/", {"petugas": bad}).status_code
            == 404
        )


def test_public_form_shows_faqs_and_counts_deflections(
    bappebti, staff, django_capture_on_commit_callbacks
):
    # given a public and an internal answer
    public = faq(bappebti, staff("petugas"))
    internal = faq(
        bappebti, staff("petugas"), question="Internal saja", is_public=False
    )
    citizen = Client()
    # when a citizen opens the complaint form
    page = text_of(citizen.get("/lapor/bappebti/"))
    # then the public one is shown above the form, with a link to ask a meeting
    assert public.question in page
    assert internal.question not in page
    assert page.index(public.question) < page.index("Kirim pengaduan")
    assert "Minta janji temu" in page
    # when the answer answered them
    url = f"/lapor/bappebti/tanya-jawab/{public.pk}/terjawab/"
    response = citizen.post(url)
    # then it is counted and they are thanked on the form
    assert response.status_code == 302
    assert DeflectionCount.objects.get(answer=public).value == 1
    assert "sudah terjawab" in text_of(citizen.get(response["Location"]))
    listed = client("000-petugas").get("/kantor/jawaban-standar/").content.decode()
    assert f'data-testid="helped-{public.pk}">1<' in listed
    hidden = f"/lapor/bappebti/tanya-jawab/{internal.pk}/terjawab/"
    assert citizen.post(hidden).status_code == 404
    assert citizen.get(url).status_code == 405
    # when the officer edits the answer and makes the internal one public, the
    # next visitor sees both at once (the cached list is dropped)
    with django_capture_on_commit_callbacks(execute=True):
        faq(bappebti, staff("petugas"), question="Internal kini publik", is_public=True)
        save_standard_answer(
            bappebti,
            actor=staff("petugas"),
            answer=public,
            data=AnswerInput(
                question="Di mana daftar pialang berizin?",
                answer=public.answer,
                keywords=public.keywords,
            ),
        )
    page = text_of(Client().get("/lapor/bappebti/"))
    assert "Di mana daftar pialang berizin?" in page
    assert "Internal kini publik" in page


def test_public_request_then_manage_with_the_private_link(bappebti, staff, day):
    citizen = Client()
    # when a citizen asks for a meeting without saying what about
    refused = citizen.post(
        "/lapor/bappebti/janji-temu/", {"name": "Dewi", "email": "dewi@example.com"}
    )
    assert refused.status_code == 422
    assert Appointment.objects.count() == 0
    # and then properly
    response = citizen.post(
        "/lapor/bappebti/janji-temu/",
        {
            "name": "Dewi Lestari",
            "email": "dewi@example.com",
            "purpose": "Kerugian di pialang berjangka.",
            "preferred_date": day.isoformat(),
            "preferred_time": "10:00",
        },
    )
    appointment = Appointment.objects.get()
    # then the private page says it waits for the desk
    assert response["Location"] == f"/janji-temu/{appointment.manage_token}/"
    page = citizen.get(response["Location"])
    assert page["Referrer-Policy"] == "no-referrer"
    assert "Diminta" in text_of(page)
    assert appointment.preferred_time.hour == 10

    # when the officer proposes 10.00 on the staff page
    officer = client("000-petugas")
    staff_url = f"/kantor/janji-temu/{appointment.pk}/"
    proposed = officer.post(
        staff_url,
        {
            "aksi": "usulkan",
            "day": day.isoformat(),
            "time": "10:00",
            "officer": staff("petugas").pk,
        },
    )
    assert proposed.status_code == 302, errors_of(proposed)
    # and the citizen accepts it
    citizen.post(response["Location"], {"aksi": "setuju"})
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.DIKONFIRMASI
    assert "10.00 WIB" in text_of(citizen.get(response["Location"]))

    # when the citizen moves it to 11.00, then cancels
    eleven = local(bappebti, day, 11).isoformat()
    moved = citizen.post(response["Location"], {"aksi": "pindah", "start": eleven})
    assert moved.status_code == 302
    appointment.refresh_from_db()
    assert appointment.slot_start == local(bappebti, day, 11)
    citizen.post(response["Location"], {"aksi": "batal", "reason": "Berhalangan"})
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.DIBATALKAN
    assert appointment.cancel_reason == "Berhalangan"
    # then the page offers nothing more to do
    assert 'value="batal"' not in citizen.get(response["Location"]).content.decode()


def test_unknown_link_is_404(db):
    assert Client().get("/janji-temu/bukan-token/").status_code == 404


def test_staff_confirm_into_a_full_slot_shows_why(bappebti, staff, day):
    # given 10.00 full (two places)
    desk = staff("resepsionis")
    ten = local(bappebti, day, 10)
    booked(bappebti, actor=desk, start=ten, name="A")
    booked(bappebti, actor=desk, start=ten, name="B")
    waiting = Appointment.objects.create(
        agency=bappebti,
        source="email",
        name="C",
        email="c@example.com",
        purpose="x",
        manage_token="t" * 32,
        requested_at=timezone.now(),
    )
    # when the desk tries to confirm 10.00
    response = client("000-resepsionis").post(
        f"/kantor/janji-temu/{waiting.pk}/",
        {"aksi": "konfirmasi", "day": day.isoformat(), "time": "10:00"},
    )
    # then the page comes back with the reason, nothing changed
    assert response.status_code == 422
    assert "Sesi ini sudah penuh" in text_of(response)
    waiting.refresh_from_db()
    assert waiting.status == AppointmentStatus.DIMINTA


def test_desk_records_an_email_request(bappebti):
    response = client("000-resepsionis").post(
        "/kantor/janji-temu/",
        {
            "source": "email",
            "name": "Andi",
            "phone": "0812-3456-7890",
            "purpose": "Surel: ingin konsultasi langsung.",
        },
    )
    appointment = Appointment.objects.get()
    assert response["Location"] == f"/kantor/janji-temu/{appointment.pk}/"
    assert (appointment.source, appointment.phone) == ("email", "+6281234567890")
    assert "Andi" in text_of(client("000-resepsionis").get("/kantor/janji-temu/"))


def test_reception_day_check_in_walk_in_and_schedule(bappebti, staff, day):
    # given a confirmed meeting at 09.00 with the officer
    desk = client("000-resepsionis")
    officer = staff("petugas")
    appointment = booked(
        bappebti,
        actor=staff("resepsionis"),
        start=local(bappebti, day, 9),
        officer=officer,
        name="Dewi Lestari",
    )
    page = text_of(desk.get("/kantor/resepsionis/"))
    assert "Dewi Lestari" in page
    # when she checks in and a walk-in is recorded (first without a name)
    desk.post(f"/kantor/resepsionis/hadir/{appointment.pk}/")
    assert desk.post("/kantor/resepsionis/tamu/", {"name": ""}).status_code == 422
    walk_in = desk.post(
        "/kantor/resepsionis/tamu/", {"name": "Budi", "purpose": "Tanya"}
    )
    assert walk_in.status_code == 302
    # then both are in the queue, numbered 001 and 002
    queue = text_of(desk.get("/kantor/resepsionis/"))
    assert "001 Dewi Lestari" in queue and "002 Budi" in queue
    budi = Visit.objects.get(name="Budi")
    # when Budi is called to the officer and his complaint is registered
    desk.post(
        f"/kantor/resepsionis/kunjungan/{budi.pk}/",
        {"aksi": "panggil", "officer": officer.pk},
    )
    registered = desk.post(
        f"/kantor/resepsionis/kunjungan/{budi.pk}/pengaduan/",
        {
            "channel": "langsung",
            "kind": "pengaduan",
            "name": "Budi",
            "what": "Dana tidak kembali.",
        },
    )
    budi.refresh_from_db()
    assert registered["Location"] == budi.complaint.get_absolute_url()
    # then the officer's printable schedule lists both, and can be handed over
    sheet = desk.get("/kantor/resepsionis/jadwal/", {"petugas": officer.pk})
    html = sheet.content.decode()
    assert "frontdesk/frontdesk.css" in html
    assert 'data-testid="schedule-000-petugas"' in html
    assert "Dewi Lestari" in html and "Budi" in html
    handed = desk.post(
        f"/kantor/resepsionis/jadwal/?tanggal={day.isoformat()}",
        {"petugas": officer.pk},
    )
    assert handed.status_code == 302
    assert officer.notifications.filter(text__startswith="Jadwal").count() == 1
    # and a day typed beyond any calendar, or an officer id no column holds,
    # shows the default day's sheet instead of failing
    for params in (
        {"tanggal": "9999-12-31"},
        {"tanggal": "0001-01-01"},
        {"tanggal": "2026-02-30"},
        {"petugas": "99999999999999999999"},
    ):
        sheet = desk.get("/kantor/resepsionis/jadwal/", params)
        assert sheet.status_code == 200
        assert 'data-testid="schedule-000-petugas"' in sheet.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/kantor/panggilan/",
        "/kantor/resepsionis/",
        "/kantor/resepsionis/jadwal/",
        "/kantor/janji-temu/",
    ],
)
def test_pages_are_for_the_desk_only(bappebti, url):
    assert client("000-analis").get(url).status_code == 404
    assert client("000-petugas").get(url).status_code == 200
    assert Client().get(url).status_code == 302  # to the login page


def test_another_agencys_appointment_is_404(bappebti, agency_factory, staff, day):
    agency_factory("seed_001")
    appointment = booked(
        bappebti, actor=staff("resepsionis"), start=local(bappebti, day, 9)
    )
    other = client("petugas")  # seed 001's officer
    assert other.get(f"/kantor/janji-temu/{appointment.pk}/").status_code == 404
    assert other.post(f"/kantor/resepsionis/hadir/{appointment.pk}/").status_code == 404


def test_an_emailed_meeting_request_from_the_ingest_becomes_an_appointment(bappebti):
    # given an e-mail asking for a meeting, filed by the e-mail ingest (issue E)
    mail = EmailMessage()
    mail["From"] = "Dewi Lestari <dewi@example.com>"
    mail["To"] = "pengaduan@bappebti.go.id"
    mail["Subject"] = "Permohonan janji temu"
    mail["Message-ID"] = "<janji-1@example.com>"
    mail.set_content("Saya ingin datang langsung untuk konsultasi soal pialang.")
    filed = receive_email(mail.as_bytes(), agency=bappebti)
    complaint = filed.complaint
    desk = client("000-resepsionis")
    # when the desk opens the appointments page
    page = text_of(desk.get("/kantor/janji-temu/"))
    # then the e-mail is offered as a meeting request
    assert "Permohonan janji temu" in page
    # when the desk records it
    response = desk.post(f"/kantor/janji-temu/dari-email/{complaint.pk}/")
    # then the request carries the sender and links the e-mail's complaint
    appointment = Appointment.objects.get()
    assert response["Location"] == f"/kantor/janji-temu/{appointment.pk}/"
    assert (appointment.source, appointment.email) == ("email", "dewi@example.com")
    assert appointment.name == "Dewi Lestari"
    assert appointment.complaint == complaint
    assert "Permohonan janji temu" not in text_of(desk.get("/kantor/janji-temu/"))
    # and a second time changes nothing
    desk.post(f"/kantor/janji-temu/dari-email/{complaint.pk}/")
    assert Appointment.objects.count() == 1


def test_desk_pages_take_the_same_queries_however_busy_the_day(bappebti, staff, day):
    # given a desk with one meeting (checked in) and one walk-in
    desk, officer = staff("resepsionis"), staff("petugas")
    browser = client("000-resepsionis")

    def add_visitors(hour: int) -> None:
        meeting = booked(
            bappebti, actor=desk, start=local(bappebti, day, hour), officer=officer
        )
        check_in(meeting, actor=desk)
        record_walk_in(bappebti, actor=desk, data=WalkInInput(name=f"W{hour}"))

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(url).status_code == 200
        return len(captured)

    pages = ("/kantor/resepsionis/", "/kantor/resepsionis/jadwal/")
    add_visitors(9)
    before = [queries(url) for url in pages]
    # when three times as many come
    add_visitors(10)
    add_visitors(11)
    # then the pages need no more queries
    assert [queries(url) for url in pages] == before
