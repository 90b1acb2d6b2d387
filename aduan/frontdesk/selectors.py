"""Reads of the front desk: slots, the day's desk, calls and standard answers."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from aduan.accounts.models import User
from aduan.accounts.roles import INTAKE_ROLES, Role
from aduan.accounts.selectors import has_role, primary_agency_id
from aduan.agencies.models import Agency
from aduan.core import dates
from aduan.frontdesk.models import (
    HOLDING,
    Appointment,
    AppointmentStatus,
    Contact,
    DeflectionCount,
    FrontdeskSettings,
    SlotCounter,
    StandardAnswer,
    Visit,
)
from aduan.frontdesk.slots import Slot, day_slots
from aduan.sla.deadlines import calendar_for

ANSWER_ROLES = frozenset({Role.PETUGAS, Role.ADMIN})


def frontdesk_settings(agency: Agency) -> FrontdeskSettings:
    """The agency's visiting hours; the defaults (unsaved) until its admin sets them."""
    found = FrontdeskSettings.objects.filter(agency=agency).first()
    return found or FrontdeskSettings(agency=agency)


def staff_agency(user: User, roles=INTAKE_ROLES) -> Agency:
    """The agency whose front desk the user works at, or 404."""
    agency_id = primary_agency_id(user)
    if agency_id is None or not has_role(user, agency_id, roles):
        raise Http404
    return get_object_or_404(Agency, pk=agency_id)


def access_appointment(user: User, pk: int) -> Appointment:
    """An appointment of the user's desk; the same 404 for missing and forbidden."""
    agency = staff_agency(user)
    return get_object_or_404(
        Appointment.objects.select_related("officer", "agency"), pk=pk, agency=agency
    )


def access_visit(user: User, pk: int) -> Visit:
    """A visit at the user's desk; the same 404 for missing and forbidden."""
    agency = staff_agency(user)
    return get_object_or_404(
        Visit.objects.select_related("appointment", "agency"), pk=pk, agency=agency
    )


def access_contact(user: User, pk: int) -> Contact:
    """A call the user took; other people's calls are 404."""
    agency = staff_agency(user)
    return get_object_or_404(
        Contact.objects.select_related("agency"), pk=pk, agency=agency, agent=user
    )


def appointment_by_token(token: str) -> Appointment | None:
    """The complainant's only key to their appointment: the private link's token."""
    if not token or len(token) > 43:
        return None
    return (
        Appointment.objects.select_related("agency", "officer")
        .filter(manage_token=token)
        .first()
    )


def officers(agency: Agency) -> QuerySet[User]:
    """The complaint officers who meet visitors (petugas)."""
    return (
        User.objects.filter(
            memberships__agency=agency,
            memberships__role=Role.PETUGAS,
            is_active=True,
        )
        .distinct()
        .order_by("name", "username")
    )


def local_today(agency: Agency, now: datetime) -> date:
    """Today in the agency's zone."""
    return dates.local(now, agency.timezone).date()


def slots_of_day(agency: Agency, day: date) -> list[Slot]:
    """Every slot of a day with how many places are taken."""
    settings = frontdesk_settings(agency)
    slots = day_slots(
        day,
        calendar_for(agency),
        opens=settings.visit_opens_at,
        closes=settings.visit_closes_at,
        minutes=settings.slot_minutes,
    )
    if not slots:
        return []
    taken = dict(
        SlotCounter.objects.filter(
            agency=agency, start__gte=slots[0].start, start__lt=slots[-1].end
        ).values_list("start", "taken")
    )
    return [
        Slot(s.start, s.end, taken.get(s.start, 0), settings.capacity) for s in slots
    ]


def find_slot(agency: Agency, start: datetime) -> Slot | None:
    """The slot that begins at `start`, or None if no slot begins then."""
    day = dates.local(start, agency.timezone).date()
    for slot in slots_of_day(agency, day):
        if slot.start == start:
            return slot
    return None


def bookable_days(agency: Agency, now: datetime) -> tuple[date, date]:
    """The first and last day an appointment may be made for."""
    today = local_today(agency, now)
    return today, today + timedelta(days=frontdesk_settings(agency).book_days_ahead)


def free_slots(
    agency: Agency, *, now: datetime, days: int = 10
) -> list[tuple[date, list[Slot]]]:
    """Slots that still have room on the next `days` visiting days."""
    settings = frontdesk_settings(agency)
    calendar = calendar_for(agency)
    day = local_today(agency, now)
    last = day + timedelta(days=settings.book_days_ahead)
    upcoming: list[tuple[date, list[Slot]]] = []
    while day <= last and len(upcoming) < days:
        slots = [
            slot
            for slot in day_slots(
                day,
                calendar,
                opens=settings.visit_opens_at,
                closes=settings.visit_closes_at,
                minutes=settings.slot_minutes,
            )
            if slot.start > now
        ]
        if slots:
            upcoming.append((day, slots))
        day += timedelta(days=1)
    if not upcoming:
        return []
    taken = dict(
        SlotCounter.objects.filter(
            agency=agency,
            start__gte=upcoming[0][1][0].start,
            start__lt=upcoming[-1][1][-1].end,
        ).values_list("start", "taken")
    )
    found = []
    for day, slots in upcoming:
        room = [
            Slot(s.start, s.end, taken.get(s.start, 0), settings.capacity)
            for s in slots
        ]
        room = [s for s in room if s.left > 0]
        if room:
            found.append((day, room))
    return found


def slot_times(agency: Agency) -> list[time]:
    """The start times of slots on a full day (for a time picker)."""
    settings = frontdesk_settings(agency)
    times = []
    cursor = datetime.combine(date(2000, 1, 3), settings.visit_opens_at)
    end = datetime.combine(date(2000, 1, 3), settings.visit_closes_at)
    while cursor + timedelta(minutes=settings.slot_minutes) <= end:
        times.append(cursor.time())
        cursor += timedelta(minutes=settings.slot_minutes)
    return times


def day_bounds(agency: Agency, day: date) -> tuple[datetime, datetime]:
    """The first instant of a local day and of the next."""
    zone = calendar_for(agency).zone
    start = datetime.combine(day, time(0, 0), tzinfo=zone)
    return start, start + timedelta(days=1)


def appointments_of_day(agency: Agency, day: date) -> list[Appointment]:
    """The day's appointments that hold a slot, in time order."""
    start, end = day_bounds(agency, day)
    return list(
        Appointment.objects.filter(
            agency=agency,
            slot_start__gte=start,
            slot_start__lt=end,
            status__in=[*HOLDING, AppointmentStatus.TIDAK_HADIR],
        )
        .select_related("officer", "visit")
        .order_by("slot_start", "id")
    )


def visits_of_day(agency: Agency, day: date) -> list[Visit]:
    """The day's queue, in number order."""
    return list(
        Visit.objects.filter(agency=agency, day=day)
        .select_related("appointment", "officer", "complaint")
        .order_by("queue_number")
    )


def pending_appointments(agency: Agency) -> list[Appointment]:
    """Requests waiting for the officer to set a time, oldest first."""
    return list(
        Appointment.objects.filter(agency=agency, status=AppointmentStatus.DIMINTA)
        .select_related("officer")
        .order_by("requested_at", "id")
    )


# Words of an e-mail that asks to come to the office (onsite step 1).
MEETING_WORDS = ("janji temu", "jadwal pertemuan", "bertemu petugas", "datang langsung")


def emailed_meeting_requests(user: User, agency: Agency, *, limit: int = 20):
    """E-mails the ingest filed as complaints that ask for a meeting, not yet booked."""
    from aduan.intake.selectors import complaints_visible_to

    asks = Q()
    for words in MEETING_WORDS:
        asks |= Q(subject__icontains=words) | Q(what__icontains=words)
    return list(
        complaints_visible_to(user)
        .filter(agency=agency, channel="email", status="diterima")
        .filter(asks)
        .exclude(appointments__isnull=False)
        .order_by("-received_at")[:limit]
    )


def upcoming_appointments(agency: Agency, now: datetime) -> list[Appointment]:
    """Proposed and confirmed appointments from today on."""
    start, _end = day_bounds(agency, local_today(agency, now))
    return list(
        Appointment.objects.filter(
            agency=agency,
            status__in=[AppointmentStatus.DIUSULKAN, AppointmentStatus.DIKONFIRMASI],
            slot_start__gte=start,
        )
        .select_related("officer")
        .order_by("slot_start", "id")
    )


@dataclass(frozen=True)
class ScheduleItem:
    start: datetime | None
    end: datetime | None
    name: str
    phone: str
    purpose: str
    status: str
    queue_label: str
    is_walk_in: bool


def officer_schedules(
    agency: Agency, day: date, *, officer_id: int | None = None
) -> list[tuple[User | None, list[ScheduleItem]]]:
    """Each officer's list for the day; None collects what has no officer yet."""
    # Appointments in time order, then the walk-ins sent to the officer.
    by_officer: dict[int | None, list[ScheduleItem]] = {}
    for appointment in appointments_of_day(agency, day):
        visit = getattr(appointment, "visit", None)
        by_officer.setdefault(appointment.officer_id, []).append(
            ScheduleItem(
                appointment.slot_start,
                appointment.slot_end,
                appointment.name,
                appointment.phone,
                appointment.purpose,
                appointment.get_status_display(),
                visit.queue_label if visit else "",
                False,
            )
        )
    for visit in visits_of_day(agency, day):
        if visit.is_walk_in:
            by_officer.setdefault(visit.officer_id, []).append(
                ScheduleItem(
                    None,
                    None,
                    visit.name,
                    visit.phone,
                    visit.purpose,
                    visit.get_status_display(),
                    visit.queue_label,
                    True,
                )
            )
    people = {user.pk: user for user in officers(agency)}
    people.update(
        {
            user.pk: user
            for user in User.objects.filter(
                pk__in=[k for k in by_officer if k and k not in people]
            )
        }
    )
    result: list[tuple[User | None, list[ScheduleItem]]] = []
    for pk, user in people.items():
        if officer_id is None or pk == officer_id:
            result.append((user, by_officer.get(pk, [])))
    if officer_id is None and by_officer.get(None):
        result.append((None, by_officer[None]))
    return result


def waiting_minutes(visit: Visit, now: datetime) -> int:
    """Minutes from arrival until called (or until now while still waiting)."""
    end = visit.called_at or (now if visit.status == "menunggu" else visit.finished_at)
    return max(int(((end or now) - visit.arrived_at).total_seconds() // 60), 0)


def search_answers(
    agency: Agency, query: str, *, limit: int = 20, active_only: bool = True
) -> list[StandardAnswer]:
    """Standard answers matching every word of the query (all of them if none)."""
    rows = StandardAnswer.objects.filter(agency=agency)
    if active_only:
        rows = rows.filter(is_active=True)
    for word in query.split()[:8]:
        rows = rows.filter(
            Q(question__icontains=word)
            | Q(answer__icontains=word)
            | Q(keywords__icontains=word)
        )
    return list(rows.order_by("-times_used", "position", "question")[:limit])


PUBLIC_ANSWERS_LIMIT = 10


def _public_answers_key(agency_id: int) -> str:
    return f"public_answers:{agency_id}"


def public_answers(agency: Agency) -> list[StandardAnswer]:
    """The FAQs shown above the public complaint form: read on every visit, written
    rarely, so cached until a standard answer of the agency is saved or deleted
    (forget_public_answers, called by the service and the admin).
    Another web process's own cache (the default is per process; REDIS_URL shares
    one) sees an edit within a minute."""
    key = _public_answers_key(agency.pk)
    rows = cache.get(key)
    if rows is None:
        rows = list(
            StandardAnswer.objects.filter(
                agency=agency, is_active=True, is_public=True
            ).order_by("position", "question")[:PUBLIC_ANSWERS_LIMIT]
        )
        cache.set(key, rows, 60)
    return rows


def forget_public_answers(*agency_ids: int) -> None:
    """Drop the cached FAQ lists of these agencies once the transaction commits
    (before it, a visitor could cache the old list again)."""
    transaction.on_commit(
        lambda: cache.delete_many([_public_answers_key(pk) for pk in agency_ids])
    )


def open_calls(agency: Agency, user: User) -> list[Contact]:
    """The user's calls started and not yet saved."""
    return list(
        Contact.objects.filter(
            agency=agency, agent=user, finished_at__isnull=True
        ).order_by("-started_at")[:10]
    )


def recent_calls(agency: Agency, *, limit: int = 20) -> list[Contact]:
    """The agency's last finished calls."""
    return list(
        Contact.objects.filter(agency=agency, finished_at__isnull=False)
        .select_related("agent", "complaint", "standard_answer")
        .order_by("-started_at")[:limit]
    )


def call_counts(agency: Agency, first: date, last: date) -> dict[str, int]:
    """Calls finished per outcome between two local days (inclusive), and in all."""
    start, _ = day_bounds(agency, first)
    _, end = day_bounds(agency, last)
    counts = Counter(
        Contact.objects.filter(
            agency=agency,
            started_at__gte=start,
            started_at__lt=end,
            finished_at__isnull=False,
        ).values_list("outcome", flat=True)
    )
    return {**counts, "total": sum(counts.values())}


def deflection_counts(agency: Agency, first: date, last: date) -> dict[int, int]:
    """Times each public answer answered someone, between two days (inclusive)."""
    return dict(
        DeflectionCount.objects.filter(
            answer__agency=agency, day__gte=first, day__lte=last
        )
        .values_list("answer_id")
        .annotate(n=Sum("value"))
        .values_list("answer_id", "n")
    )
