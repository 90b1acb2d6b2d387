"""Seed 000, Lini Bappebti call centre: the officer answers an information request on
the phone at once (step 6), and a complaint he cannot answer goes the formal way to
the Biro Peraturan Perundang-undangan dan Penindakan, is drafted, initialled once and
signed by the Head of Bappebti."""

import re

from django.test import Client

from aduan.audit.models import EventKind as K
from aduan.core import dates
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
