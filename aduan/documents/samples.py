"""Sample data for previewing a wording: never saved, no real person."""

from datetime import timedelta

from django.utils import timezone

from aduan.agencies.models import Agency
from aduan.core import dates
from aduan.documents import render
from aduan.documents.models import DocumentKind
from aduan.documents.services import Issue
from aduan.intake.models import Complaint, Reporter
from aduan.workflow.models import Instruction

SAMPLE_BODY = (
    "<p>Izin usaha Saudara telah terbit pada tanggal pengaduan ini "
    "ditindaklanjuti.</p><ol><li>Berkas teknis telah lengkap;</li>"
    "<li>Izin dapat diunduh pada sistem OSS.</li></ol>"
)


def sample_complaint(agency: Agency) -> Complaint:
    """An unsaved complaint of the agency with made-up data."""
    profile = agency.profiles.filter(is_active=True).first()
    now = timezone.now()
    reporter = Reporter(
        name="Nama Pelapor Contoh",
        nik="3171011501900001",
        address="Jalan Contoh Nomor 1",
        phone="+6281234567890",
        email="pelapor@example.com",
    )
    return Complaint(
        agency=agency,
        profile=profile,
        reporter=reporter,
        kind="pengaduan",
        channel="langsung",
        subject="Izin usaha belum terbit",
        what="Izin usaha belum terbit setelah 20 hari kerja.",
        register_number="ADU/0000/000000",
        tracking_code="0" * 17,
        received_at=now - timedelta(days=7),
    )


def sample_issue(complaint: Complaint, kind: str) -> Issue:
    """A document of the kind with sample numbers and people."""
    today = dates.local(timezone.now(), complaint.agency.timezone).date()
    signer = render.Signer(
        name="Nama Pejabat, S.H.",
        nip="197001011995031001",
        title="Kepala Dinas",
        rank="Pembina Utama Muda (IV/c)",
    )
    extra: dict = {}
    if kind == DocumentKind.TANDA_TERIMA:
        extra = {
            "rows": render.receipt_rows(complaint),
            "summary": complaint.what,
            "checklist": [(True, "Formulir Pengaduan")],
            "missing": [],
            "attachments": 1,
        }
    elif kind == DocumentKind.LEMBAR_DISPOSISI:
        extra = {
            "sender": complaint.reporter.name,
            "letter_number": "-",
            "letter_date": dates.format_date(today),
            "received": dates.format_date(today),
            "sifat": [(True, "Biasa")],
            "units": [(True, unit.name) for unit in complaint.agency.units.all()],
            "instructions": [
                (value == Instruction.PROSES, label)
                for value, label in Instruction.choices
            ],
            "notes": "-",
            "hops": [],
        }
    elif kind == DocumentKind.FORM_PENERIMAAN_LAYANAN:
        extra = {"rows": [("Nomor register", complaint.register_number)]}
    return Issue(
        kind=kind,
        source_key="preview",
        number="000/0/CONTOH/0000",
        dated=today,
        signer=signer,
        body=SAMPLE_BODY,
        extra=extra,
    )
