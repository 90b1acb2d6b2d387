"""Seed 003, DPMPTSP Kepulauan Bangka Belitung: complaints within 30 calendar days of
the service, answered within 14 working days; when the complainant is not satisfied the
handling cycle (analysis, action, answer) repeats until they are."""

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from aduan.audit.models import EventKind as K
from aduan.core import dates
from aduan.core.numbering import ROMAN_MONTHS
from aduan.workflow.models import Disposition
from aduan.workflow.status import Status as S
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
    public_submit,
    refused,
    text_of,
    track_url,
    unit,
)

CODE = "dpmptsp-babel"


def _days_ago(agency, n: int) -> str:
    return (
        dates.local(timezone.now(), agency.timezone).date() - timedelta(days=n)
    ).isoformat()


def _oral(agency, **extra) -> dict:
    return {
        "channel": "langsung",
        "kind": "pengaduan",
        "name": "Hendra Gunawan",
        "nik": NIK,
        "phone": "0812-3456-7890",
        "service_name": "Izin reklame",
        "service_date": _days_ago(agency, 5),
        "what": "Izin reklame saya ditolak tanpa alasan tertulis.",
        **extra,
    }


def test_complaint_after_30_days_is_rejected_with_the_reason_shown_publicly(
    agency_factory,
):
    # given a citizen who received the service 45 calendar days ago
    babel = agency_factory("seed_003", prefix="003-")
    complaint = public_submit(
        Client(),
        CODE,
        kind="pengaduan",
        name="Hendra Gunawan",
        nik=NIK,
        email="hendra@example.com",
        service_date=_days_ago(babel, 45),
        what="Izin reklame saya ditolak tanpa alasan.",
    )
    assert re.fullmatch(r"PTSP/\d{4}/\d{5}", complaint.register_number)

    # when the officer rejects it as past the 30-day window
    do(
        login("003-petugas"),
        complaint,
        "tolak",
        reason="lewat_batas_waktu",
        note="Layanan diterima lebih dari 30 hari kalender sebelum pengaduan.",
    )

    # then it is closed as rejected and the complainant reads why
    assert complaint.status == S.DITOLAK
    assert complaint.outcome == "ditolak"
    assert complaint.closed_at is not None
    assert moves(complaint) == [S.DITOLAK]
    rejected = last(complaint, K.STATUS_CHANGED)
    assert rejected.data["reject_reason"] == "lewat_batas_waktu"
    public = text_of(Client().get(track_url(complaint)))
    assert "Ditolak" in public
    assert (
        "Melewati batas waktu pengaduan. Layanan diterima lebih dari 30 hari "
        "kalender sebelum pengaduan."
    ) in public


def test_not_satisfied_repeats_the_cycle_until_satisfied(agency_factory):
    # given the handling team: officer, technical team, head of division, head
    babel = agency_factory("seed_003", prefix="003-")
    officer, team = login("003-petugas"), login("003-unit")
    kabid, head = login("003-kabid"), login("003-kepala")
    technical = unit(babel, "tim-teknis")

    # when a walk-in complains orally (no documents needed) 5 days after the service
    complaint, _ = desk_register(officer, **_oral(babel))
    registered = last(complaint, K.REGISTERED)
    # then the 14-working-day clock runs from receipt
    assert complaint.answer_due_at == due(babel, registered.at, 14)

    def one_cycle(body: str) -> None:
        do(
            officer,
            complaint,
            "disposisi",
            units=[technical.pk],
            instruction="tindak_lanjuti",
            note="Periksa berkas izin reklame.",
        )
        disposition = Disposition.objects.filter(complaint=complaint).last()
        assert disposition.cycle == complaint.cycle
        do(
            team,
            complaint,
            "tanggapi",
            disposition=disposition.pk,
            text="Berkas diperiksa ulang; izin dapat diproses.",
        )
        do(
            officer,
            complaint,
            "konsep",
            kind="surat_jawaban",
            outcome="terselesaikan",
            body=body,
        )
        do(officer, complaint, "ajukan")
        do(kabid, complaint, "paraf")
        do(head, complaint, "tanda_tangan")

    # when the team verifies, acts and answers within the limit
    do(officer, complaint, "verifikasi")
    one_cycle("<p>Izin reklame Saudara diproses kembali.</p>")
    first = complaint.drafts.get(cycle=1)
    signed = last(complaint, K.SIGNED)
    local = dates.local(signed.at, babel.timezone)
    roman = ROMAN_MONTHS[local.month - 1]
    # then the answer letter is numbered 1 and the deadline was met
    assert complaint.status == S.DIJAWAB
    assert first.letter_number == f"1/DPMPTSP/{roman}/{local.year}"
    met = last(complaint, K.DEADLINE_MET)
    assert parse_instant(met.data["due_at"]) == due(babel, registered.at, 14)

    # when the complainant says they are not satisfied without saying why
    response = Client().post(track_url(complaint), {"satisfied": "0", "reason": ""})
    # then they are asked for the reason and nothing changes
    assert response.status_code == 422
    assert "Sampaikan alasan Anda belum puas." in text_of(response)
    complaint.refresh_from_db()
    assert complaint.status == S.DIJAWAB

    # when they are not satisfied and say why
    response = Client().post(
        track_url(complaint), {"satisfied": "0", "reason": "Izin belum juga terbit."}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()

    # then the complaint is reopened for a second cycle with a new 14-day deadline
    assert complaint.status == S.DIBUKA_KEMBALI
    assert complaint.cycle == 2
    reopened = last(complaint, K.STATUS_CHANGED)
    assert reopened.data["reason"] == "Izin belum juga terbit."
    new_deadline = last(complaint, K.DEADLINE_SET)
    assert new_deadline.at == reopened.at
    assert complaint.answer_due_at == due(babel, reopened.at, 14)
    assert parse_instant(new_deadline.data["due_at"]) == complaint.answer_due_at
    assert "Siklus penanganan: 2" in text_of(officer.get(complaint.get_absolute_url()))

    # when the team repeats disposition, action, answer and signature
    one_cycle("<p>Izin reklame Saudara telah terbit.</p>")

    # then the second answer has the next letter number
    second = complaint.drafts.get(cycle=2)
    local = dates.local(second.signed_at, babel.timezone)
    assert (
        second.letter_number
        == f"2/DPMPTSP/{ROMAN_MONTHS[local.month - 1]}/{local.year}"
    )
    assert first.letter_number != second.letter_number
    assert parse_instant(last(complaint, K.DEADLINE_MET).data["due_at"]) == due(
        babel, reopened.at, 14
    )
    assert second.letter_number in text_of(Client().get(track_url(complaint)))

    # when the complainant is satisfied now
    response = Client().post(track_url(complaint), {"satisfied": "1"})
    assert response.status_code == 302
    complaint.refresh_from_db()

    # then the complaint is finished, both answers of the complainant are kept
    assert complaint.status == S.SELESAI
    assert [
        (s.cycle, s.satisfied, s.reason)
        for s in complaint.satisfactions.order_by("cycle")
    ] == [(1, False, "Izin belum juga terbit."), (2, True, "")]
    cycle = [S.DIDISPOSISIKAN, S.DIPROSES, S.MENUNGGU_PERSETUJUAN, S.DIJAWAB]
    assert moves(complaint) == [
        S.TERVERIFIKASI,
        *cycle,
        S.DIBUKA_KEMBALI,
        *cycle,
        S.SELESAI,
    ]
    answer = [
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
    ]
    assert kinds(complaint) == [
        K.REGISTERED,
        K.STATUS_CHANGED,
        *answer,
        K.SATISFACTION,
        K.STATUS_CHANGED,
        K.DEADLINE_SET,
        *answer,
        K.SATISFACTION,
        K.STATUS_CHANGED,
    ]
    assert [e.data["cycle"] for e in events(complaint, K.SATISFACTION)] == [1, 2]


def test_duplicate_is_rejected_with_a_link_to_the_original(agency_factory):
    # given a complaint and the same complaint brought again the next day
    babel = agency_factory("seed_003", prefix="003-")
    officer = login("003-petugas")
    original, _ = desk_register(officer, **_oral(babel))
    again, _ = desk_register(officer, **_oral(babel))

    # when the officer marks it duplicate without, or with a wrong, original number
    refused(
        officer,
        again,
        "tolak",
        reason="duplikat",
        message="Sebutkan nomor register pengaduan aslinya.",
    )
    refused(
        officer,
        again,
        "tolak",
        reason="duplikat",
        duplicate_of="PTSP/1999/99999",
        message="Nomor register tidak ditemukan.",
    )
    refused(
        officer,
        again,
        "tolak",
        reason="duplikat",
        duplicate_of=again.register_number,
        message="Sebutkan nomor register pengaduan aslinya.",
    )

    # when the officer names the original register number
    do(
        officer,
        again,
        "tolak",
        reason="duplikat",
        duplicate_of=original.register_number,
        note="Sudah ditangani.",
    )

    # then the duplicate is closed and linked to the original, which goes on
    assert again.status == S.DITOLAK
    assert again.outcome == "duplikat"
    assert again.duplicate_of == original
    rejected = last(again, K.STATUS_CHANGED)
    assert rejected.data["duplicate_of"] == original.register_number
    assert rejected.data["reject_reason"] == "duplikat"
    assert f"Duplikat · {original.register_number}" in text_of(
        officer.get(again.get_absolute_url())
    )
    assert "Duplikat pengaduan lain. Sudah ditangani." in text_of(
        Client().get(track_url(again))
    )
    original.refresh_from_db()
    assert original.status == S.DITERIMA
    assert kinds(again) == [K.REGISTERED, K.STATUS_CHANGED, K.DEADLINE_MET]
