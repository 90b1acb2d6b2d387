"""HTML templates to PDF with WeasyPrint: kop surat, A4, Indonesian dates, page numbers.

Fonts come from fontconfig (Debian's fonts-liberation2 and fonts-dejavu-core, which
`make system-deps` installs); nothing is fetched: the only URLs a document may use are
data: URIs that this module builds (logo, QR code, signature and stamp images).
"""

import base64
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import filetype
import nh3
import segno
from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from aduan.accounts.models import User
from aduan.agencies.models import Agency
from aduan.core import codes, dates
from aduan.core.letter_html import LETTER_TAGS
from aduan.documents.models import LetterSettings
from aduan.documents.placeholders import fill
from aduan.documents.terbilang import date_parts, quantity
from aduan.intake.choices import Document as RequiredDocument
from aduan.intake.models import Complaint
from aduan.intake.selectors import mask_nik

IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
LIMIT_UNITS = {
    "working_days": "hari kerja",
    "calendar_days": "hari kalender",
    "minutes": "menit",
    "office_minutes": "menit jam kerja",
}


def verify_url(token: str) -> str:
    """The public address printed under the QR code."""
    return settings.SITE_URL.rstrip("/") + reverse("documents:verify", args=[token])


def qr_data_uri(url: str) -> str:
    """A QR code (segno, SVG) of the verification address."""
    return segno.make(url, error="m").svg_data_uri(border=2)


def image_data_uri(field: FieldFile | None) -> str:
    """An uploaded image as a data: URI, judged by its bytes; '' if none or unusable."""
    if not field:
        return ""
    try:
        with field.open("rb") as handle:
            content = handle.read(5 * 1024 * 1024 + 1)
    except OSError:
        return ""
    kind = filetype.guess(content[:8192])
    if kind is None or kind.mime not in IMAGE_TYPES or len(content) > 5 * 1024 * 1024:
        return ""
    return f"data:{kind.mime};base64,{base64.b64encode(content).decode()}"


def format_nip(nip: str) -> str:
    """An 18-digit NIP in its printed groups: 19700101 199503 1 001."""
    digits = nip.replace(" ", "")
    if len(digits) == 18 and digits.isdigit():
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return nip


def time_limit(limit: Mapping[str, Any] | None) -> str:
    """A profile limit in words: 14 (empat belas) hari kerja."""
    for unit, label in LIMIT_UNITS.items():
        if limit and unit in limit:
            return quantity(int(limit[unit]), label)
    return "-"


def clean_body(html: str) -> SafeString:
    """A drafted answer, sanitised again at print time."""
    return mark_safe(nh3.clean(html, tags=set(LETTER_TAGS), attributes={}))


def reporter_name(complaint: Complaint) -> str:
    """The complainant's name as a document prints it."""
    reporter = complaint.reporter
    if reporter is None or reporter.is_anonymous or not reporter.name:
        return "Pelapor"
    return reporter.name


@dataclass(frozen=True)
class Signer:
    """Who signs a document, as printed."""

    name: str = ""
    nip: str = ""
    title: str = ""
    rank: str = ""

    @classmethod
    def of(cls, user: User | None, title: str = "") -> "Signer":
        if user is None:
            return cls()
        return cls(
            name=user.name or user.username,
            nip=user.nip,
            title=title or user.jabatan,
            rank=user.pangkat,
        )


# The kop's contact labels (DOCUMENTS.md §1.1, varies by agency).
CONTACT_LABELS = {
    "long": ("Telepon", "Faksimile", "Laman", "Pos-el"),
    "short": ("Telp.", "Fax", "Website", "Email"),
}


def kop_context(agency: Agency, letter: LetterSettings | None = None) -> dict[str, Any]:
    """The letterhead: logo, government, agency name, address, contacts and rule."""
    phone, fax, site, mail = CONTACT_LABELS[letter.contact_labels if letter else "long"]
    contact = ", ".join(
        filter(
            None,
            [
                f"{phone} {agency.phone}" if agency.phone else "",
                f"{fax} {agency.fax}" if agency.fax else "",
            ],
        )
    )
    web = ", ".join(
        filter(
            None,
            [
                f"{site} {agency.website}" if agency.website else "",
                f"{mail} {agency.email}" if agency.email else "",
            ],
        )
    )
    return {
        "agency": agency,
        "logo": image_data_uri(agency.logo),
        "contact_line": contact,
        "web_line": web,
        "single_rule": bool(letter and letter.closing_rule == "single"),
    }


def placeholder_values(
    complaint: Complaint,
    *,
    number: str,
    dated: date,
    signer: Signer,
    body: str = "",
    parties: str = "",
) -> dict[str, object]:
    """The value of every placeholder for one document."""
    agency, profile = complaint.agency, complaint.profile
    reporter = complaint.reporter
    received = dates.local(complaint.received_at, agency.timezone).date()
    limit = profile.config.get("time_limits", {}).get("answer")
    return {
        "nomor": number,
        "tanggal": dates.format_date(dated),
        "kota": agency.city,
        "instansi": agency.name,
        "nama_pelapor": reporter_name(complaint),
        "alamat_pelapor": reporter.address
        if reporter and not reporter.is_anonymous
        else "",
        "nomor_register": complaint.register_number or "",
        "kode_lacak": codes.display(complaint.tracking_code),
        "tanggal_pengaduan": dates.format_date(received),
        "perihal": complaint.subject,
        "layanan": complaint.service_name or "-",
        "hasil": complaint.get_outcome_display() or "-",
        "isi": clean_body(body),
        "para_pihak": mark_safe(parties),
        **date_parts(dated),
        "tempat": f"{agency.name}, {agency.address}".strip(", "),
        "batas_waktu": time_limit(limit),
        "penandatangan": signer.name,
        "jabatan": signer.title,
    }


def write_pdf(template: str, context: Mapping[str, Any]) -> bytes:
    """Render one template to PDF bytes, in Indonesian, fetching nothing."""
    # Imported here: WeasyPrint takes a second to import and most processes never
    # print a document.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    with translation.override("id"):
        html = render_to_string(template, context)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def document_context(
    complaint: Complaint,
    *,
    kind_label: str,
    number: str,
    dated: date,
    token: str,
    signer: Signer,
    wording: str,
    values: Mapping[str, object],
) -> dict[str, Any]:
    """What every document template gets: kop, number, date, QR and the wording."""
    url = verify_url(token) if token else ""
    return {
        **kop_context(complaint.agency),
        "complaint": complaint,
        "title": kind_label,
        "number": number,
        "dated": dates.format_date(dated),
        "city": complaint.agency.city,
        "signer": signer,
        "signer_nip": format_nip(signer.nip),
        "verify_url": url,
        "qr": qr_data_uri(url) if url else "",
        "wording": fill(wording, values),
    }


def receipt_rows(complaint: Complaint) -> list[tuple[str, str]]:
    """The fields of a tanda terima (DOCUMENTS.md §3.1)."""
    agency, reporter = complaint.agency, complaint.reporter
    received = dates.local(complaint.received_at, agency.timezone)
    hidden = reporter is None or reporter.is_anonymous
    return [
        ("Nomor register", complaint.register_number or "-"),
        ("Kode lacak", codes.display(complaint.tracking_code)),
        (
            "Diterima",
            f"{dates.format_date(received.date())}, pukul "
            f"{dates.format_time(complaint.received_at, agency.timezone)}",
        ),
        ("Saluran", str(complaint.get_channel_display())),
        ("Jenis", str(complaint.get_kind_display())),
        ("Nama pengadu", "(tanpa identitas)" if hidden else reporter.name or "-"),
        ("NIK", "-" if hidden or not reporter.nik else mask_nik(reporter.nik)),
        ("Alamat", "-" if hidden else reporter.address or "-"),
        (
            "Telepon / e-mail",
            "-"
            if hidden
            else " / ".join(filter(None, [reporter.phone, reporter.email])) or "-",
        ),
        ("Perihal", complaint.subject),
    ]


def checklist(complaint: Complaint) -> list[tuple[bool, str]]:
    """What the profile requires for this channel, and whether it came."""
    received = set(complaint.documents_received)
    return [
        (code in received, str(RequiredDocument(code).label))
        for code in complaint.profile.required_documents(complaint.channel)
    ]


def register_labels() -> dict[str, dict[str, str]]:
    """Readable labels of the coded columns, resolved once per export (a label looked
    up per row costs more than the rest of the row)."""
    from aduan.intake.choices import Channel, Kind, Outcome
    from aduan.workflow.status import Status

    return {
        name: {value: str(label) for value, label in choices.choices}
        for name, choices in (
            ("channel", Channel),
            ("kind", Kind),
            ("outcome", Outcome),
            ("status", Status),
        )
    }


def register_row_values(
    complaint: Complaint,
    *,
    number: int,
    identity: bool,
    labels: Mapping[str, Mapping[str, str]] | None = None,
) -> list[str]:
    """One line of the Buku Register Pengaduan (DOCUMENTS.md §5), 14 columns."""
    labels = labels or register_labels()
    tz = complaint.agency.timezone
    received = dates.local(complaint.received_at, tz)
    reporter = complaint.reporter
    if reporter is None or reporter.is_anonymous:
        name, contact = "(tanpa identitas)", "-"
    elif reporter.is_confidential or not identity:
        name, contact = "(dirahasiakan)", "-"
    else:
        name = reporter.name + (
            f" / {reporter.organisation}" if reporter.organisation else ""
        )
        contact = (
            "; ".join(filter(None, [reporter.address, reporter.phone, reporter.email]))
            or "-"
        )
    dispositions = (
        "; ".join(
            f"{d.unit.name} ({dates.local(d.given_at, tz):%d-%m-%Y})"
            for d in complaint.dispositions.all()
        )
        or "-"
    )
    signed = [d for d in complaint.drafts.all() if d.letter_number]
    finished = "-"
    if complaint.closed_at:
        finished = f"{dates.local(complaint.closed_at, tz):%d-%m-%Y}"
    if signed:
        finished = f"{finished} ({', '.join(d.letter_number for d in signed)})"
    employees = ", ".join(e.name for e in complaint.reported_employees.all())
    what = "(rahasia)" if complaint.is_secret else complaint.what
    return [
        str(number),
        f"{received:%d-%m-%Y %H.%M}",
        complaint.register_number or "-",
        name,
        contact,
        labels["channel"].get(complaint.channel, complaint.channel),
        labels["kind"].get(complaint.kind, complaint.kind),
        f"{complaint.subject}: {what}"[:1000],
        employees or complaint.who[:200] or "-",
        dispositions,
        labels["outcome"].get(complaint.outcome) or "-",
        labels["status"].get(complaint.status, complaint.status),
        finished,
        complaint.forwarded_to or "",
    ]


REGISTER_HEADINGS = (
    "No",
    "Tanggal & jam terima",
    "Nomor register",
    "Nama / identitas pengadu",
    "Alamat & kontak",
    "Saluran/media",
    "Jenis",
    "Uraian/substansi pengaduan",
    "Terlapor / unit terkait",
    "Disposisi kepada (tgl)",
    "Tindak lanjut",
    "Status",
    "Tanggal selesai (no. BAPP / surat jawaban)",
    "Keterangan",
)


def register_pdf_chunk(
    agency: Agency,
    rows: Iterable[list[str]],
    *,
    period: str,
    first: bool,
    printed: date,
) -> bytes:
    """One run of register rows as PDF pages; the kop only on the first run (the
    page numbers are stamped on the joined book, register.stamp_page_numbers)."""
    context = {
        **kop_context(agency),
        "rows": rows,
        "period": period,
        "first": first,
        "headings": REGISTER_HEADINGS,
        "printed": dates.format_date(printed),
    }
    return write_pdf("documents/pdf/register.html", context)
