"""Helpers for the SOP scenarios: drive Aduan only through its HTTP interface."""

import html
import re
from datetime import datetime
from urllib.parse import urlsplit

from django.http import HttpResponse
from django.test import Client

from aduan.agencies.models import Agency, Unit
from aduan.audit.models import ComplaintEvent, EventKind
from aduan.intake.models import Complaint
from aduan.sla.calendar import WorkCalendar

PASSWORD = "aduan-demo"
NIK = "3171011501900001"
DESK_URL = "/kantor/pengaduan/baru/"


def login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD), username
    return client


def text_of(response: HttpResponse) -> str:
    """The page as a person reads it: tags removed, entities decoded."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def errors_of(response: HttpResponse) -> str:
    """Every error message on a refused page (for assertion messages)."""
    body = response.content.decode()
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', body, re.S)
    return " | ".join(html.unescape(re.sub(r"<[^>]+>", " ", f)).strip() for f in found)


def step_url(complaint: Complaint, name: str) -> str:
    return f"/kantor/pengaduan/{complaint.pk}/langkah/{name}/"


def track_url(complaint: Complaint) -> str:
    return f"/lacak/{complaint.tracking_code}/"


def post_step(client: Client, complaint: Complaint, name: str, **data) -> HttpResponse:
    return client.post(step_url(complaint, name), data)


def do(client: Client, complaint: Complaint, name: str, **data) -> HttpResponse:
    """Take a step that must succeed: 302 back to the complaint page."""
    response = post_step(client, complaint, name, **data)
    assert response.status_code == 302, (
        f"step {name!r} refused with {response.status_code}: {errors_of(response)}"
    )
    assert response["Location"] == complaint.get_absolute_url()
    complaint.refresh_from_db()
    return response


def refused(
    client: Client,
    complaint: Complaint,
    name: str,
    *,
    message: str = "",
    codes: tuple[int, ...] = (422,),
    **data,
) -> HttpResponse:
    """Take a step that must be refused; nothing about the complaint changes."""
    complaint.refresh_from_db()
    status, events = complaint.status, complaint.events.count()
    response = post_step(client, complaint, name, **data)
    assert response.status_code in codes, (response.status_code, errors_of(response))
    if message:
        assert message in text_of(response), errors_of(response)
    complaint.refresh_from_db()
    assert complaint.status == status
    assert complaint.events.count() == events
    return response


def desk_register(client: Client, **fields) -> tuple[Complaint, HttpResponse]:
    """The officer's desk form; returns the complaint and the redirect response."""
    response = client.post(DESK_URL, fields)
    assert response.status_code == 302, (response.status_code, errors_of(response))
    match = re.fullmatch(r"/kantor/pengaduan/(\d+)/", response["Location"])
    assert match, response["Location"]
    return Complaint.objects.get(pk=int(match.group(1))), response


def public_submit(client: Client, agency_code: str, **fields) -> Complaint:
    """The citizen's web form; lands on the receipt."""
    response = client.post(f"/lapor/{agency_code}/", fields)
    assert response.status_code == 302, (response.status_code, errors_of(response))
    path = urlsplit(response["Location"]).path
    match = re.fullmatch(r"/lacak/([0-9A-Z*~$=]+)/tanda-terima/", path)
    assert match, response["Location"]
    return Complaint.objects.get(tracking_code=match.group(1))


def kinds(complaint: Complaint) -> list[str]:
    return list(complaint.events.order_by("seq").values_list("kind", flat=True))


def moves(complaint: Complaint) -> list[str]:
    """The statuses the complaint went through, in order."""
    return [
        e.data["to"]
        for e in complaint.events.filter(kind=EventKind.STATUS_CHANGED).order_by("seq")
    ]


def events(complaint: Complaint, kind: str) -> list[ComplaintEvent]:
    return list(complaint.events.filter(kind=kind).order_by("seq"))


def last(complaint: Complaint, kind: str) -> ComplaintEvent:
    found = events(complaint, kind)
    assert found, f"no {kind} event"
    return found[-1]


def calendar(agency: Agency) -> WorkCalendar:
    return WorkCalendar(tz=agency.timezone)


def due(agency: Agency, start: datetime, working_days: int) -> datetime:
    return calendar(agency).working_deadline(start, working_days)


def unit(agency: Agency, code: str) -> Unit:
    return Unit.objects.get(agency=agency, code=code)


def parse_instant(value: str) -> datetime:
    return datetime.fromisoformat(value)


def timeline(complaint: Complaint) -> list[str]:
    """Event kinds in order; a status change shows its target, a clock its step."""
    labels = []
    for event in complaint.events.order_by("seq"):
        if event.kind == EventKind.STATUS_CHANGED:
            labels.append(f"→{event.data['to']}")
        elif event.kind.startswith("deadline_"):
            labels.append(f"{event.kind}:{event.data.get('step', '')}")
        else:
            labels.append(event.kind)
    return labels
