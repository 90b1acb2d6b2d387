"""Seed 004, Diskopindag Kota Malang (SOP 01, Pelayanan Pengaduan Langsung): the
receptionist takes the walk-in and calls the complaint staff, who answer information
needs directly or coordinate with the division concerned; the answer is signed by the
Kepala Dinas with no initials in between."""

import re
from datetime import timedelta

from django.test import Client

from aduan.audit.models import EventKind as K
from aduan.core import dates
from aduan.workflow.models import Approval, Disposition
from aduan.workflow.status import Status as S
from tests.scenarios.flow import (
    NIK,
    desk_register,
    do,
    events,
    last,
    login,
    moves,
    parse_instant,
    refused,
    text_of,
    timeline,
    track_url,
    unit,
)

VISITOR = {
    "channel": "langsung",
    "name": "Wahyu Prasetyo",
    "nik": NIK,
    "phone": "0812-3456-7890",
}


def test_receptionist_registers_and_staff_answer_information_directly(agency_factory):
    # given the receptionist and the complaint staff of Diskopindag Malang
    malang = agency_factory("seed_004", prefix="004-")
    receptionist, staff = login("004-resepsionis"), login("004-petugas")

    # when a visitor asks the receptionist how to register a cooperative
    complaint, created = desk_register(
        receptionist,
        kind="permintaan_informasi",
        **VISITOR,
        what="Bagaimana syarat pendirian koperasi simpan pinjam?",
    )

    # then it is registered by the receptionist with the profile's number at once
    registered = last(complaint, K.REGISTERED)
    year = dates.local(registered.at, malang.timezone).year
    assert re.fullmatch(rf"DKPP/{year}/\d{{5}}", complaint.register_number)
    assert complaint.registered_by.username == "004-resepsionis"
    assert registered.actor_label.endswith("(resepsionis)")
    assert complaint.channel == "langsung"
    # and the receptionist hands it over: she cannot answer it herself
    refused(receptionist, complaint, "jawab_langsung", answer="Silakan ke bidang.")

    # when the complaint staff answer the information need directly
    answer = "Syarat: akta pendirian, daftar anggota pendiri, dan modal awal."
    do(staff, complaint, "jawab_langsung", answer=answer)

    # then the visitor has the information and the request is closed
    assert complaint.status == S.SELESAI
    assert complaint.outcome == "informasi_diberikan"
    assert moves(complaint) == [S.DIJAWAB_LANGSUNG, S.SELESAI]
    # and the SOP's MUTU BAKU minutes were kept: 30 to analyse, 5 to hand over
    # (there is no answer limit in working days)
    assert complaint.answer_due_at is None
    assert timeline(complaint) == [
        "registered",
        "deadline_set:analysis",
        "→dijawab_langsung",
        "deadline_met:analysis",
        "deadline_set:service_receipt",
        "→selesai",
        "deadline_met:service_receipt",
    ]
    clocks = {e.data["step"]: e for e in events(complaint, K.DEADLINE_SET)}
    assert parse_instant(
        clocks["analysis"].data["due_at"]
    ) == registered.at + timedelta(minutes=30)
    answered = events(complaint, K.STATUS_CHANGED)[0]
    assert parse_instant(
        clocks["service_receipt"].data["due_at"]
    ) == answered.at + timedelta(minutes=5)
    assert answer in text_of(Client().get(track_url(complaint)))


def test_complaint_goes_from_submission_straight_to_the_kepala_dinas(agency_factory):
    # given a walk-in complaint registered by the receptionist
    malang = agency_factory("seed_004", prefix="004-")
    receptionist, staff, division_staff = (
        login("004-resepsionis"),
        login("004-petugas"),
        login("004-unit"),
    )
    kabid, kepala = login("004-kabid"), login("004-kepala")
    complaint, _ = desk_register(
        receptionist,
        kind="pengaduan",
        **VISITOR,
        what="Timbangan di Pasar Besar tidak ditera ulang.",
    )

    # when the staff analyse it and coordinate with the trade division
    do(staff, complaint, "verifikasi")
    do(
        staff,
        complaint,
        "disposisi",
        units=[unit(malang, "perdagangan").pk],
        instruction="koordinasikan",
        note="Mohon data tera ulang Pasar Besar.",
    )
    disposition = Disposition.objects.get(complaint=complaint)
    do(
        division_staff,
        complaint,
        "tanggapi",
        disposition=disposition.pk,
        text="Tera ulang dijadwalkan bulan depan.",
    )
    # and draft the answer and submit it
    do(
        staff,
        complaint,
        "konsep",
        kind="surat_jawaban",
        outcome="terselesaikan",
        body="<p>Tera ulang timbangan Pasar Besar dijadwalkan bulan depan.</p>",
    )
    do(staff, complaint, "ajukan")
    assert complaint.status == S.MENUNGGU_PERSETUJUAN

    # then nobody is asked to initial: the Kepala Dinas signs at once
    assert (
        'data-step="paraf"'
        not in kabid.get(complaint.get_absolute_url()).content.decode()
    )
    refused(kabid, complaint, "paraf")
    assert (
        'data-step="tanda_tangan"'
        in kepala.get(complaint.get_absolute_url()).content.decode()
    )
    do(kepala, complaint, "tanda_tangan")

    # and the answer letter is numbered from the profile's letter series
    assert complaint.status == S.DIJAWAB
    signed = last(complaint, K.SIGNED)
    year = dates.local(signed.at, malang.timezone).year
    draft = complaint.drafts.get()
    assert draft.letter_number == f"500/1/35.73.403/{year}"
    assert list(
        Approval.objects.filter(draft=draft).values_list("decision", flat=True)
    ) == ["tanda_tangan"]

    # when the visitor is not satisfied (this SOP does not reopen)
    response = Client().post(
        track_url(complaint),
        {"satisfied": "0", "reason": "Saya ingin tera ulang minggu ini."},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()

    # then the answer is recorded and the complaint is closed
    assert complaint.status == S.SELESAI
    assert complaint.cycle == 1
    assert complaint.satisfactions.get().satisfied is False
    assert moves(complaint) == [
        S.TERVERIFIKASI,
        S.DIDISPOSISIKAN,
        S.DIPROSES,
        S.MENUNGGU_PERSETUJUAN,
        S.DIJAWAB,
        S.SELESAI,
    ]
    assert timeline(complaint) == [
        "registered",
        "deadline_set:analysis",
        "→terverifikasi",
        "deadline_met:analysis",
        "→didisposisikan",
        "deadline_set:coordination",
        "disposed",
        "unit_replied",
        "→diproses",
        "deadline_met:coordination",
        "draft_saved",
        "→menunggu_persetujuan",
        "→dijawab",
        "deadline_set:service_receipt",
        "signed",
        "satisfaction",
        "→selesai",
        "deadline_met:service_receipt",
    ]
    coordination = next(
        e for e in events(complaint, K.DEADLINE_SET) if e.data["step"] == "coordination"
    )
    assert parse_instant(coordination.data["due_at"]) == coordination.at + timedelta(
        minutes=60
    )
