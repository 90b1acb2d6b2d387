"""Helpers for front-desk tests: visiting days, a settable clock, booked visitors."""

import time as monotonic
from datetime import date, datetime, time, timedelta

from aduan.accounts.models import User
from aduan.agencies.models import Agency
from aduan.frontdesk import clock
from aduan.frontdesk.models import Appointment, AppointmentSource
from aduan.frontdesk.services import (
    AppointmentRequestInput,
    confirm_appointment,
    request_appointment,
)
from aduan.sla.deadlines import calendar_for


def visiting_day(agency: Agency, after: date, *, skip: int = 0) -> date:
    """The first working day after `after` (then `skip` more)."""
    calendar = calendar_for(agency)
    day = calendar.next_working_day(after + timedelta(days=1))
    for _ in range(skip):
        day = calendar.next_working_day(day + timedelta(days=1))
    return day


def local(agency: Agency, day: date, hour: int, minute: int = 0) -> datetime:
    """An aware instant at a wall-clock time of the agency."""
    return datetime.combine(day, time(hour, minute), tzinfo=calendar_for(agency).zone)


def set_clock(monkeypatch, moment: datetime, *, moving: bool = False) -> None:
    """Set the front desk's clock; a moving clock runs on from there in real time."""
    started = monotonic.monotonic()
    if moving:
        monkeypatch.setattr(
            clock,
            "now",
            lambda: moment + timedelta(seconds=monotonic.monotonic() - started),
        )
    else:
        monkeypatch.setattr(clock, "now", lambda: moment)


def booked(
    agency: Agency,
    *,
    actor: User,
    start: datetime,
    name: str = "Dewi Lestari",
    officer: User | None = None,
    phone: str = "+6281234567890",
    email: str = "",
) -> Appointment:
    """A request that the desk confirmed into the slot at `start`."""
    appointment = request_appointment(
        agency,
        actor=actor,
        data=AppointmentRequestInput(
            name=name,
            purpose="Konsultasi kerugian transaksi berjangka.",
            source=AppointmentSource.EMAIL,
            phone=phone,
            email=email,
        ),
    )
    return confirm_appointment(appointment, actor=actor, start=start, officer=officer)
