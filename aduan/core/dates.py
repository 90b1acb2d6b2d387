"""Dates and times as people write them in Indonesia: 22 November 2026, 14.05 WIB."""

from datetime import date, datetime
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
