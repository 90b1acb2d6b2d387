from django.test import Client

from aduan.intake.services import ComplaintInput, ReporterInput, register_complaint
from aduan.sla.deadlines import calendar_for
from aduan.workflow.services import verify_complaint


def test_extension_needs_the_approver_a_reason_and_happens_once(
    agency, officer, client_for
):
    # given a verified complaint with 10 working days (seed 001, extendable by 5)
    complaint = register_complaint(
        agency=agency,
        actor=officer,
        data=ComplaintInput(
            kind="pengaduan",
            channel="telepon",
            what="Izin",
            reporter=ReporterInput(name="Warga"),
        ),
    )
    verify_complaint(
        complaint,
        actor=officer,
        documents=["formulir_pengaduan", "surat_pernyataan", "bukti"],
    )
    complaint.refresh_from_db()
    before = complaint.answer_due_at
    url = f"/kantor/pengaduan/{complaint.pk}/langkah/perpanjang/"
    # when the officer tries, then without a reason, then the head with one
    assert client_for("petugas").post(url, {"reason": "x"}).status_code == 422
    head = client_for("kepala")
    assert head.post(url, {"reason": ""}).status_code == 422
    assert head.post(url, {"reason": "Perlu pemeriksaan lapangan"}).status_code == 302
    # then the deadline moved 5 working days, once, and the public can read why
    complaint.refresh_from_db()
    assert complaint.answer_due_at == calendar_for(agency).working_deadline(before, 5)
    assert head.post(url, {"reason": "lagi"}).status_code == 422
    page = Client().get(f"/lacak/{complaint.tracking_code}/").content.decode()
    assert "Perlu pemeriksaan lapangan" in page
