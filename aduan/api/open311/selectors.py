"""What Open311 shows the public: agencies as jurisdictions, their services (the
kinds of report their SOP profile takes), and their non-secret complaints."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.agencies.models import Agency
from aduan.agencies.selectors import active_profile
from aduan.audit.models import ComplaintEvent, EventKind
from aduan.core import dates
from aduan.core.errors import DomainError
from aduan.intake.choices import Category, Channel, Kind
from aduan.intake.models import Complaint
from aduan.intake.selectors import complaints_visible_to
from aduan.workflow.machine import FINAL

LIMIT = 1000
# "(lat, long)" at the end of a complaint's location: how early Open311 requests
# kept coordinates, before intake stored them in their own columns.
COORDINATES = re.compile(r"\(?(-?\d{1,2}(?:\.\d+)?),\s*(-?\d{1,3}(?:\.\d+)?)\)?$")


class Open311Error(Exception):
    """A request Open311 refuses: HTTP status and the description for the client."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


def _host(url: str) -> str:
    url = re.sub(r"^[a-z]+://", "", url.strip().lower())
    return url.removeprefix("www.").split("/")[0]


def jurisdiction(jurisdiction_id: str) -> Agency:
    """The agency a jurisdiction_id names (its code or its website's host); it
    may be left out while only one agency takes public complaints."""
    agencies = Agency.objects.filter(public_intake=True)
    if not jurisdiction_id:
        found = list(agencies[:2])
        if len(found) != 1:
            raise Open311Error(400, _("jurisdiction_id wajib diisi."))
        return found[0]
    agency = agencies.filter(code=jurisdiction_id).first()
    if agency is None:
        wanted = _host(jurisdiction_id)
        agency = next(
            (a for a in agencies.exclude(website="") if _host(a.website) == wanted),
            None,
        )
    if agency is None:
        raise Open311Error(404, _("jurisdiction_id tidak ditemukan."))
    return agency


def service_codes(agency: Agency) -> list[str]:
    """The kinds of report the agency's active profile takes, in Kind order; none
    when its profile takes nothing on the web channel (Open311 requests come in
    on it, as the public form's do)."""
    try:
        profile = active_profile(agency)
    except DomainError:
        return []
    if Channel.WEBSITE not in profile.channels:
        return []
    return [k for k in Kind.values if k in profile.kinds]


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str
    description: str
    values: tuple[tuple[str, str], ...] = ()


YES_NO = (("true", "Ya"), ("false", "Tidak"))


def attributes() -> list[Attribute]:
    """The complaint fields an Open311 client may send as attribute[code]."""
    return [
        Attribute("subject", "string", _("Perihal (ringkas)")),
        Attribute(
            "category",
            "singlevaluelist",
            _("Kategori"),
            tuple((c.value, str(c.label)) for c in Category),
        ),
        Attribute("who", "text", _("Siapa yang terlibat atau diadukan?")),
        Attribute("when", "string", _("Kapan terjadi?")),
        Attribute("incident_date", "datetime", _("Tanggal kejadian")),
        Attribute("where", "string", _("Di mana terjadi?")),
        Attribute("how", "text", _("Bagaimana terjadinya?")),
        Attribute("service_name", "string", _("Layanan/izin terkait")),
        Attribute("service_date", "datetime", _("Tanggal menerima layanan")),
        Attribute("expected_outcome", "text", _("Penyelesaian yang diharapkan")),
        Attribute(
            "is_confidential", "singlevaluelist", _("Rahasiakan identitas saya"), YES_NO
        ),
        Attribute(
            "is_secret",
            "singlevaluelist",
            _("Pengaduan rahasia (tidak ditampilkan untuk umum)"),
            YES_NO,
        ),
    ]


def required_attributes(agency: Agency) -> set[str]:
    """Attributes the agency's SOP profile requires (its 5W1H and dates)."""
    required = set(active_profile(agency).config.get("required_fields", []))
    return required & {a.code for a in attributes()}


@dataclass(frozen=True)
class RequestFilters:
    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    statuses: tuple[str, ...] = ()


def public_requests(
    agency: Agency, filters: RequestFilters, *, viewer: User
) -> QuerySet[Complaint]:
    """Non-secret complaints of the agency that the key's account may see (a unit
    key: what is routed to its unit; never one naming the account), newest first,
    at most LIMIT."""
    rows = Complaint.objects.filter(
        agency=agency,
        is_secret=False,
        register_number__isnull=False,
        pk__in=complaints_visible_to(viewer).values("pk"),
    ).select_related("agency")
    if filters.ids:
        # service_request_id "overrides all other arguments" (GeoReport v2).
        return rows.filter(register_number__in=filters.ids).order_by("-received_at")
    if filters.service_codes:
        rows = rows.filter(kind__in=filters.service_codes)
    if filters.start:
        rows = rows.filter(received_at__gte=filters.start)
    if filters.end:
        rows = rows.filter(received_at__lte=filters.end)
    if set(filters.statuses) == {"closed"}:
        rows = rows.filter(status__in=FINAL)
    elif set(filters.statuses) == {"open"}:
        rows = rows.exclude(status__in=FINAL)
    return rows.order_by("-received_at", "-id")[:LIMIT]


def public_request(
    agency: Agency, service_request_id: str, *, viewer: User
) -> Complaint:
    """One non-secret complaint by its register number."""
    complaint = public_requests(
        agency, RequestFilters(ids=(service_request_id,)), viewer=viewer
    )
    found = complaint.first()
    if found is None:
        raise Open311Error(404, _("service_request_id tidak ditemukan."))
    return found


def _w3(moment: datetime | None, tz: str) -> str | None:
    return dates.local(moment, tz).isoformat(timespec="seconds") if moment else None


def _notes(complaints: list[Complaint]) -> dict[int, str]:
    """The public note of each complaint's latest status change, if it has one."""
    notes: dict[int, str] = {}
    events = (
        ComplaintEvent.objects.filter(
            complaint_id__in=[c.pk for c in complaints],
            kind=EventKind.STATUS_CHANGED,
            is_public=True,
        )
        .order_by("complaint_id", "seq")
        .values_list("complaint_id", "data")
    )
    for complaint_id, data in events:
        notes[complaint_id] = (data or {}).get("public_note", "")
    return notes


def coordinates(complaint: Complaint) -> tuple[float | None, float | None]:
    if complaint.latitude is not None and complaint.longitude is not None:
        return float(complaint.latitude), float(complaint.longitude)
    match = COORDINATES.search(complaint.location.strip())
    if match is None:
        return None, None
    lat, long = float(match.group(1)), float(match.group(2))
    if -90 <= lat <= 90 and -180 <= long <= 180:
        return lat, long
    return None, None


def as_service_requests(complaints: list[Complaint]) -> list[dict]:
    """GeoReport service requests; status is open until the complaint is closed
    (selesai, ditolak, diteruskan)."""
    notes = _notes(complaints)
    rows = []
    for c in complaints:
        tz = c.agency.timezone
        closed = c.status in FINAL
        lat, long = coordinates(c)
        label = str(c.get_status_display())
        note = notes.get(c.pk, "")
        rows.append(
            {
                "service_request_id": c.register_number,
                "status": "closed" if closed else "open",
                "status_notes": f"{label}. {note}".strip() if note else label,
                "service_name": str(Kind(c.kind).label),
                "service_code": c.kind,
                # Only the subject: the full text may name people (it is shown to
                # the complainant with the tracking code, not to everyone).
                "description": c.subject,
                "agency_responsible": c.forwarded_to or c.agency.name,
                "service_notice": None,
                "requested_datetime": _w3(c.received_at, tz),
                "updated_datetime": _w3(c.closed_at if closed else c.updated_at, tz),
                "expected_datetime": _w3(c.answer_due_at, tz),
                "address": c.location or c.where or None,
                "address_id": None,
                "zipcode": None,
                "lat": lat,
                "long": long,
                "media_url": None,
            }
        )
    return rows
