"""Deadlines from the SOP profile: the only place that turns a limit into an instant.

The answer clock starts when the file is complete (seed 001: "setelah berkas
persyaratan dinyatakan lengkap"), pauses while the file is back with the complainant,
and ends when the answer goes out; meeting or missing it is written on the timeline.
"""

from datetime import datetime, time
from typing import Any

from aduan.accounts.models import User
from aduan.agencies.models import Agency
from aduan.audit.models import ComplaintEvent, EventKind
from aduan.audit.services import record_event
from aduan.intake.models import Complaint
from aduan.sla.calendar import WorkCalendar
from aduan.sla.models import CalendarDay, StepClock
from aduan.workflow.status import Status

# Statuses in which the answer has gone out (the answer clock stops).
ANSWERED = frozenset(
    {
        Status.DIJAWAB,
        Status.DIJAWAB_LANGSUNG,
        Status.DITOLAK,
        Status.DITERUSKAN,
        Status.SELESAI,
    }
)


def calendar_for(agency: Agency) -> WorkCalendar:
    """The agency's working calendar: national holidays and cuti bersama, the days its
    admin added or cancelled, in its time zone. Cached on the agency object."""
    cached = agency.__dict__.get("_work_calendar")
    if cached is not None:
        return cached
    days = list(
        CalendarDay.objects.filter(agency=agency).values_list("day", "is_working")
    )
    hours = {day: (agency.opens_at, agency.closes_at) for day in range(4)}
    hours[4] = (agency.opens_at, agency.friday_closes_at)
    calendar = WorkCalendar(
        tz=agency.timezone,
        office_hours=hours,
        extra_off_days=frozenset(day for day, working in days if not working),
        extra_working_days=frozenset(day for day, working in days if working),
    )
    agency.__dict__["_work_calendar"] = calendar
    return calendar


def due_after(
    limit: dict[str, Any], start: datetime, calendar: WorkCalendar
) -> datetime:
    """The instant a limit of the profile ({working_days: 14} etc.) ends."""
    if "working_days" in limit:
        return calendar.working_deadline(start, limit["working_days"])
    if "calendar_days" in limit:
        local_day = calendar.add_calendar_days(
            start.astimezone(calendar.zone).date(), limit["calendar_days"]
        )
        end = datetime.combine(local_day, time(23, 59, 59), tzinfo=calendar.zone)
        return end.astimezone(start.tzinfo)
    if "office_minutes" in limit:
        return calendar.add_office_minutes(start, limit["office_minutes"])
    return calendar.add_minutes(start, limit["minutes"])


def answer_limit(complaint: Complaint) -> dict[str, Any] | None:
    """The answer limit: the time class picked at verification, else the profile's."""
    config = complaint.profile.config
    for time_class in config.get("time_classes", []) or []:
        if time_class["code"] == complaint.time_class:
            return time_class
    return config.get("time_limits", {}).get("answer")


def answer_due(complaint: Complaint, start: datetime) -> datetime | None:
    """When the answer is due if the clock starts at `start` (no write)."""
    limit = answer_limit(complaint)
    if limit is None:
        return None
    return due_after(limit, start, calendar_for(complaint.agency))


def _set_answer_due(
    complaint: Complaint,
    due: datetime,
    *,
    at: datetime,
    actor: User | None,
    role: str,
    fields: tuple[str, ...] = ("answer_due_at",),
    **data: Any,
) -> None:
    """Store the answer's due time and put it on the public timeline."""
    complaint.answer_due_at = due
    complaint.save(update_fields=list(fields))
    record_event(
        complaint,
        EventKind.DEADLINE_SET,
        at=at,
        actor=actor,
        role=role,
        is_public=True,
        data={"step": "answer", "due_at": due.isoformat(), **data},
    )


def start_answer_clock(
    complaint: Complaint, *, at: datetime, actor: User | None, role: str
) -> None:
    """Start (or restart) the answer clock and write the deadline on the timeline."""
    limit = answer_limit(complaint)
    if limit is None:
        return
    complaint.answer_started_at = at
    _set_answer_due(
        complaint,
        answer_due(complaint, at),
        at=at,
        actor=actor,
        role=role,
        fields=("answer_started_at", "answer_due_at"),
        limit={k: v for k, v in limit.items() if k != "label"},
    )


def _pause(
    complaint: Complaint, *, at: datetime, actor: User | None, role: str
) -> None:
    if complaint.answer_due_at is None:
        return
    complaint.answer_due_at = None
    complaint.answer_started_at = None
    complaint.save(update_fields=["answer_started_at", "answer_due_at"])
    record_event(
        complaint,
        EventKind.DEADLINE_SET,
        at=at,
        actor=actor,
        role=role,
        data={"step": "answer", "due_at": None, "paused": True},
    )


def _stop(complaint: Complaint, *, at: datetime, actor: User | None, role: str) -> None:
    due = complaint.answer_due_at
    if due is None:
        return
    met = at <= due
    started = complaint.answer_started_at or complaint.received_at
    record_event(
        complaint,
        EventKind.DEADLINE_MET if met else EventKind.DEADLINE_MISSED,
        at=at,
        actor=actor,
        role=role,
        is_public=True,
        data={
            "step": "answer",
            "due_at": due.isoformat(),
            "started_at": started.isoformat(),
            "seconds": int((at - started).total_seconds()),
            "late_by_seconds": 0 if met else int((at - due).total_seconds()),
        },
    )
    complaint.answer_due_at = None
    complaint.save(update_fields=["answer_due_at"])


def _resume(
    complaint: Complaint, *, at: datetime, actor: User | None, role: str
) -> None:
    """A withdrawn answer answered nothing: the clock it stopped runs again, to the
    same due time (the SLA is not reset by the office's own mistake)."""
    events = ComplaintEvent.objects.filter(complaint_id=complaint.pk)
    answered = (
        events.filter(kind=EventKind.STATUS_CHANGED, data__to=Status.DIJAWAB)
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )
    # Only the stop written when this answer went out: an answer with no clock
    # (a profile without a limit) must not revive an earlier cycle's.
    stopped = (
        events.filter(
            kind__in=[EventKind.DEADLINE_MET, EventKind.DEADLINE_MISSED],
            data__step="answer",
            seq__gt=answered or 0,
        )
        .order_by("-seq")
        .first()
    )
    if stopped is None:
        return
    _set_answer_due(
        complaint,
        datetime.fromisoformat(stopped.data["due_at"]),
        at=at,
        actor=actor,
        role=role,
        resumed=True,
        # The SLA figures count the stop of the answer that stands, not this one.
        voids=stopped.seq,
    )


def step_limits(complaint: Complaint) -> dict[str, dict[str, Any]]:
    """The profile's timed steps other than the answer (those with starts/ends)."""
    limits = complaint.profile.config.get("time_limits", {})
    return {name: limit for name, limit in limits.items() if "starts" in limit}


def move_step_clocks(
    complaint: Complaint, *, entered: str, at: datetime, actor: User | None, role: str
) -> None:
    """Close the step clocks this moment ends and open those it starts."""
    limits = step_limits(complaint)
    if not limits:
        return
    for clock in StepClock.objects.filter(complaint=complaint, ended_at__isnull=True):
        if entered in limits.get(clock.step, {}).get("ends", []):
            clock.ended_at, clock.met = at, at <= clock.due_at
            clock.save(update_fields=["ended_at", "met"])
            record_event(
                complaint,
                EventKind.DEADLINE_MET if clock.met else EventKind.DEADLINE_MISSED,
                at=at,
                actor=actor,
                role=role,
                data={
                    "step": clock.step,
                    "due_at": clock.due_at.isoformat(),
                    "started_at": clock.started_at.isoformat(),
                    "seconds": int((at - clock.started_at).total_seconds()),
                },
            )
    calendar = calendar_for(complaint.agency)
    for name, limit in limits.items():
        if entered in limit["starts"]:
            clock, created = StepClock.objects.get_or_create(
                complaint=complaint,
                step=name,
                cycle=complaint.cycle,
                defaults={"started_at": at, "due_at": due_after(limit, at, calendar)},
            )
            if created:
                record_event(
                    complaint,
                    EventKind.DEADLINE_SET,
                    at=at,
                    actor=actor,
                    role=role,
                    data={"step": name, "due_at": clock.due_at.isoformat()},
                )


def on_transition(
    complaint: Complaint,
    *,
    previous: str,
    action: str,
    at: datetime,
    actor: User | None,
    role: str,
) -> None:
    """Start, pause, restart or stop the answer clock as the life cycle moves."""
    target = complaint.status
    move_step_clocks(complaint, entered=target, at=at, actor=actor, role=role)
    if target == Status.DIKEMBALIKAN:
        _pause(complaint, at=at, actor=actor, role=role)
    elif previous == Status.DIKEMBALIKAN and target == Status.DITERIMA:
        # seed 001 counts from the file declared complete: when documents are still
        # missing, the clock waits for the officer to confirm them at verification.
        from aduan.workflow.machine import missing_documents

        if not missing_documents(complaint):
            start_answer_clock(complaint, at=at, actor=actor, role=role)
    elif target == Status.DIBUKA_KEMBALI:
        start_answer_clock(complaint, at=at, actor=actor, role=role)
    elif previous == Status.DIJAWAB and target == Status.DIPROSES:
        _resume(complaint, at=at, actor=actor, role=role)
    elif target == Status.TERVERIFIKASI and complaint.time_class:
        # The class picked at verification sets the limit, counted from the
        # moment the file was complete.
        started = complaint.answer_started_at or at
        limit = answer_limit(complaint)
        if limit is not None:
            _set_answer_due(
                complaint,
                due_after(limit, started, calendar_for(complaint.agency)),
                at=at,
                actor=actor,
                role=role,
                time_class=complaint.time_class,
            )
    elif target in ANSWERED and previous not in ANSWERED:
        _stop(complaint, at=at, actor=actor, role=role)


def disposition_due(agency: Agency, start: datetime, *, working_days: int) -> datetime:
    """The end of office hours, some working days from now, for a disposition."""
    return calendar_for(agency).working_deadline(start, working_days)


def end_of_office_day(agency: Agency, day) -> datetime:
    """A date someone picked as a due date, as the instant the office closes then."""
    calendar = calendar_for(agency)
    # n=0: that day's closing time, or the next working day's when it is a day off.
    return calendar.working_deadline(
        datetime.combine(day, time(0, 0), tzinfo=calendar.zone), 0
    )
