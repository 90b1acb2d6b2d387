"""Each document kind, rendered for real and read back: kop surat, number, names and
dates in the text (pypdf), a first page that is not blank (pdftoppm, PNG kept under
var/documents/), and a QR code that decodes to the verification URL."""

import pytest

from aduan.core import dates
from aduan.documents import services
from aduan.documents.models import DocumentKind
from aduan.documents.render import verify_url
from aduan.documents.tests.conftest import (
    ink_ratio,
    page_count,
    page_png,
    pdf_text,
    qr_texts,
)
from aduan.workflow.services import answer_directly

KOP = (
    "PEMERINTAH KABUPATEN CONTOH",
    "DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU",
    "Jalan Merdeka Nomor 1, Kabupaten Contoh",
    "Telepon (0341) 123456",
    "Laman dpmptsp-contoh.example.go.id, Pos-el pengaduan@example.go.id",
)


def _issued(agency, walk, kind, capture):
    petugas = walk.user(agency, "petugas")
    if kind == DocumentKind.FORM_PENERIMAAN_LAYANAN:
        complaint = walk.register(
            agency, actor=petugas, kind="permintaan_informasi", channel="telepon"
        )
        answer_directly(
            complaint,
            actor=petugas,
            answer="Syarat izin usaha dapat dilihat di laman OSS.",
        )
        return complaint, services.issue_service_receipt(complaint, actor=petugas)
    complaint = walk.register(agency, actor=petugas)
    if kind == DocumentKind.TANDA_TERIMA:
        return complaint, services.issue_receipt(complaint, actor=petugas)
    walk.to_processing(complaint)
    if kind == DocumentKind.LEMBAR_DISPOSISI:
        return complaint, services.issue_disposition_sheet(
            complaint, actor=walk.user(agency, "analis")
        )
    with capture(execute=True):
        walk.sign(complaint, kind=kind)
    return complaint, complaint.documents.get(kind=kind)


# The words each document must carry besides the kop, the number and the reporter.
TITLES = {
    DocumentKind.TANDA_TERIMA: [
        "TANDA TERIMA PENGADUAN",
        "Petugas Penerima,",
        "Putu Petugas",
        "3171********0001",
    ],
    DocumentKind.LEMBAR_DISPOSISI: [
        "LEMBAR DISPOSISI",
        "Diteruskan kepada Sdr.:",
        "Dengan hormat harap:",
        "Siapkan bahan jawaban",
        "Bidang Pengaduan, Kebijakan dan Pelaporan Layanan",
    ],
    DocumentKind.SURAT_JAWABAN: [
        "Jawaban atas Pengaduan",
        "Menindaklanjuti pengaduan Saudara tanggal",
        "Izin usaha Saudara telah terbit.",
        "KEPALA DINAS PENANAMAN MODAL DAN",
        "Hendra Kepala, S.H., M.Si.",
    ],
    DocumentKind.BAPP: [
        "BERITA ACARA PENYELESAIAN PENGADUAN",
        "Pada hari ini",
        "PIHAK PERTAMA",
        "PIHAK KEDUA",
        "Hendra Kepala, S.H., M.Si.",
        "rangkap 2 (dua)",
    ],
    DocumentKind.FORM_PENERIMAAN_LAYANAN: [
        "FORM PENERIMAAN LAYANAN",
        "Syarat izin usaha dapat dilihat di laman OSS.",
        "Putu Petugas",
    ],
}


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_document_reads_back_with_kop_number_names_dates_and_qr(
    kind, agency, walk, django_capture_on_commit_callbacks
):
    # given a complaint at the step where the document is issued
    complaint, document = _issued(
        agency, walk, kind, django_capture_on_commit_callbacks
    )
    content = document.file.open("rb").read()
    # then the PDF's text has the kop, the number, the people and the date
    text = pdf_text(content)
    for line in KOP:
        assert line in text
    assert document.number and document.number in text
    assert "Siti Aminah" in text
    assert dates.format_date(document.dated) in text
    for words in TITLES[kind]:
        assert words in text, words
    pages = page_count(content)
    assert f"Halaman 1 dari {pages}" in text
    # and the first page is not blank
    png = page_png(content, f"{kind}-p1")
    assert 0.01 < ink_ratio(png) < 0.5
    # and the QR code (on the last page) decodes to the verification URL
    qr_page = page_png(content, f"{kind}-qr", page=pages, dpi=150)
    assert qr_texts(qr_page) == [verify_url(document.token)]
    assert document.number not in verify_url(document.token)
