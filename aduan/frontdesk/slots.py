"""Visiting slots: pure time arithmetic over the agency's calendar and settings."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from aduan.sla.calendar import WorkCalendar


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, in the agency's zone
    end: datetime
    taken: int = 0
    capacity: int = 0

    @property
    def left(self) -> int:
        return max(self.capacity - self.taken, 0)


def day_slots(
    day: date,
    calendar: WorkCalendar,
    *,
    opens: time,
    closes: time,
    minutes: int,
) -> list[Slot]:
    """The slots of a day: within both the visiting and the office hours, none on a
    day off; a slot never runs past closing time."""
    if not calendar.is_working_day(day):
        return []
    office_opens, office_closes = calendar.office_hours[day.weekday()]
    zone = calendar.zone
    start = datetime.combine(day, max(opens, office_opens), tzinfo=zone)
    end_of_day = datetime.combine(day, min(closes, office_closes), tzinfo=zone)
    length = timedelta(minutes=minutes)
    slots = []
    while start + length <= end_of_day:
        slots.append(Slot(start, start + length))
        start += length
    return slots
