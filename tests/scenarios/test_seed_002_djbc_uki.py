"""Seed 002, DJBC Unit Kepatuhan Internal (KPPBC Malili, WITA): the receiver records a
manual complaint with its 5W1H and the employee reported, presses Save and sees the
register number at once; the employee reported never sees the complaint."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.test import Client
from django.utils import timezone

from aduan.accounts.models import Membership, User
from aduan.accounts.roles import Role
from aduan.audit.models import EventKind as K
from aduan.core import dates
from aduan.intake.models import Complaint, ReportedEmployee, Reporter
from aduan.workflow.models import Disposition
from aduan.workflow.status import Status as S
from tests.scenarios.flow import (
    DESK_URL,
    NIK,
    calendar,
    desk_register,
    do,
    due,
    last,
    login,
    moves,
    parse_instant,
    post_step,
    text_of,
    timeline,
    track_url,
    unit,
)

REPORTED_NIP = "197512312000121001"
MANUAL = {
    "channel": "langsung",
    "kind": "pengaduan",
    "name": "Andi Wijaya",
    "nik": NIK,
    "phone": "0812-3456-7890",
    "email": "andi@example.com",
    "address": "Jalan Poros Malili 12",
    "what": "Petugas meminta uang tambahan untuk mempercepat pemeriksaan barang.",
    "who": "Pelaksana pemeriksa bernama Budi",
    "when": "Senin pagi, sekitar pukul 09.00",
    "where": "Ruang pemeriksaan fisik KPPBC Malili",
    "how": "Diminta secara lisan Rp500.000 agar barang segera dikeluarkan.",
    "employee_name": "Budi Pemeriksa",
    "employee_nip": "19751231 200012 1 001",
    "employee_unit": "Seksi Pelayanan Kepabeanan dan Cukai",
    "wants_updates": "on",
}


def test_manual_complaint_with_5w1h_shows_register_number_at_once_in_wita(
    agency_factory,
):
    # given the UKI receiver of KPPBC Malili (Asia/Makassar, WITA)
    malili = agency_factory("seed_002", prefix="002-")
    assert malili.timezone == "Asia/Makassar"
    receiver = login("002-petugas")

    # when the receiver records the complaint with all 5W1H and presses Save
    complaint, created = desk_register(receiver, **MANUAL)
    page = text_of(receiver.get(created["Location"]))

    # then the register number is shown at once, in the UKI pattern
    registered = last(complaint, K.REGISTERED)
    year = dates.local(registered.at, "Asia/Makassar").year
    assert re.fullmatch(rf"UKI/{year}/\d{{5}}", complaint.register_number)
    assert f"Tersimpan. Nomor register: {complaint.register_number}" in page
    # and the time it was received is in the office's own zone, WITA
    received = dates.format_datetime(complaint.received_at, "Asia/Makassar")
    assert received.endswith(" WITA")
    assert received in page
    assert " WIB" not in page
    # and the 5W1H and the employee are on record, the NIP without spaces
    assert (
        complaint.what,
        complaint.who,
        complaint.when,
        complaint.where,
        complaint.how,
    ) == (MANUAL["what"], MANUAL["who"], MANUAL["when"], MANUAL["where"], MANUAL["how"])
    employee = ReportedEmployee.objects.get(complaint=complaint)
    assert (employee.name, employee.nip) == ("Budi Pemeriksa", REPORTED_NIP)
    assert f"NIP {REPORTED_NIP}" in page
    assert complaint.wants_updates is True
    # and the 14-working-day follow-up clock runs on the WITA calendar
    assert complaint.answer_due_at == due(malili, registered.at, 14)
    # and the SOP's 30 minutes for the manual intake start at Save
    intake = last(complaint, K.DEADLINE_SET)
    assert intake.data["step"] == "intake"
    assert parse_instant(intake.data["due_at"]) == registered.at + timedelta(minutes=30)
    assert timeline(complaint) == ["registered", "deadline_set:intake"]

    # when the UKI verifies it at once
    do(receiver, complaint, "verifikasi")
    # then it moves on and the intake was done within its 30 minutes
    assert moves(complaint) == [S.TERVERIFIKASI]
    assert timeline(complaint) == [
        "registered",
        "deadline_set:intake",
        "→terverifikasi",
        "deadline_met:intake",
    ]


def test_reported_employee_cannot_see_or_act_on_the_complaint(agency_factory):
    # given a complaint naming an employee who is also a complaint officer there
    malili = agency_factory("seed_002", prefix="002-")
    complaint, _ = desk_register(login("002-petugas"), **MANUAL)
    employee = User.objects.create_user(
        "budi-pemeriksa", password="aduan-demo", name="Budi Pemeriksa", nip=REPORTED_NIP
    )
    Membership.objects.create(user=employee, agency=malili, role=Role.PETUGAS)
    client = login("budi-pemeriksa")
    events = complaint.events.count()

    # when the employee opens it, searches for it, or tries any step on it
    opened = client.get(complaint.get_absolute_url())
    listing = client.get(
        "/kantor/", {"q": complaint.register_number, "tampil": "semua"}
    )
    attempts = [
        post_step(client, complaint, name, **data)
        for name, data in [
            ("verifikasi", {}),
            ("tolak", {"reason": "di_luar_lingkup", "note": "Tidak benar."}),
            ("kembalikan", {"missing": ["bukti"]}),
        ]
    ]

    # then the complaint does not exist for them and nothing changed
    assert opened.status_code == 404
    assert complaint.register_number not in text_of(listing)
    assert [r.status_code for r in attempts] == [404, 404, 404]
    complaint.refresh_from_db()
    assert complaint.status == S.DITERIMA
    assert complaint.events.count() == events


def test_desk_form_without_5w1h_gives_clear_errors_and_saves_nothing(agency_factory):
    # given the UKI receiver
    agency_factory("seed_002", prefix="002-")
    receiver = login("002-petugas")

    # when only "what" is filled in
    data = {k: v for k, v in MANUAL.items() if k not in {"who", "when", "where", "how"}}
    response = receiver.post(DESK_URL, data)

    # then the form is refused and says which 5W1H elements are missing
    assert response.status_code == 422
    page = text_of(response)
    assert "Belum tersimpan" in page
    for label in (
        "Siapa yang terlibat atau diadukan?",
        "Kapan terjadi?",
        "Di mana terjadi?",
        "Bagaimana terjadinya?",
    ):
        assert f"{label} : Bidang ini tidak boleh kosong." in page
    # and what was typed is kept, nothing is saved
    assert MANUAL["what"] in page
    assert Complaint.objects.count() == 0
    assert Reporter.objects.count() == 0
    assert ReportedEmployee.objects.count() == 0


def test_uki_answer_is_signed_and_the_complainant_is_not_asked_for_satisfaction(
    agency_factory,
):
    # given a registered manual complaint and the UKI's people
    malili = agency_factory("seed_002", prefix="002-")
    receiver, uki_staff, analyst = (
        login("002-petugas"),
        login("002-unit"),
        login("002-analis"),
    )
    complaint, _ = desk_register(receiver, **MANUAL)
    registered = last(complaint, K.REGISTERED)

    # when the UKI verifies it, examines it, drafts, initials and signs the answer
    do(receiver, complaint, "verifikasi")
    today = dates.local(timezone.now(), "Asia/Makassar").date()
    day = calendar(malili).add_working_days(today, 2)
    do(
        receiver,
        complaint,
        "disposisi",
        units=[unit(malili, "uki").pk],
        instruction="telaah",
        note="Periksa pegawai yang diadukan.",
        due_date=day.isoformat(),
    )
    disposition = Disposition.objects.get(complaint=complaint)
    # (a due date typed as a day means that day's closing time, 16.00 WITA)
    closing = disposition.due_at.astimezone(ZoneInfo("Asia/Makassar"))
    assert (closing.date(), closing.hour, closing.minute) == (day, 16, 0)
    assert dates.format_datetime(disposition.due_at, "Asia/Makassar") in text_of(
        receiver.get(complaint.get_absolute_url())
    )
    do(
        uki_staff,
        complaint,
        "tanggapi",
        disposition=disposition.pk,
        text="Pegawai telah diperiksa dan diberi hukuman disiplin.",
    )
    do(
        analyst,
        complaint,
        "konsep",
        kind="surat_jawaban",
        outcome="terselesaikan",
        body="<p>Pegawai yang Saudara adukan telah dijatuhi hukuman disiplin.</p>",
    )
    do(analyst, complaint, "ajukan")
    do(login("002-kabid"), complaint, "paraf")
    do(login("002-kepala"), complaint, "tanda_tangan")

    # then the answer letter has the UKI letter number, within 14 working days (WITA)
    signed = last(complaint, K.SIGNED)
    year = dates.local(signed.at, "Asia/Makassar").year
    assert complaint.drafts.get().letter_number == f"S-1/KBC.1703/{year}"
    assert parse_instant(last(complaint, K.DEADLINE_MET).data["due_at"]) == due(
        malili, registered.at, 14
    )
    public = Client().get(track_url(complaint))
    assert f"S-1/KBC.1703/{year}" in text_of(public)
    # and, as the profile does not ask for satisfaction (satisfaction.ask: false),
    # the tracking page does not ask "are you satisfied?"
    assert 'data-testid="satisfaction"' not in public.content.decode()
    assert "Apakah Anda puas?" not in text_of(public)
