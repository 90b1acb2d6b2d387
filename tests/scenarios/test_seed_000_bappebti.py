"""Seed 000, Lini Bappebti call centre: the officer answers an information request on
the phone at once (step 6), and a complaint he cannot answer goes the formal way to
the Biro Peraturan Perundang-undangan dan Penindakan, is drafted, initialled once and
signed by the Head of Bappebti. On the call console (issue G) every call is kept,
answered from the agency's standard answers, explained with the evidence channels,
or registered; on site, a booked visitor and a walk-in meet the officer the same day.
"""

import re
from datetime import datetime, time, timedelta

from django.test import Client
from django.utils import timezone

from aduan.accounts.models import User
from aduan.audit.models import EventKind as K
from aduan.core import dates
from aduan.frontdesk import clock
from aduan.frontdesk.models import (
    Appointment,
    Contact,
    DeflectionCount,
    PublicNotice,
    StandardAnswer,
    Visit,
)
from aduan.frontdesk.services import send_due_reminders
from aduan.intake.models import Complaint
from aduan.sla.deadlines import calendar_for
from aduan.workflow.models import Disposition
from aduan.workflow.status import Status as S
from tests.scenarios.flow import (
    NIK,
    desk_register,
    do,
    due,
    errors_of,
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

CALLER = {"name": "Rudi Hartono", "nik": NIK, "phone": "0812-3456-7890"}


def test_phone_information_request_is_answered_directly_and_closed(agency_factory):
    # given the call centre of Bappebti and its service officer on the line
    bappebti = agency_factory("seed_000", prefix="000-")
    officer = login("000-petugas")

    # when the officer records the caller's identity and the information need
    complaint, created = desk_register(
        officer,
        channel="telepon",
        kind="permintaan_informasi",
        **CALLER,
        what="Bagaimana cara memeriksa apakah sebuah pialang berjangka berizin?",
    )
    # then the register number is there at once, in the profile's pattern
    registered = last(complaint, K.REGISTERED)
    year = dates.local(registered.at, bappebti.timezone).year
    assert re.fullmatch(rf"LB/{year}/\d{{6}}", complaint.register_number)
    page = text_of(officer.get(created["Location"]))
    assert f"Nomor register: {complaint.register_number}" in page
    # and the phone needs no documents, so the 14-working-day clock runs from the call
    assert complaint.answer_due_at == due(bappebti, registered.at, 14)
    assert parse_instant(registered.data["answer_due_at"]) == complaint.answer_due_at

    # when the officer answers it directly (one step)
    answer = "Periksa daftar pialang berizin di situs resmi Bappebti, menu Perizinan."
    do(officer, complaint, "jawab_langsung", answer=answer)

    # then it is answered and closed, with the information recorded as the outcome
    assert complaint.status == S.SELESAI
    assert complaint.outcome == "informasi_diberikan"
    assert complaint.closed_at is not None
    assert moves(complaint) == [S.DIJAWAB_LANGSUNG, S.SELESAI]
    assert kinds(complaint) == [
        K.REGISTERED,
        K.STATUS_CHANGED,
        K.DEADLINE_MET,
        K.STATUS_CHANGED,
    ]
    met = last(complaint, K.DEADLINE_MET)
    assert parse_instant(met.data["due_at"]) == due(bappebti, registered.at, 14)
    assert met.at <= parse_instant(met.data["due_at"])
    assert complaint.answer_due_at is None  # the clock stopped
    # and the caller can read the answer on the tracking page
    public = text_of(Client().get(track_url(complaint)))
    assert answer in public
    assert "Selesai" in public


def test_phone_complaint_goes_to_the_biro_and_is_signed_after_one_initial(
    agency_factory,
):
    # given the call centre, the Biro unit and the people of the formal procedure
    bappebti = agency_factory("seed_000", prefix="000-")
    officer, biro_staff, analyst = (
        login("000-petugas"),
        login("000-unit"),
        login("000-analis"),
    )
    kabiro, head = login("000-kabid"), login("000-kepala")
    biro = unit(bappebti, "biro-hukum")

    # when a caller complains about a futures broker
    complaint, _ = desk_register(
        officer,
        channel="telepon",
        kind="pengaduan",
        **CALLER,
        what="Dana saya di pialang PT Contoh Berjangka tidak dapat ditarik.",
    )
    registered = last(complaint, K.REGISTERED)
    # then the officer cannot answer a complaint directly (only information)
    refused(officer, complaint, "jawab_langsung", answer="Silakan tunggu.")
    # and the Biro staff do not see it before it is routed to them
    assert biro_staff.get(complaint.get_absolute_url()).status_code == 404

    # when the officer verifies it and routes it to the Biro
    do(officer, complaint, "verifikasi")
    assert complaint.status == S.TERVERIFIKASI
    do(
        officer,
        complaint,
        "disposisi",
        units=[biro.pk],
        instruction="siapkan_bahan",
        note="Mohon kajian sesuai SOP Biro.",
    )
    assert complaint.status == S.DIDISPOSISIKAN
    disposition = Disposition.objects.get(complaint=complaint)
    disposed = last(complaint, K.DISPOSED)
    # then the disposition is due in 3 working days (the form's default)
    assert disposition.due_at == due(bappebti, disposed.at, 3)
    assert disposed.data["units"] == [biro.name]

    # when the Biro replies with its material
    assert biro_staff.get(complaint.get_absolute_url()).status_code == 200
    do(
        biro_staff,
        complaint,
        "tanggapi",
        disposition=disposition.pk,
        text="Pialang telah dipanggil; dana dikembalikan dalam 5 hari kerja.",
    )
    # then the complaint is being processed and the reply met its due date
    assert complaint.status == S.DIPROSES
    assert last(complaint, K.UNIT_REPLIED).data["met"] is True

    # when the analyst drafts the answer letter and submits it
    do(
        analyst,
        complaint,
        "konsep",
        kind="surat_jawaban",
        outcome="terselesaikan",
        body="<p>Dana Saudara akan dikembalikan oleh pialang.</p>",
    )
    do(analyst, complaint, "ajukan")
    assert complaint.status == S.MENUNGGU_PERSETUJUAN
    # then the Head is not offered the signature before the Kepala Biro initials
    assert (
        'data-step="tanda_tangan"'
        not in head.get(complaint.get_absolute_url()).content.decode()
    )
    refused(head, complaint, "tanda_tangan")

    # when the Kepala Biro initials (the only initial) and the Head signs
    do(kabiro, complaint, "paraf", comment="Sesuai.")
    refused(kabiro, complaint, "paraf")  # nothing left to initial
    do(head, complaint, "tanda_tangan")

    # then the complaint is answered with a letter number from the profile
    assert complaint.status == S.DIJAWAB
    signed = last(complaint, K.SIGNED)
    local = dates.local(signed.at, bappebti.timezone)
    draft = complaint.drafts.get()
    assert draft.letter_number == f"1/BAPPEBTI/PP/{local.month:02d}/{local.year}"
    assert signed.data["letter_number"] == draft.letter_number
    assert draft.signed_at == signed.at
    assert complaint.outcome == "terselesaikan"
    # and the 14-working-day answer limit, counted from the call, was met
    met = last(complaint, K.DEADLINE_MET)
    assert parse_instant(met.data["due_at"]) == due(bappebti, registered.at, 14)
    assert met.at == signed.at
    assert [e.data["title"] for e in events(complaint, K.INITIALLED)] == [
        "Kepala Biro Peraturan Perundang-undangan dan Penindakan"
    ]
    public = text_of(Client().get(track_url(complaint)))
    assert draft.letter_number in public

    # when the caller says on the tracking page that they are satisfied
    response = Client().post(track_url(complaint), {"satisfied": "1"})
    assert response.status_code == 302
    complaint.refresh_from_db()

    # then the complaint is closed and the whole path is on the timeline
    assert complaint.status == S.SELESAI
    assert moves(complaint) == [
        S.TERVERIFIKASI,
        S.DIDISPOSISIKAN,
        S.DIPROSES,
        S.MENUNGGU_PERSETUJUAN,
        S.DIJAWAB,
        S.SELESAI,
    ]
    assert kinds(complaint) == [
        K.REGISTERED,
        K.STATUS_CHANGED,
        K.STATUS_CHANGED,
        K.DISPOSED,
        K.UNIT_REPLIED,
        K.STATUS_CHANGED,
        K.DRAFT_SAVED,
        K.STATUS_CHANGED,
        K.INITIALLED,
        K.STATUS_CHANGED,
        K.DEADLINE_MET,
        K.SIGNED,
        K.SATISFACTION,
        K.STATUS_CHANGED,
    ]


def console_call(officer: Client, **fields) -> Contact:
    """One call on the console: started, then saved with its outcome."""
    started = officer.post("/kantor/panggilan/")
    assert started.status_code == 302
    page = text_of(officer.get(started["Location"]))
    # the profile's script, with the officer's name in the greeting
    assert "Lini Bappebti, dengan Putu Petugas" in page
    timings = {"durasi_salam": 6, "durasi_identitas": 40, "durasi_konfirmasi": 15}
    response = officer.post(started["Location"], {**timings, **fields})
    assert response.status_code == 302, errors_of(response)
    return Contact.objects.get(pk=int(started["Location"].split("/")[-2]))


def test_call_console_answers_explains_and_registers_every_call(agency_factory):
    # given the call centre, and a standard answer the officer keeps
    bappebti = agency_factory("seed_000", prefix="000-")
    officer = login("000-petugas")
    saved = officer.post(
        "/kantor/jawaban-standar/",
        {
            "question": "Bagaimana memeriksa legalitas pialang berjangka?",
            "answer": "Periksa daftar pialang berizin di situs resmi Bappebti.",
            "kind": "informasi",
            "keywords": "izin, legal, robot trading",
            "position": 1,
            "is_public": "on",
            "is_active": "on",
        },
    )
    assert saved.status_code == 302
    answer = StandardAnswer.objects.get(agency=bappebti)
    # and the console finds it by a word the caller uses
    found = officer.get("/kantor/panggilan/jawaban/", {"q": "robot trading"})
    assert answer.question in text_of(found)

    # when a caller asks for information and the officer answers with it (step 6)
    answered = console_call(
        officer,
        caller_name="Rudi Hartono",
        caller_phone="0812-3456-7890",
        kind="permintaan_informasi",
        need="Apakah PT Contoh Berjangka berizin?",
        outcome="dijawab_langsung",
        standard_answer=answer.pk,
    )
    # then the call is kept with its steps' times, and no complaint is made
    assert answered.outcome == "dijawab_langsung"
    assert answered.step_seconds == {"salam": 6, "identitas": 40, "konfirmasi": 15}
    assert answered.summary.startswith("nama Rudi Hartono; nomor +6281234567890")
    assert Complaint.objects.filter(agency=bappebti).count() == 0

    # when a second caller's problem needs the formal procedure
    explained = console_call(
        officer,
        caller_name="Sari",
        caller_phone="0813-1111-2222",
        kind="pengaduan",
        need="Dirugikan oleh robot trading.",
        outcome="prosedur_dijelaskan",
    )
    # then the WhatsApp number and e-mail for evidence are sent to the caller
    sent = PublicNotice.objects.get(contact=explained)
    assert sent.recipient == "+6281311112222"
    assert "WhatsApp 0811-1109-901" in sent.text
    assert "pengaduan@bappebti.go.id" in sent.text

    # when a third caller's complaint is registered from the console
    registered = console_call(
        officer,
        caller_name=CALLER["name"],
        caller_nik=CALLER["nik"],
        caller_phone=CALLER["phone"],
        kind="pengaduan",
        need="Dana saya di pialang PT Contoh Berjangka tidak dapat ditarik.",
        outcome="pengaduan_dicatat",
    )
    complaint = registered.complaint
    # then it has its number at once and came by phone
    assert re.fullmatch(r"LB/\d{4}/\d{6}", complaint.register_number)
    assert complaint.channel == "telepon"
    assert kinds(complaint) == [K.REGISTERED]

    # then all three calls count on the console, one per outcome
    home = text_of(officer.get("/kantor/panggilan/"))
    assert (
        "Jumlah 3 Dijawab langsung 1 Pengaduan dicatat 1 Tata cara dijelaskan 1" in home
    )

    # when a citizen reads the same answer above the public form and is helped
    citizen = Client()
    public = text_of(citizen.get("/lapor/bappebti/"))
    assert answer.question in public
    citizen.post(f"/lapor/bappebti/tanya-jawab/{answer.pk}/terjawab/")
    # then the deflection is counted
    assert DeflectionCount.objects.get(answer=answer).value == 1


def test_appointment_and_walk_in_on_the_same_day(agency_factory, monkeypatch):
    # given Bappebti's desk on a working morning at 08.00
    bappebti = agency_factory("seed_000", prefix="000-")
    calendar = calendar_for(bappebti)
    day = calendar.next_working_day(timezone.localdate() + timedelta(days=1))
    morning = datetime.combine(day, time(8, 0), tzinfo=calendar.zone)
    monkeypatch.setattr(clock, "now", lambda: morning)
    officer, receptionist = login("000-petugas"), login("000-resepsionis")
    petugas_id = User.objects.get(username="000-petugas").pk

    # when a citizen asks for a meeting on the web (onsite step 1)
    citizen = Client()
    asked = citizen.post(
        "/lapor/bappebti/janji-temu/",
        {
            "name": "Dewi Lestari",
            "email": "dewi@example.com",
            "purpose": "Konsultasi kerugian di pialang berjangka.",
            "preferred_date": day.isoformat(),
            "preferred_time": "10:00",
        },
    )
    link = asked["Location"]
    appointment = Appointment.objects.get()
    # and the officer confirms 10.00 with himself (step 2)
    confirmed = officer.post(
        f"/kantor/janji-temu/{appointment.pk}/",
        {
            "aksi": "konfirmasi",
            "day": day.isoformat(),
            "time": "10:00",
            "officer": petugas_id,
        },
    )
    assert confirmed.status_code == 302, errors_of(confirmed)
    # then the citizen's page and message give the time and the place
    assert "10.00 WIB" in text_of(citizen.get(link))
    appointment.refresh_from_db()
    assert [n.kind for n in appointment.notices.all()] == [
        "permintaan_diterima",
        "konfirmasi",
    ]
    # and no reminder: the meeting is today, the reminder is for the day before
    assert send_due_reminders(now=morning) == 0

    # when the citizen arrives at 09.50 and checks in at reception
    monkeypatch.setattr(clock, "now", lambda: morning + timedelta(minutes=110))
    receptionist.post(f"/kantor/resepsionis/hadir/{appointment.pk}/")
    # and someone without an appointment walks in (step 2: the receptionist takes
    # them in)
    receptionist.post(
        "/kantor/resepsionis/tamu/",
        {"name": "Budi Santoso", "purpose": "Pengaduan pialang"},
    )
    walk_in = Visit.objects.get(name="Budi Santoso")
    # then both are in today's queue, numbered in order of arrival
    queue = text_of(receptionist.get("/kantor/resepsionis/"))
    assert "001 Dewi Lestari Janji temu" in queue
    assert "002 Budi Santoso Tanpa janji" in queue

    # when the walk-in is called to the officer and his complaint registered
    receptionist.post(
        f"/kantor/resepsionis/kunjungan/{walk_in.pk}/",
        {"aksi": "panggil", "officer": petugas_id},
    )
    response = receptionist.post(
        f"/kantor/resepsionis/kunjungan/{walk_in.pk}/pengaduan/",
        {
            "channel": "langsung",
            "kind": "pengaduan",
            "name": "Budi Santoso",
            "nik": NIK,
            "what": "Dana di pialang tidak dapat ditarik.",
        },
    )
    walk_in.refresh_from_db()
    complaint = walk_in.complaint
    assert response["Location"] == complaint.get_absolute_url()
    assert complaint.channel == "langsung"

    # then the officer's schedule (step 4) lists the meeting and the walk-in
    sheet = text_of(receptionist.get("/kantor/resepsionis/jadwal/"))
    assert "Jadwal pertemuan" in sheet
    assert sheet.index("Dewi Lestari") < sheet.index("Budi Santoso")
    assert "10.00–10.30" in sheet

    # when the officer has seen both
    for visit in Visit.objects.order_by("queue_number"):
        receptionist.post(
            f"/kantor/resepsionis/kunjungan/{visit.pk}/", {"aksi": "selesai"}
        )
    # then the appointment is done, and the day's desk counts them
    appointment.refresh_from_db()
    assert appointment.status == "selesai"
    assert [v.status for v in Visit.objects.order_by("queue_number")] == [
        "selesai",
        "selesai",
    ]
