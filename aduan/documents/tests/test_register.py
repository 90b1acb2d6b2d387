"""The Buku Register Pengaduan for a period, as XLSX and PDF."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook
from pypdf import PdfReader

from aduan.audit.models import PersonalDataAccess
from aduan.core import dates
from aduan.documents import exports, register, render, selectors
from aduan.documents.models import RegisterExport
from aduan.documents.render import REGISTER_HEADINGS
from aduan.documents.tasks import build_register_pdf
from aduan.documents.tests.conftest import ink_ratio, page_png, pdf_text
from aduan.intake.services import EmployeeInput, add_reported_employee
from aduan.notify.models import Notification


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
    # and the names and contacts it showed are logged as read, one row a complaint
    reads = PersonalDataAccess.objects.filter(purpose="register_xlsx")
    assert sorted(reads.values_list("complaint_id", flat=True)) == sorted(
        [first.pk, second.pk]
    )
    assert {r.user.username for r in reads} == {"petugas"}


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
    assert "Halaman 1 dari 1" in text
    assert ink_ratio(page_png(content, "register-p1")) > 0.01


def test_pdf_over_the_cap_asks_for_a_shorter_period(
    agency, walk, client_for, monkeypatch
):
    _complaints(agency, walk)
    monkeypatch.setattr(register, "PDF_MAX_ROWS", 1)
    response = client_for("petugas").get(
        "/kantor/register/", {**_period(agency), "format": "pdf"}
    )
    assert response.status_code == 422
    assert "XLSX" in response.content.decode()


def test_pdf_laid_out_in_runs_numbers_pages_across_the_book(
    agency, walk, client_for, monkeypatch
):
    # given three complaints, laid out one row per WeasyPrint run
    _complaints(agency, walk)
    walk.register(agency, actor=None, name="Rina")
    monkeypatch.setattr(register, "CHUNK", 1)
    response = client_for("petugas").get(
        "/kantor/register/", {**_period(agency), "format": "pdf"}
    )
    content = b"".join(response.streaming_content)
    pages = [
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(content)).pages
    ]
    # then every page says which page of the whole book it is
    assert len(pages) == 3
    for index, text in enumerate(pages, start=1):
        assert f"Halaman {index} dari 3" in text
        # and repeats the column headings
        assert "Nomor register" in text and "Uraian/substansi pengaduan" in text
    # the kop and title only on the first
    assert "BUKU REGISTER PENGADUAN" in pages[0]
    assert "BUKU REGISTER PENGADUAN" not in pages[1]
    assert ink_ratio(page_png(content, "register-p3", page=3)) > 0.005


def test_long_pdf_is_written_by_a_task_and_downloaded_when_ready(
    agency, walk, client_for, monkeypatch
):
    first, second = _complaints(agency, walk)
    monkeypatch.setattr(register, "PDF_DIRECT_ROWS", 1)
    petugas = client_for("petugas")
    # when the officer asks for a PDF longer than a request may lay out
    response = petugas.get("/kantor/register/", {**_period(agency), "format": "pdf"})
    # then the page comes back at once and says it is being prepared
    assert response.status_code == 302
    page = petugas.get(response["Location"]).content.decode()
    assert "sedang disiapkan" in page and "Sedang disiapkan" in page
    export = RegisterExport.objects.get()
    queued = DBTaskResult.objects.get(task_path__endswith="build_register_pdf")
    assert queued.args_kwargs["args"] == [export.pk]
    # a reload while it is being written queues nothing more
    petugas.get("/kantor/register/", {**_period(agency), "format": "pdf"})
    assert RegisterExport.objects.count() == 1
    assert (
        DBTaskResult.objects.filter(task_path__endswith="build_register_pdf").count()
        == 1
    )
    # when the worker runs the task
    assert build_register_pdf.call(export.pk) == 2
    # then the officer is notified and downloads it from the register page
    notice = Notification.objects.get(user=walk.user(agency, "petugas"))
    assert "siap diunduh" in notice.text
    page = petugas.get("/kantor/register/").content.decode()
    url = f"/kantor/register/unduhan/{export.pk}/"
    assert url in page and "Siap diunduh" in page
    download = petugas.get(url)
    assert download.status_code == 200
    text = pdf_text(b"".join(download.streaming_content))
    packed = text.replace(" ", "")
    assert first.register_number in packed and second.register_number in packed
    assert "Siti Aminah" in text and "Halaman 1 dari 1" in text
    # and nobody else may fetch it, nor the officer once moved out of the desk
    assert client_for("kabid").get(url).status_code == 404
    walk.user(agency, "petugas").memberships.all().delete()
    assert petugas.get(url).status_code == 404
    # running the task again changes nothing
    assert build_register_pdf.call(export.pk) == 2
    assert Notification.objects.filter(text__contains="register").count() == 1


class FullDisk(FileSystemStorage):
    """A disk with no room left: every write fails as the kernel would say."""

    def _save(self, name, content):
        raise OSError(28, "No space left on device")


def test_a_failed_long_pdf_is_reported_to_the_officer(
    agency, walk, client_for, monkeypatch, settings
):
    # given a long PDF asked for while the disk is full
    _complaints(agency, walk)
    monkeypatch.setattr(register, "PDF_DIRECT_ROWS", 1)
    petugas = client_for("petugas")
    petugas.get("/kantor/register/", {**_period(agency), "format": "pdf"})
    export = RegisterExport.objects.get()
    full = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FullDisk"}}
    with override_settings(STORAGES=full):
        # when the worker runs the task, it fails (the worker logs the traceback)
        with pytest.raises(OSError):
            build_register_pdf.call(export.pk)
    # then the officer is told, and the register page says so, with no link
    export.refresh_from_db()
    assert export.status == "failed" and not export.file
    notice = Notification.objects.get(user=walk.user(agency, "petugas"))
    assert "gagal dibuat" in notice.text
    page = petugas.get("/kantor/register/").content.decode()
    assert "Gagal" in page
    assert f"/kantor/register/unduhan/{export.pk}/" not in page
    assert petugas.get(f"/kantor/register/unduhan/{export.pk}/").status_code == 404


def test_background_pdfs_are_deleted_after_the_retention_period(
    agency, walk, client_for, monkeypatch
):
    # given two finished register PDFs
    _complaints(agency, walk)
    monkeypatch.setattr(register, "PDF_DIRECT_ROWS", 1)
    petugas = client_for("petugas")
    for _ in range(2):
        petugas.get("/kantor/register/", {**_period(agency), "format": "pdf"})
        build_register_pdf.call(RegisterExport.objects.latest("id").pk)
    old, recent = RegisterExport.objects.order_by("id")
    for export in (old, recent):
        export.refresh_from_db()
    # the first finished eight days ago (the page says how long files are kept)
    now = timezone.now()
    RegisterExport.objects.filter(pk=old.pk).update(finished_at=now - timedelta(days=8))
    assert (
        "dihapus otomatis 7 hari" in petugas.get("/kantor/register/").content.decode()
    )
    # when the periodic purge runs
    assert exports.purge_register_exports(now=now) == 1
    # then the old file and its row are gone; the recent one is still downloadable
    assert not default_storage.exists(old.file.name)
    assert not RegisterExport.objects.filter(pk=old.pk).exists()
    assert petugas.get(f"/kantor/register/unduhan/{old.pk}/").status_code == 404
    download = petugas.get(f"/kantor/register/unduhan/{recent.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # and running it again deletes nothing more
    assert exports.purge_register_exports(now=now) == 0
    # but a request a dead worker left "being prepared" for eight days goes too
    period = _period(agency)
    exports.request_register_pdf(
        agency,
        walk.user(agency, "petugas"),
        start=date.fromisoformat(period["dari"]),
        end=date.fromisoformat(period["sampai"]),
        printed=date.fromisoformat(period["sampai"]),
    )
    stuck = RegisterExport.objects.get(status="queued")
    RegisterExport.objects.filter(pk=stuck.pk).update(
        requested_at=now - timedelta(days=8)
    )
    assert exports.purge_register_exports(now=now) == 1
    assert not RegisterExport.objects.filter(pk=stuck.pk).exists()


def test_register_dates_out_of_range_are_refused_with_a_message(agency, client_for):
    for dari, sampai in [("9999-12-31", "9999-12-31"), ("0001-01-01", "2026-01-31")]:
        for fmt in ("xlsx", "pdf"):
            response = client_for("petugas").get(
                "/kantor/register/", {"dari": dari, "sampai": sampai, "format": fmt}
            )
            assert response.status_code == 422
            assert "Pilih tanggal antara 01-01-2000" in response.content.decode()


def test_unit_staff_do_not_keep_the_register(agency, client_for):
    assert client_for("unit").get("/kantor/register/").status_code == 404
    assert client_for("petugas").get("/kantor/register/").status_code == 200


def test_runs_of_several_pages_join_into_one_valid_book(agency, tmp_path):
    # given two runs of 25 rows each, several pages each
    rows = [
        [str(n), "02-03-2026 08.00", f"ADU/2026/{n:06d}", f"Pelapor {n}", "-"]
        + ["Datang langsung", "Pengaduan", "Izin usaha belum terbit. " * 8]
        + ["-", "-", "-", "Diterima", "-", ""]
        for n in range(1, 51)
    ]
    runs = []
    for index in range(2):
        path = tmp_path / f"{index}.pdf"
        path.write_bytes(
            render.register_pdf_chunk(
                agency,
                rows[index * 25 : index * 25 + 25],
                period="Maret 2026",
                first=index == 0,
                printed=timezone.localdate(),
            )
        )
        runs.append(path)
    assert len(PdfReader(runs[0]).pages) > 1
    # when they are joined
    target = io.BytesIO()
    register.join_with_page_numbers(runs, target)
    # then the book is one strict PDF, every row once, every page numbered of all
    book = PdfReader(io.BytesIO(target.getvalue()), strict=True)
    total = len(book.pages)
    texts = [" ".join(page.extract_text().split()) for page in book.pages]
    for index, text in enumerate(texts, start=1):
        assert f"Halaman {index} dari {total}" in text
    packed = "".join(texts).replace(" ", "")
    assert all(f"ADU/2026/{n:06d}" in packed for n in range(1, 51))
    # and poppler draws its last page
    assert ink_ratio(page_png(target.getvalue(), "register-last", page=total)) > 0.005


def test_register_rows_come_in_order_across_chunks(agency, walk):
    first, second = _complaints(agency, walk)
    third = walk.register(agency, actor=None, name="Rina")
    today = dates.local(timezone.now(), agency.timezone).date()
    rows = selectors.register_complaints(
        agency,
        today.replace(day=1),
        today,
        viewer=walk.user(agency, "petugas"),
        chunk_size=1,
    )
    assert [c.pk for c in rows] == [first.pk, second.pk, third.pk]


def test_the_register_never_shows_a_reported_employee_their_complaint(
    agency, walk, client_for
):
    # given two complaints, one naming the analyst (by NIP) as the employee
    # complained about
    first, second = _complaints(agency, walk)
    analyst = walk.user(agency, "analis")
    add_reported_employee(
        second,
        actor=walk.user(agency, "petugas"),
        employee=EmployeeInput(name="Analis", nip=analyst.nip),
    )
    # when the analyst and the front office download the register
    seen = {}
    for username in ("analis", "petugas"):
        response = client_for(username).get(
            "/kantor/register/", {**_period(agency), "format": "xlsx"}
        )
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        seen[username] = {row[2] for row in book.active.iter_rows(values_only=True)}
    # then the analyst's book leaves that complaint out; the front office's has it
    assert first.register_number in seen["analis"]
    assert second.register_number not in seen["analis"]
    assert second.register_number in seen["petugas"]
