"""Working-day and office-time maths for Indonesian government SLAs.

Pure Python on purpose (no Django, no database) so the rules can be tested
exhaustively and reused from models, forms, jobs and reports alike.

Rules: a working day is a weekday that has office hours, is not a national
public holiday, not a cuti bersama (collective leave, optional), and not a
local off day added by an admin; an admin may also cancel an off day
(``extra_working_days``), e.g. when a decree revokes a cuti bersama.
All datetimes going in must be timezone-aware; all coming out are in UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

# Indonesian time zones (IANA keys) used by agencies.
WIB = "Asia/Jakarta"  # UTC+7
WITA = "Asia/Makassar"  # UTC+8
WIT = "Asia/Jayapura"  # UTC+9

# Weekday names, Monday first to match date.weekday().
DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
LOCAL_OFF_DAY_NAME = "Libur lokal"

ONE_DAY = timedelta(days=1)
ONE_MINUTE = timedelta(minutes=1)

DEFAULT_OFFICE_HOURS: Mapping[int, tuple[time, time]] = MappingProxyType(
    {weekday: (time(8, 0), time(16, 0)) for weekday in range(5)}
)
# Common civil-service schedule: longer Friday to make up for Friday prayers.
ASN_OFFICE_HOURS: Mapping[int, tuple[time, time]] = MappingProxyType(
    {
        **{weekday: (time(7, 30), time(16, 0)) for weekday in range(4)},
        4: (time(7, 30), time(16, 30)),
    }
)


@lru_cache(maxsize=128)
def _national_off_days(year: int, include_cuti_bersama: bool) -> Mapping[date, str]:
    """Cached, read-only holiday lookup for one year (the package is slow-ish)."""
    categories = ("public", "government") if include_cuti_bersama else ("public",)
    found = holidays.country_holidays(
        "ID", years=year, categories=categories, language="id"
    )
    # Read-only so that no caller can corrupt the shared cache.
    return MappingProxyType(dict(found))


def national_off_days(year: int, include_cuti_bersama: bool = True) -> dict[date, str]:
    """Return national holidays (and cuti bersama if asked) of a year: date -> name."""
    return dict(_national_off_days(year, include_cuti_bersama))


def _require_aware(value: datetime, name: str) -> None:
    """Reject naive datetimes: guessing their zone silently shifts deadlines."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")


def _require_date(value: date, name: str) -> None:
    """Reject datetimes where a date is expected: datetime != date in set lookups."""
    if isinstance(value, datetime):
        raise TypeError(f"{name} must be a date, not a datetime; use .date()")


def _require_non_negative(n: int, name: str) -> None:
    """Reject negative counts: SLAs only ever run forward."""
    if n < 0:
        raise ValueError(f"{name} must be >= 0, got {n}")


@dataclass(frozen=True)
class WorkCalendar:
    """One agency's working calendar: time zone, office hours and off days."""

    tz: str = WIB
    extra_off_days: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    include_cuti_bersama: bool = True
    # hash=False: mappings are unhashable; equality still compares them.
    office_hours: Mapping[int, tuple[time, time]] = field(
        default_factory=lambda: DEFAULT_OFFICE_HOURS, hash=False
    )

    def __post_init__(self) -> None:
        """Validate and freeze inputs so a bad admin setting fails loudly, early."""
        ZoneInfo(self.tz)  # raises ZoneInfoNotFoundError for unknown keys
        # object.__setattr__ because the dataclass is frozen.
        object.__setattr__(self, "extra_off_days", frozenset(self.extra_off_days))
        object.__setattr__(
            self, "extra_working_days", frozenset(self.extra_working_days)
        )
        both = self.extra_off_days & self.extra_working_days
        if both:
            raise ValueError(f"days both added and removed as off days: {sorted(both)}")
        hours = dict(self.office_hours)
        if not hours:
            # Without any office day, add_working_days would loop forever.
            raise ValueError("office_hours must contain at least one weekday")
        for weekday, (start, end) in hours.items():
            if weekday not in range(7):
                raise ValueError(f"office_hours weekday must be 0..6, got {weekday}")
            if not start < end:
                raise ValueError(f"office hours for weekday {weekday} end before start")
        object.__setattr__(self, "office_hours", MappingProxyType(hours))

    @property
    def zone(self) -> ZoneInfo:
        """The agency time zone as a ZoneInfo object."""
        return ZoneInfo(self.tz)

    # ----- dates -------------------------------------------------------------

    def off_day_name(self, d: date) -> str | None:
        """Why d is not a working day (holiday name, weekday name, local), or None."""
        _require_date(d, "d")
        has_office = d.weekday() in self.office_hours
        if has_office and d in self.extra_working_days:
            return None  # admin cancelled the off day (e.g. revoked cuti bersama)
        # Prefer the holiday name even on weekends: it is more useful on screen.
        name = _national_off_days(d.year, self.include_cuti_bersama).get(d)
        if name:
            return name
        if d in self.extra_off_days:
            return LOCAL_OFF_DAY_NAME
        if not has_office:
            return DAY_NAMES[d.weekday()]  # "Sabtu"/"Minggu" by default
        return None

    def is_working_day(self, d: date) -> bool:
        """True if offices are open on date d."""
        return self.off_day_name(d) is None

    def next_working_day(self, d: date) -> date:
        """d itself if it is a working day, otherwise the first working day after it."""
        _require_date(d, "d")
        while not self.is_working_day(d):
            d += ONE_DAY
        return d

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after start (not counted); n=0: next_working_day."""
        _require_date(start, "start")
        _require_non_negative(n, "n")
        if n == 0:
            return self.next_working_day(start)
        d = start
        counted = 0
        # Step one calendar day at a time: holidays make jumps unsafe.
        while counted < n:
            d += ONE_DAY
            if self.is_working_day(d):
                counted += 1
        return d

    def count_working_days(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 if end <= start."""
        _require_date(start, "start")
        _require_date(end, "end")
        count = 0
        d = start + ONE_DAY
        while d <= end:
            if self.is_working_day(d):
                count += 1
            d += ONE_DAY
        return count

    def add_calendar_days(self, start: date, n: int) -> date:
        """start plus n plain calendar days (weekends and holidays count)."""
        _require_date(start, "start")
        _require_non_negative(n, "n")
        return start + timedelta(days=n)

    def working_days_in_year(self, year: int) -> list[date]:
        """All working days of a year, in order."""
        return [d for d in _days_of_year(year) if self.is_working_day(d)]

    def off_days_in_year(self, year: int) -> list[tuple[date, str]]:
        """All non-working days of a year (weekends included) with their reason."""
        result = []
        for d in _days_of_year(year):
            name = self.off_day_name(d)
            if name is not None:
                result.append((d, name))
        return result

    # ----- instants ----------------------------------------------------------

    def _office_window(self, d: date) -> tuple[datetime, datetime]:
        """Local aware opening and closing instants of working day d."""
        opens, closes = self.office_hours[d.weekday()]
        zone = self.zone
        return (
            datetime.combine(d, opens, tzinfo=zone),
            datetime.combine(d, closes, tzinfo=zone),
        )

    def working_deadline(self, start: datetime, n: int) -> datetime:
        """Closing time (UTC) of the n-th working day after start's local date."""
        _require_aware(start, "start")
        _require_non_negative(n, "n")
        # The local date decides the day: 01:30 WIT is already "tomorrow" in Papua.
        local_date = start.astimezone(self.zone).date()
        due = self.add_working_days(local_date, n)
        return self._office_window(due)[1].astimezone(UTC)

    def add_office_minutes(self, start: datetime, minutes: int) -> datetime:
        """start plus minutes of office time only (UTC); off-hours do not count."""
        _require_aware(start, "start")
        _require_non_negative(minutes, "minutes")
        remaining = timedelta(minutes=minutes)
        cursor = start.astimezone(self.zone)
        d = cursor.date()
        while True:
            if self.is_working_day(d):
                opens, closes = self._office_window(d)
                begin = max(cursor, opens)
                # "<=" so that a span ending exactly at closing stays on this day.
                if begin <= closes and remaining <= closes - begin:
                    return (begin + remaining).astimezone(UTC)
                if begin < closes:
                    remaining -= closes - begin
            d += ONE_DAY

    def office_minutes_between(self, start: datetime, end: datetime) -> int:
        """Whole minutes of office time between two instants; 0 if end <= start."""
        _require_aware(start, "start")
        _require_aware(end, "end")
        zone = self.zone
        start_local = start.astimezone(zone)
        end_local = end.astimezone(zone)
        total = timedelta()
        d = start_local.date()
        while d <= end_local.date():
            if self.is_working_day(d):
                opens, closes = self._office_window(d)
                overlap = min(closes, end_local) - max(opens, start_local)
                if overlap > timedelta():
                    total += overlap
            d += ONE_DAY
        # timedelta // timedelta is exact integer maths (no float rounding).
        return total // ONE_MINUTE

    def add_minutes(self, start: datetime, minutes: int) -> datetime:
        """start plus plain wall-clock minutes, as UTC."""
        _require_aware(start, "start")
        _require_non_negative(minutes, "minutes")
        # Convert first: aware arithmetic in a local zone is wall-time, not elapsed.
        return start.astimezone(UTC) + timedelta(minutes=minutes)


def _days_of_year(year: int) -> list[date]:
    """Every calendar date of a year."""
    d = date(year, 1, 1)
    days = []
    while d.year == year:
        days.append(d)
        d += ONE_DAY
    return days
