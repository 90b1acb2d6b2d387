"""Dates and times as people write them in Indonesia: 22 November 2026, 14.05 WIB."""

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


# The years a day typed into a page may fall in: the working-day calendar covers
# them, and day arithmetic near 0001-01-01 or 9999-12-31 would overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def in_calendar(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def a_year_after(day: date) -> date:
    """The latest day a form accepts ahead of `day`: a sanity bound in calendar
    days (a typing slip, not an SOP time limit)."""
    return day + timedelta(days=366)


def local(moment: datetime, tz: str) -> datetime:
    """Convert an aware instant to the agency's zone."""
    return moment.astimezone(ZoneInfo(tz))


def format_date(day: date) -> str:
    """22 November 2026."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def format_time(moment: datetime, tz: str) -> str:
    """14.05 WIB, in the agency's zone."""
    moment = local(moment, tz)
    return f"{moment:%H.%M} {ZONE_ABBREVIATIONS.get(tz, tz)}"


def format_datetime(moment: datetime, tz: str) -> str:
    """22 November 2026, 14.05 WIB, in the agency's zone."""
    return f"{format_date(local(moment, tz).date())}, {format_time(moment, tz)}"


def day_bounds(tz: str, first: date, last: date) -> tuple[datetime, datetime]:
    """The instants that open and close the local days first..last, inclusive."""
    zone = ZoneInfo(tz)
    # Calendar days by definition: the period ends when the day after `last` begins.
    return (
        datetime.combine(first, time.min, zone),
        datetime.combine(last + timedelta(days=1), time.min, zone),
    )


def month_bounds(month: date, tz: str) -> tuple[datetime, datetime]:
    """The local month containing `month`, as two instants."""
    last = calendar.monthrange(month.year, month.month)[1]
    return day_bounds(tz, month.replace(day=1), month.replace(day=last))
