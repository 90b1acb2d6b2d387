"""The Buku Register Pengaduan for a period, as XLSX and PDF."""

import io

from django.utils import timezone
from openpyxl import load_workbook

from aduan.core import dates
from aduan.documents import register
from aduan.documents.render import REGISTER_HEADINGS
from aduan.documents.tests.conftest import ink_ratio, page_png, pdf_text


def _period(agency) -> dict:
    today = dates.local(timezone.now(), agency.timezone).date()
    return {"dari": today.replace(day=1).isoformat(), "sampai": today.isoformat()}


def _complaints(agency, walk):
    petugas = walk.user(agency, "petugas")
    first = walk.register(agency, actor=petugas, name="Siti Aminah")
    second = walk.register(
        agency, actor=None, name="Budi Santoso", what='=HYPERLINK("http://x","klik")'
    )
    walk.to_processing(first)
    return first, second


def test_xlsx_lists_the_period_with_numbered_columns(agency, walk, client_for):
    # given two complaints this month
    first, second = _complaints(agency, walk)
    # when the front office downloads the register as XLSX
    response = client_for("petugas").get(
        "/kantor/register/", {**_period(agency), "format": "xlsx"}
    )
    # then it is a workbook with the kop, the headings, the column numbers and a row
    # per complaint in order
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][0] == agency.name
    assert list(rows[3]) == list(REGISTER_HEADINGS)
    assert list(rows[4]) == list(range(1, 15))
    body = rows[5:]
    assert [row[2] for row in body] == [first.register_number, second.register_number]
    assert body[0][0] == "1" and body[0][3] == "Siti Aminah"
    assert "Bidang" in body[0][9]  # disposed to a unit, with its date
    assert body[1][5] == "Datang langsung"
    # and text from the public is never a formula
    cell = book.active.cell(row=7, column=8)
    assert cell.data_type == "s" and cell.value.startswith("Izin usaha belum terbit: =")


def test_pdf_register_reads_back_and_hides_identity_from_other_roles(
    agency, walk, client_for
):
    first, second = _complaints(agency, walk)
    # when the Kabid (not in identity_visible_to) prints it as PDF
    response = client_for("kabid").get(
        "/kantor/register/", {**_period(agency), "format": "pdf"}
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    text = pdf_text(content)
    # then the kop, title, period and rows are there, without names
    assert "BUKU REGISTER PENGADUAN" in text
    assert agency.name.upper() in text
    # (narrow columns wrap a number across lines)
    packed = text.replace(" ", "")
    assert first.register_number in packed and second.register_number in packed
    assert "(dirahasiakan)" in text and "Siti Aminah" not in text
    assert "Halaman 1" in text
    assert ink_ratio(page_png(content, "register-p1")) > 0.01


def test_pdf_is_bounded_and_chunks_number_pages_on(
    agency, walk, client_for, monkeypatch
):
    _complaints(agency, walk)
    # over the PDF limit the page asks for a shorter period or XLSX
    monkeypatch.setattr(register, "PDF_MAX_ROWS", 1)
    response = client_for("petugas").get(
        "/kantor/register/", {**_period(agency), "format": "pdf"}
    )
    assert response.status_code == 422
    assert "XLSX" in response.content.decode()
    # a register laid out in runs of one row still numbers its pages on
    monkeypatch.setattr(register, "PDF_MAX_ROWS", 10)
    monkeypatch.setattr(register, "CHUNK", 1)
    response = client_for("petugas").get(
        "/kantor/register/", {**_period(agency), "format": "pdf"}
    )
    text = pdf_text(b"".join(response.streaming_content))
    assert "Halaman 1" in text and "Halaman 2" in text


def test_unit_staff_do_not_keep_the_register(agency, client_for):
    assert client_for("unit").get("/kantor/register/").status_code == 404
    assert client_for("petugas").get("/kantor/register/").status_code == 200
