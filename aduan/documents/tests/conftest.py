"""Helpers for the documents tests: walk a complaint to its signed answer through the
services, read PDFs back (pypdf) and render their first page to PNG (pdftoppm)."""

import io
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from pypdf import PdfReader

from aduan.accounts.models import User
from aduan.agencies.models import Agency
from aduan.intake.models import Complaint
from aduan.intake.services import ComplaintInput, ReporterInput, register_complaint
from aduan.workflow import services as workflow
from aduan.workflow.models import Disposition

NIK = "3171011501900001"
PNG_DIR = Path(settings.BASE_DIR) / "var" / "documents"


def pdf_text(content: bytes) -> str:
    """All text of a PDF, whitespace folded, as a reader would copy it."""
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def page_png(content: bytes, name: str, *, page: int = 1, dpi: int = 100) -> Path:
    """Render one page to var/documents/<name>.png with pdftoppm; return the path."""
    assert shutil.which("pdftoppm"), "poppler-utils missing: run make system-deps"
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    stem = PNG_DIR / name
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            "-",
            str(stem),
        ],
        input=content,
        check=True,
        timeout=60,
    )
    return stem.with_suffix(".png")


def page_count(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def ink_ratio(png: Path) -> float:
    """The share of the page that is not white."""
    from PIL import Image

    with Image.open(png) as image:
        gray = image.convert("L")
        histogram = gray.histogram()
    dark = sum(histogram[:200])
    return dark / (gray.width * gray.height)


def qr_texts(png: Path) -> list[str]:
    """What every QR code on the page decodes to (zxing-cpp)."""
    import zxingcpp
    from PIL import Image

    with Image.open(png) as image:
        return [found.text for found in zxingcpp.read_barcodes(image)]


def user(agency: Agency, suffix: str) -> User:
    return (
        User.objects.filter(memberships__agency=agency, username__endswith=suffix)
        .distinct()
        .get()
    )


def register(
    agency: Agency,
    *,
    actor: User | None,
    name: str = "Siti Aminah",
    channel: str = "langsung",
    **extra,
) -> Complaint:
    profile = agency.profiles.get(is_active=True)
    data = {
        "kind": "pengaduan",
        "channel": channel,
        "subject": "Izin usaha belum terbit",
        "what": "Izin usaha saya belum terbit setelah 20 hari kerja.",
        "who": "Petugas loket perizinan",
        "when": "Oktober 2026",
        "where": "Loket perizinan",
        "how": "Berkas tidak diproses.",
        "service_date": timezone.localdate() - timedelta(days=3),
        "documents_received": tuple(profile.required_documents(channel)),
        "reporter": ReporterInput(
            name=name,
            nik=NIK,
            phone="+6281234567890",
            email="siti@example.com",
            address="Jalan Melati Nomor 7",
        ),
        **extra,
    }
    return register_complaint(agency=agency, data=ComplaintInput(**data), actor=actor)


def to_processing(complaint: Complaint) -> Complaint:
    """Verify, dispose to the first unit and let it reply."""
    agency = complaint.agency
    workflow.verify_complaint(complaint, actor=user(agency, "analis"))
    unit = agency.units.order_by("id").first()
    workflow.dispose_complaint(
        complaint,
        actor=user(agency, "analis"),
        data=workflow.DispositionInput(
            units=(unit,), instruction="siapkan_bahan", note="Siapkan bahan jawaban."
        ),
    )
    disposition = Disposition.objects.filter(complaint=complaint).latest("id")
    workflow.reply_to_disposition(
        disposition, actor=user(agency, "unit"), text="Izin terbit minggu ini."
    )
    complaint.refresh_from_db()
    return complaint


def sign(
    complaint: Complaint,
    *,
    kind: str,
    body: str = "<p>Izin usaha Saudara telah terbit.</p>",
) -> None:
    """Draft, submit, initial in the profile's order and sign (the caller runs the
    on-commit callbacks to issue the PDF)."""
    agency = complaint.agency
    workflow.save_draft(
        complaint,
        actor=user(agency, "analis"),
        body=body,
        outcome="terselesaikan",
        kind=kind,
    )
    workflow.submit_draft(complaint, actor=user(agency, "analis"))
    for step in complaint.profile.config.get("approval_chain", {}).get("initials", []):
        workflow.initial_draft(complaint, actor=user(agency, step["position"]))
    workflow.sign_draft(complaint, actor=user(agency, "kepala"))
    complaint.refresh_from_db()


@pytest.fixture
def walk():
    class Walk:
        register = staticmethod(register)
        to_processing = staticmethod(to_processing)
        sign = staticmethod(sign)
        user = staticmethod(user)

    return Walk
