"""The Buku Register Pengaduan for a period (DOCUMENTS.md §5), as XLSX or PDF.

Both writers take an iterator of complaints (selectors.register_complaints, a
server-side cursor on PostgreSQL) and write to a file, so memory stays flat as rows
grow: openpyxl's write-only mode spills rows to disk, and the PDF is laid out in runs
of CHUNK rows that are appended to the output one after another.
"""

import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from django.utils import translation
from django.utils.translation import gettext

from aduan.agencies.models import Agency
from aduan.core import dates
from aduan.documents.render import (
    REGISTER_HEADINGS,
    register_labels,
    register_pdf_chunk,
    register_row_values,
)
from aduan.intake.models import Complaint

if TYPE_CHECKING:
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject, PdfObject

# WeasyPrint lays out ~25-30 ms a row whatever the styling (bench/register_book.py):
# up to PDF_DIRECT_ROWS the PDF is written within the request (~15 s); a longer book
# is written by a task (documents.tasks) and downloaded when ready. PDF_MAX_ROWS
# bounds one task (~25 min of a worker); XLSX has no limit.
PDF_DIRECT_ROWS = 500
PDF_MAX_ROWS = 50_000
# Rows laid out per WeasyPrint document: its memory grows with the rows of one
# document (~0.1 MB a row), the time per row does not depend on it.
CHUNK = 100
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
    """Write the register as a landscape A4 PDF; return the number of rows.

    WeasyPrint's memory grows with the rows of one document, so it lays out CHUNK
    rows at a time into temporary files; the runs are then copied one by one into
    the target with "Halaman X dari Y" stamped on each page (the total is known only
    once every run is laid out). Memory stays that of one run.
    """
    period, count = period_label(start, end), 0
    numbered, labels = enumerate(complaints, start=1), register_labels()
    with tempfile.TemporaryDirectory(prefix="register-") as folder:
        runs: list[Path] = []
        for batch in _batched(numbered, CHUNK):
            rows = [
                register_row_values(c, number=n, identity=identity, labels=labels)
                for n, c in batch
            ]
            count = batch[-1][0]
            runs.append(_write_run(folder, len(runs), agency, rows, period, printed))
        if not runs:  # an empty period still prints its heading
            runs.append(_write_run(folder, 0, agency, [], period, printed))
        join_with_page_numbers(runs, target)
    return count


def _write_run(
    folder: str,
    index: int,
    agency: Agency,
    rows: list[list[str]],
    period: str,
    printed: date,
) -> Path:
    path = Path(folder) / f"{index:05d}.pdf"
    path.write_bytes(
        register_pdf_chunk(
            agency, rows, period=period, first=index == 0, printed=printed
        )
    )
    return path


# Advance widths (1/1000 em) of Helvetica, the PDF standard font every reader has and
# the metric twin of Liberation Sans; enough to right-align "Halaman 12 dari 340".
_HELVETICA_WIDTHS = {
    **dict.fromkeys("0123456789abdeghnopqu", 556),
    **dict.fromkeys("ckrsvxyz", 500),
    **dict.fromkeys("ijl", 222),
    **dict.fromkeys("ft ", 278),
    **{"r": 333, "w": 722, "m": 833, "H": 722, "D": 722, "P": 667, "A": 667},
}
_PAGE_FONT_SIZE = 7
_PAGE_RIGHT = 28.35  # pt from the right edge: the 1 cm page margin
_PAGE_BOTTOM = 18  # pt from the bottom edge, inside the 1.4 cm margin
_PAGE_FONT = "/AduanPage"


def _pdf_text(text: str) -> str:
    """Text for a PDF literal string: brackets and backslashes escaped."""
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


class _PdfOut:
    """A PDF written object by object: only the offsets and the page list are kept.

    Object 1 is the catalog and 2 the page tree, both written last; pypdf's
    PdfWriter would hold every page of the book in memory until the end.
    """

    def __init__(self, target: BinaryIO) -> None:
        self.target = target
        self.start = target.tell()
        self.offsets: dict[int, int] = {}
        self.next_id = 3
        self.pages: list[int] = []
        target.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def reserve(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def write(self, number: int, obj: "PdfObject") -> None:
        self.offsets[number] = self.target.tell() - self.start
        self.target.write(f"{number} 0 obj\n".encode())
        obj.write_to_stream(self.target)
        self.target.write(b"\nendobj\n")

    def close(self) -> None:
        from pypdf.generic import (
            ArrayObject,
            DictionaryObject,
            IndirectObject,
            NameObject,
            NumberObject,
        )

        kids = ArrayObject(IndirectObject(n, 0, None) for n in self.pages)
        self.write(
            2,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Pages"),
                    NameObject("/Kids"): kids,
                    NameObject("/Count"): NumberObject(len(self.pages)),
                }
            ),
        )
        self.write(
            1,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Catalog"),
                    NameObject("/Pages"): IndirectObject(2, 0, None),
                }
            ),
        )
        xref = self.target.tell() - self.start
        lines = [f"xref\n0 {self.next_id}\n", "0000000000 65535 f \n"]
        lines += [f"{self.offsets[n]:010d} 00000 n \n" for n in range(1, self.next_id)]
        lines.append(
            f"trailer\n<< /Size {self.next_id} /Root 1 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n"
        )
        self.target.write("".join(lines).encode())


def join_with_page_numbers(runs: list[Path], target: BinaryIO) -> None:
    """Copy the pages of the runs into one PDF, each stamped "Halaman X dari Y".

    The stamp is a small content stream per page in Helvetica (a font every PDF
    reader has); merging a stamp page instead would rewrite every page's content.
    """
    from pypdf import PdfReader
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        IndirectObject,
        NameObject,
    )

    total = sum(len(PdfReader(run).pages) for run in runs)
    with translation.override("id"):
        template = gettext("Halaman %(page)s dari %(pages)s")
    out = _PdfOut(target)
    font = IndirectObject(out.reserve(), 0, None)
    out.write(
        font.idnum,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        ),
    )

    def stream(data: str) -> IndirectObject:
        content = DecodedStreamObject()
        content.set_data(data.encode("cp1252", "replace"))
        number = out.reserve()
        out.write(number, content)
        return IndirectObject(number, 0, None)

    save, done = stream("q\n"), 0
    for run in runs:
        reader = PdfReader(run)
        refs = [view.indirect_reference for view in reader.pages]
        # Stamp every page of the run before copying any: copying renumbers the
        # objects in place, shared ones (resources) included.
        for view in reader.pages:
            # Edit the object _copy will write (reader.pages hands out a copy).
            page = reader.get_object(view.indirect_reference)
            index = done + 1
            done += 1
            text = template % {"page": index, "pages": total}
            width = sum(_HELVETICA_WIDTHS.get(c, 556) for c in text) / 1000
            x = float(view.mediabox.right) - _PAGE_RIGHT - width * _PAGE_FONT_SIZE
            number = stream(
                f"Q q BT {_PAGE_FONT} {_PAGE_FONT_SIZE} Tf 0 g {x:.2f} "
                f"{_PAGE_BOTTOM} Td ({_pdf_text(text)}) Tj ET Q\n"
            )
            resources = page[NameObject("/Resources")].get_object()
            if "/Font" not in resources:
                resources[NameObject("/Font")] = DictionaryObject()
            resources["/Font"].get_object()[NameObject(_PAGE_FONT)] = font
            # The references as stored (page[...] would resolve them to objects).
            contents = dict.get(page, "/Contents")
            if isinstance(contents.get_object(), ArrayObject):
                contents = contents.get_object()
            old = list(contents) if isinstance(contents, ArrayObject) else [contents]
            page[NameObject("/Contents")] = ArrayObject([save, *old, number])
            page[NameObject("/Parent")] = IndirectObject(2, 0, None)
        copied: dict[int, int] = {}  # object number in the run -> in the book
        out.pages += [_copy(reader, ref, copied, out) for ref in refs]
    out.close()


def _copy(
    reader: "PdfReader", ref: "IndirectObject", copied: dict[int, int], out: _PdfOut
) -> int:
    """Write an object of a run and all it refers to (once each); return its number
    in the book. The run's objects are renumbered in place: the run is read once."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if ref.idnum in copied:
        return copied[ref.idnum]
    pending = [ref]
    copied[ref.idnum] = out.reserve()
    while pending:
        current = pending.pop()
        obj = reader.get_object(current)

        def renumber(value: "PdfObject") -> "PdfObject":
            if isinstance(value, IndirectObject):
                if value.pdf is None:  # already a reference of the book
                    return value
                if value.idnum not in copied:
                    copied[value.idnum] = out.reserve()
                    pending.append(value)
                return IndirectObject(copied[value.idnum], 0, None)
            # dict/list access: pypdf's own would resolve the references.
            if isinstance(value, DictionaryObject):
                for key, item in list(dict.items(value)):
                    dict.__setitem__(value, key, renumber(item))
            elif isinstance(value, ArrayObject):
                for position, item in enumerate(list.__iter__(value)):
                    list.__setitem__(value, position, renumber(item))
            return value

        out.write(copied[current.idnum], renumber(obj))
    return copied[ref.idnum]
