"""The Buku Register Pengaduan for a period (DOCUMENTS.md §5), as XLSX or PDF.

Both writers take an iterator of complaints (selectors.register_complaints, a
server-side cursor on PostgreSQL) and write to a file, so memory stays flat as rows
grow: openpyxl's write-only mode spills rows to disk, and the PDF is laid out in runs
of CHUNK rows that are appended to the output one after another.
"""

from collections.abc import Iterable, Iterator
from datetime import date
from io import BytesIO
from itertools import islice
from typing import BinaryIO, TypeVar

from aduan.agencies.models import Agency
from aduan.core import dates
from aduan.documents.render import (
    REGISTER_HEADINGS,
    register_labels,
    register_pdf_chunk,
    register_row_values,
)
from aduan.intake.models import Complaint

# A printed book beyond this is slow to lay out (WeasyPrint: ~30 ms a row, ~30 s for
# the limit); XLSX has no limit.
PDF_MAX_ROWS = 1000
CHUNK = 200
WIDTHS = (5, 16, 18, 24, 30, 14, 14, 60, 22, 28, 18, 16, 26, 18)
_FORMULA_START = ("=", "+", "-", "@")
T = TypeVar("T")


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def period_label(start: date, end: date) -> str:
    """1 Januari 2026 s.d. 31 Januari 2026."""
    return f"{dates.format_date(start)} s.d. {dates.format_date(end)}"


def write_register_xlsx(
    agency: Agency,
    complaints: Iterable[Complaint],
    target: BinaryIO,
    *,
    start: date,
    end: date,
    identity: bool,
) -> int:
    """Write the register as a workbook; return the number of rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Register")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A6"
    bold = Font(bold=True)

    def cells(values: Iterable[object], font: Font | None = None) -> list:
        row = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str) and value.startswith(_FORMULA_START):
                cell.data_type = "s"  # text from the public is never a formula
            if font:
                cell.font = font
            row.append(cell)
        return row

    sheet.append(cells([agency.government or ""], bold))
    sheet.append(cells([agency.name], bold))
    sheet.append(
        cells([f"Buku Register Pengaduan, periode {period_label(start, end)}"])
    )
    sheet.append(cells(REGISTER_HEADINGS, bold))
    sheet.append(cells(range(1, len(REGISTER_HEADINGS) + 1)))
    count, labels = 0, register_labels()
    for count, complaint in enumerate(complaints, start=1):
        sheet.append(
            cells(
                register_row_values(
                    complaint, number=count, identity=identity, labels=labels
                )
            )
        )
    book.save(target)
    return count


def write_register_pdf(
    agency: Agency,
    complaints: Iterable[Complaint],
    target: BinaryIO,
    *,
    start: date,
    end: date,
    identity: bool,
    printed: date,
) -> int:
    """Write the register as a landscape A4 PDF; return the number of rows."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    period, pages, count, first = period_label(start, end), 0, 0, True
    numbered, labels = enumerate(complaints, start=1), register_labels()
    for batch in _batched(numbered, CHUNK):
        rows = [
            register_row_values(c, number=n, identity=identity, labels=labels)
            for n, c in batch
        ]
        count = batch[-1][0]
        pdf = register_pdf_chunk(
            agency, rows, period=period, first=first, page_offset=pages, printed=printed
        )
        reader = PdfReader(BytesIO(pdf))
        writer.append(reader)
        pages += len(reader.pages)
        first = False
    if first:  # an empty period still prints its heading
        writer.append(
            PdfReader(
                BytesIO(
                    register_pdf_chunk(
                        agency,
                        [],
                        period=period,
                        first=True,
                        page_offset=0,
                        printed=printed,
                    )
                )
            )
        )
    writer.write(target)
    return count
