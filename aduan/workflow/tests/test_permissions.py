"""Who may see and do what in the life cycle, through the real views."""

from django.test import Client

from aduan.accounts.models import Membership, User
from aduan.accounts.roles import Role
from aduan.agencies.models import Unit
from aduan.intake.models import Complaint
from aduan.workflow.models import (
    Approval,
    Disposition,
    DispositionReply,
    DraftVersion,
    Satisfaction,
)
from aduan.workflow.status import Status
from aduan.workflow.steps import STEPS
from tests.scenarios.flow import (
    desk_register,
    do,
    login,
    post_step,
    refused,
    text_of,
    track_url,
)

NIK = "3171011501900001"
REPORTER = {
    "name": "Dewi Lestari",
    "nik": NIK,
    "phone": "0812-3456-7890",
    "email": "dewi.lestari@example.com",
    "address": "Jalan Mawar Nomor 1",
}
PERSONAL = [
    "Dewi Lestari",
    NIK,
    "+6281234567890",
    "0812-3456-7890",
    "dewi.lestari@example.com",
    "Jalan Mawar Nomor 1",
]
COMPLETE = {
    "channel": "langsung",
    "kind": "pengaduan",
    **REPORTER,
    "what": "Izin usaha belum terbit.",
    "documents_received": ["formulir_pengaduan", "surat_pernyataan", "bukti"],
}


def _unit_member(agency, username: str, unit_code: str) -> Client:
    user = User.objects.create_user(username, password="aduan-demo", name=username)
    Membership.objects.create(
        user=user,
        agency=agency,
        role=Role.UNIT,
        unit=Unit.objects.get(agency=agency, code=unit_code),
    )
    return login(username)


def _registered(**extra) -> Complaint:
    complaint, _ = desk_register(login("petugas"), **{**COMPLETE, **extra})
    return complaint


def _next_step(complaint: Complaint) -> tuple[str, str, dict]:
    """The ordinary next step: who takes it, its name and its data."""
    status = complaint.status
    if status == Status.DITERIMA:
        return "analis", "verifikasi", {}
    if status == Status.TERVERIFIKASI:
        unit = Unit.objects.get(agency=complaint.agency, code="pengaduan")
        return (
            "kabid",
            "disposisi",
            {
                "units": [unit.pk],
                "instruction": "siapkan_bahan",
                "note": "CATATAN-DISPOSISI-INTERNAL",
            },
        )
    if status == Status.DIDISPOSISIKAN:
        return (
            "unit",
            "tanggapi",
            {
                "disposition": complaint.dispositions.first().pk,
                "text": "BAHAN-DARI-UNIT-INTERNAL",
            },
        )
    if status == Status.DIPROSES:
        if complaint.events.latest("seq").kind == "draft_saved":
            return "analis", "ajukan", {}
        return (
            "analis",
            "konsep",
            {
                "kind": "bapp",
                "outcome": "terselesaikan",
                "body": "<p>ISI-KONSEP-BELUM-DITANDATANGANI</p>",
            },
        )
    if status == Status.MENUNGGU_PERSETUJUAN:
        step = complaint.drafts.get(cycle=complaint.cycle).step
        return (
            (["kabid", "sekretaris"][step], "paraf", {})
            if step < 2
            else ("kepala", "tanda_tangan", {})
        )
    raise AssertionError(f"no ordinary step from {status}")


def _to(complaint: Complaint, status: str) -> Complaint:
    """Walk a complaint along the ordinary path until it has `status`."""
    while complaint.status != status:
        username, name, data = _next_step(complaint)
        do(login(username), complaint, name, **data)
    return complaint


def _snapshot(complaint: Complaint) -> tuple:
    complaint.refresh_from_db()
    return (
        complaint.status,
        complaint.cycle,
        complaint.events.count(),
        DraftVersion.objects.filter(draft__complaint=complaint).count(),
        Approval.objects.filter(draft__complaint=complaint).count(),
        Disposition.objects.filter(complaint=complaint).count(),
        DispositionReply.objects.filter(disposition__complaint=complaint).count(),
        Satisfaction.objects.filter(complaint=complaint).count(),
    )


def test_unit_staff_see_a_complaint_only_once_it_is_routed_to_their_unit(agency):
    # given a verified complaint, staff of the complaints division and of licensing
    complaint = _to(_registered(), Status.TERVERIFIKASI)
    ours, theirs = login("unit"), _unit_member(agency, "unit-perizinan", "perizinan")
    # then before routing neither unit sees it
    for client in (ours, theirs):
        assert client.get(complaint.get_absolute_url()).status_code == 404
        listing = text_of(client.get("/kantor/?tampil=semua"))
        assert complaint.register_number not in listing

    # when the Kabid routes it to the complaints division only
    do(
        login("kabid"),
        complaint,
        "disposisi",
        units=[Unit.objects.get(agency=agency, code="pengaduan").pk],
        instruction="siapkan_bahan",
    )
    disposition = complaint.dispositions.get()

    # then the complaints division sees it, with the reporter's data masked,
    # and is offered the reply step
    page = ours.get(complaint.get_absolute_url())
    assert page.status_code == 200
    assert 'data-step="tanggapi"' in page.content.decode()
    assert NIK not in text_of(page)
    assert complaint.register_number in text_of(ours.get("/kantor/?tampil=semua"))
    # and licensing still does not, nor can it reply
    assert theirs.get(complaint.get_absolute_url()).status_code == 404
    assert (
        post_step(
            theirs,
            complaint,
            "tanggapi",
            disposition=disposition.pk,
            text="Bukan urusan kami.",
        ).status_code
        == 404
    )

    # when the complaints division replies
    do(
        ours,
        complaint,
        "tanggapi",
        disposition=disposition.pk,
        text="Bahan jawaban terlampir.",
    )

    # then the reply is recorded under its author and the complaint is processed
    reply = DispositionReply.objects.get(disposition=disposition)
    assert reply.author.username == "unit"
    assert complaint.status == Status.DIPROSES


def test_unit_staff_cannot_answer_a_disposition_meant_for_another_unit(agency):
    # given a complaint routed to two units
    complaint = _to(_registered(), Status.TERVERIFIKASI)
    do(
        login("kabid"),
        complaint,
        "disposisi",
        instruction="telaah",
        units=[
            Unit.objects.get(agency=agency, code=code).pk
            for code in ("pengaduan", "perizinan")
        ],
    )
    licensing = complaint.dispositions.get(unit__code="perizinan")

    # when the complaints-division staff reply on licensing's behalf
    refused(
        login("unit"),
        complaint,
        "tanggapi",
        disposition=licensing.pk,
        text="Atas nama perizinan.",
        message="Disposisi ini bukan untuk unit Anda.",
    )

    # then licensing's disposition is still unanswered
    licensing.refresh_from_db()
    assert licensing.replied_at is None
    assert not licensing.replies.exists()


def _attempts(complaint: Complaint) -> dict[str, dict]:
    disposition = complaint.dispositions.first()
    unit = Unit.objects.get(agency=complaint.agency, code="pengaduan")
    return {
        "verifikasi": {},
        "kembalikan": {"missing": ["bukti"], "note": "Kurang."},
        "lengkapi": {"documents": ["bukti"]},
        "jawab_langsung": {"answer": "Jawab."},
        "tolak": {"reason": "di_luar_lingkup", "note": "Bukan wewenang."},
        "teruskan": {"to": "Ombudsman", "note": "-"},
        "disposisi": {"units": [unit.pk], "instruction": "telaah"},
        "proses": {},
        "konsep": {"kind": "bapp", "outcome": "terselesaikan", "body": "<p>x</p>"},
        "ajukan": {},
        "paraf": {"comment": "ok"},
        "kembalikan_konsep": {"comment": "Perbaiki."},
        "tanda_tangan": {},
        "tarik_jawaban": {"comment": "Salah alamat."},
        "kepuasan": {"satisfied": "1"},
        "perpanjang": {"reason": "Perlu data lain."},
        "tanggapi": {
            "disposition": disposition.pk if disposition else 0,
            "text": "Bahan.",
        },
    }


def test_auditor_sees_every_complaint_but_every_step_is_refused(agency):
    # given complaints at every stage of the ordinary path
    stages = [
        Status.DITERIMA,
        Status.TERVERIFIKASI,
        Status.DIDISPOSISIKAN,
        Status.DIPROSES,
        Status.MENUNGGU_PERSETUJUAN,
        Status.DIJAWAB,
    ]
    complaints = [_to(_registered(), status) for status in stages]
    returned = _registered(documents_received=["formulir_pengaduan"])
    do(login("petugas"), returned, "kembalikan", missing=["bukti"])
    complaints.append(returned)
    auditor = login("auditor")
    listing = text_of(auditor.get("/kantor/?tampil=semua"))

    for complaint in complaints:
        # then the auditor reads each of them, with no step offered
        page = auditor.get(complaint.get_absolute_url())
        assert page.status_code == 200
        assert complaint.register_number in listing
        assert 'data-testid="steps"' not in page.content.decode()
        # and every step they try is refused and changes nothing
        before = _snapshot(complaint)
        attempts = _attempts(complaint)
        assert set(attempts) == set(STEPS)
        for name, data in attempts.items():
            response = post_step(auditor, complaint, name, **data)
            assert response.status_code in (404, 422), (complaint.status, name)
            assert _snapshot(complaint) == before, (complaint.status, name)


def test_a_pemaraf_cannot_sign_and_a_penandatangan_cannot_initial(agency):
    # given a draft waiting for its first initial
    complaint = _to(_registered(), Status.MENUNGGU_PERSETUJUAN)
    kabid, sekretaris, kepala = login("kabid"), login("sekretaris"), login("kepala")
    before = _snapshot(complaint)

    # when the Kepala tries to initial
    refused(kepala, complaint, "paraf")
    # then no initial was recorded
    assert _snapshot(complaint) == before
    assert (
        'data-step="paraf"'
        not in kepala.get(complaint.get_absolute_url()).content.decode()
    )

    # when both initials are in and the reviewers try to sign
    do(kabid, complaint, "paraf")
    do(sekretaris, complaint, "paraf")
    before = _snapshot(complaint)
    for reviewer in (kabid, sekretaris):
        refused(
            reviewer,
            complaint,
            "tanda_tangan",
            message="Langkah ini tidak tersedia untuk Anda saat ini.",
        )
    # then it is still waiting for the Kepala, unnumbered
    assert _snapshot(complaint) == before
    assert complaint.drafts.get().letter_number == ""
    do(kepala, complaint, "tanda_tangan")
    assert complaint.drafts.get().letter_number.startswith("BA-001/")


def test_tracking_page_never_shows_personal_data_or_internal_work(agency):
    # given a complaint from a named reporter, and what the staff write inside
    complaint = _registered()
    secrets = [
        *PERSONAL,
        "CATATAN-DISPOSISI-INTERNAL",
        "BAHAN-DARI-UNIT-INTERNAL",
        "ISI-KONSEP-BELUM-DITANDATANGANI",
        "KOMENTAR-INTERNAL-KEPALA",
        "Andi Analis",
        "Kartika Kabid",
    ]

    def public_page() -> str:
        response = Client().get(track_url(complaint))
        assert response.status_code == 200
        return text_of(response)

    # when it goes through every stage up to the signature, with a send-back
    seen = [public_page()]
    for status in (
        Status.TERVERIFIKASI,
        Status.DIDISPOSISIKAN,
        Status.DIPROSES,
        Status.MENUNGGU_PERSETUJUAN,
    ):
        _to(complaint, status)
        seen.append(public_page())
    do(login("kabid"), complaint, "paraf")
    seen.append(public_page())
    do(
        login("kepala"),
        complaint,
        "kembalikan_konsep",
        comment="KOMENTAR-INTERNAL-KEPALA",
    )
    seen.append(public_page())

    # then the public sees the status move, never who complained or the inside work
    assert "Menunggu persetujuan" in seen[-2]
    for page in seen:
        assert complaint.register_number in page
        for secret in secrets:
            assert secret not in page, secret
