"""Tests for aduan.sla.calendar: properties over 2024-2030 plus real 2026 dates.

Expected dates in the table tests were worked out by hand from the official
2026 SKB (and what the `holidays` package returns for ID), not from the code.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aduan.sla.calendar import (
    ASN_OFFICE_HOURS,
    WIB,
    WIT,
    WITA,
    WorkCalendar,
    national_off_days,
)

# The first call per year builds the holiday table; don't let that trip
# hypothesis' per-example deadline.
PROPERTY = settings(deadline=None)

CALENDARS = [
    WorkCalendar(),
    WorkCalendar(tz=WITA, office_hours=ASN_OFFICE_HOURS),
    WorkCalendar(tz=WIT, include_cuti_bersama=False),
    WorkCalendar(extra_off_days=frozenset({date(2026, 3, 25), date(2027, 1, 4)})),
]

calendars = st.sampled_from(CALENDARS)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
instants = st.datetimes(
    min_value=datetime(2024, 1, 1),
    max_value=datetime(2030, 12, 31),
    timezones=st.just(UTC),
)
working_day_counts = st.integers(min_value=0, max_value=400)
office_minutes = st.integers(min_value=0, max_value=60 * 8 * 30)


def jakarta(*args: int) -> datetime:
    """Aware Asia/Jakarta (WIB) datetime, for readable test inputs."""
    return datetime(*args, tzinfo=ZoneInfo(WIB))


# ----- properties ------------------------------------------------------------


@PROPERTY
@given(cal=calendars, start=days, n=working_day_counts)
def test_add_working_days_always_lands_on_a_working_day(cal, start, n):
    # given a calendar, a start date and a count
    # when
    result = cal.add_working_days(start, n)
    # then
    assert cal.is_working_day(result)
    assert result >= start


@PROPERTY
@given(cal=calendars, start=days, n=working_day_counts)
def test_add_working_days_is_monotone_in_n(cal, start, n):
    # given
    # when
    shorter = cal.add_working_days(start, n)
    longer = cal.add_working_days(start, n + 1)
    # then: strictly later, except n=0 from an off day, where both give the
    # first working day after start
    if n == 0 and not cal.is_working_day(start):
        assert shorter == longer
    else:
        assert shorter < longer


@PROPERTY
@given(cal=calendars, start=days, n=st.integers(min_value=1, max_value=400))
def test_count_working_days_inverts_add_working_days(cal, start, n):
    # given
    end = cal.add_working_days(start, n)
    # when
    counted = cal.count_working_days(start, end)
    # then
    assert counted == n


@PROPERTY
@given(cal=calendars, start=instants, minutes=office_minutes)
def test_office_minutes_between_inverts_add_office_minutes(cal, start, minutes):
    # given
    end = cal.add_office_minutes(start, minutes)
    # when
    counted = cal.office_minutes_between(start, end)
    # then
    assert counted == minutes
    assert end.tzinfo == UTC


@PROPERTY
@given(cal=calendars, start=instants, minutes=st.integers(min_value=1, max_value=5000))
def test_add_office_minutes_ends_inside_office_hours(cal, start, minutes):
    # given
    # when
    end = cal.add_office_minutes(start, minutes).astimezone(cal.zone)
    # then: strictly after opening, at the latest exactly at closing
    assert cal.is_working_day(end.date())
    opens, closes = cal.office_hours[end.weekday()]
    assert opens < end.time() <= closes


@PROPERTY
@given(cal=calendars, start=instants, hours=st.integers(min_value=0, max_value=24 * 20))
def test_office_minutes_never_exceed_wall_clock_minutes(cal, start, hours):
    # given
    end = start + timedelta(hours=hours)
    # when
    counted = cal.office_minutes_between(start, end)
    # then
    assert 0 <= counted <= hours * 60


@PROPERTY
@given(cal=calendars, start=instants, n=st.integers(min_value=0, max_value=60))
def test_working_deadline_is_closing_time_of_a_working_day(cal, start, n):
    # given
    # when
    deadline = cal.working_deadline(start, n).astimezone(cal.zone)
    # then
    assert cal.is_working_day(deadline.date())
    assert deadline.time() == cal.office_hours[deadline.weekday()][1]


# ----- what the holidays package knows about 2026 ---------------------------


def test_package_lists_idul_fitri_2026_and_its_cuti_bersama():
    # given
    public = national_off_days(2026, include_cuti_bersama=False)
    # when
    with_cuti = national_off_days(2026, include_cuti_bersama=True)
    # then: Idul Fitri 1447 H falls on Sat 21 + Sun 22 March 2026
    assert "Idul Fitri" in public[date(2026, 3, 21)]
    assert "Idul Fitri" in public[date(2026, 3, 22)]
    cuti = {d for d in with_cuti if d not in public}
    assert {date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 24)} <= cuti


def test_national_off_days_returns_a_copy_that_cannot_corrupt_the_cache():
    # given
    first = national_off_days(2026)
    # when
    first.clear()
    # then
    assert date(2026, 12, 25) in national_off_days(2026)


@pytest.mark.parametrize(
    ("day", "expected_name_part"),
    [
        (date(2026, 3, 18), "Cuti Bersama"),  # Wed, cuti bersama Nyepi
        (date(2026, 3, 19), "Nyepi"),  # Thu, Hari Suci Nyepi (Saka 1948)
        (date(2026, 3, 20), "Cuti Bersama"),  # Fri, before Idul Fitri
        (date(2026, 3, 21), "Idul Fitri"),  # Sat: holiday name beats "Sabtu"
        (date(2026, 3, 23), "Cuti Bersama"),  # Mon, after Idul Fitri
        (date(2026, 3, 24), "Cuti Bersama"),  # Tue, after Idul Fitri
        (date(2026, 4, 3), "Wafat Yesus Kristus"),  # Good Friday
        (date(2026, 12, 24), "Cuti Bersama"),  # Thu, before Christmas
        (date(2026, 12, 25), "Natal"),  # Fri, Christmas
        (date(2026, 12, 26), "Sabtu"),  # plain Saturday
        (date(2026, 12, 27), "Minggu"),  # plain Sunday
        (date(2027, 1, 1), "Tahun Baru"),  # Fri, New Year
    ],
)
def test_off_days_2026_have_their_names(day, expected_name_part):
    # given
    cal = WorkCalendar()
    # when
    name = cal.off_day_name(day)
    # then
    assert not cal.is_working_day(day)
    assert name is not None and expected_name_part in name


@pytest.mark.parametrize(
    "day",
    [date(2026, 3, 17), date(2026, 3, 25), date(2026, 12, 23), date(2026, 12, 31)],
)
def test_ordinary_weekdays_around_holidays_are_working_days(day):
    # given
    cal = WorkCalendar()
    # when
    name = cal.off_day_name(day)
    # then
    assert name is None
    assert cal.is_working_day(day)


# ----- deadlines with real 2026 dates ---------------------------------------


def test_14_working_days_spanning_idul_fitri_2026():
    # given seed 003: complaint received Mon 16 March 2026, SLA 14 working days;
    # off: 18-20, 21-22 (weekend), 23-24 March, 28-29 March, 3 April (Good Friday)
    cal = WorkCalendar()
    # when
    due = cal.add_working_days(date(2026, 3, 16), 14)
    # then
    assert due == date(2026, 4, 13)
    assert cal.count_working_days(date(2026, 3, 16), due) == 14


def test_without_cuti_bersama_the_idul_fitri_deadline_is_earlier():
    # given the same complaint, for an office that ignores cuti bersama
    with_cuti = WorkCalendar(include_cuti_bersama=True)
    without_cuti = WorkCalendar(include_cuti_bersama=False)
    # when
    due_with = with_cuti.add_working_days(date(2026, 3, 16), 14)
    due_without = without_cuti.add_working_days(date(2026, 3, 16), 14)
    # then: 18, 20, 23, 24 March are working days again
    assert due_with == date(2026, 4, 13)
    assert due_without == date(2026, 4, 7)
    assert without_cuti.is_working_day(date(2026, 3, 20))


def test_10_working_days_spanning_christmas_2026():
    # given seed 001: received Mon 14 Dec 2026; off: 19-20, 24, 25, 26-27 Dec
    cal = WorkCalendar()
    # when
    due = cal.add_working_days(date(2026, 12, 14), 10)
    # then
    assert due == date(2026, 12, 30)


def test_working_days_cross_the_year_end():
    # given Wed 30 Dec 2026; 31 Dec works, 1 Jan 2027 is New Year, then weekend
    cal = WorkCalendar()
    # when
    due = cal.add_working_days(date(2026, 12, 30), 2)
    # then
    assert due == date(2027, 1, 4)


def test_admin_extra_off_day_shifts_the_deadline_by_one():
    # given a local off day on Tue 29 Dec 2026 (e.g. regional anniversary)
    cal = WorkCalendar(extra_off_days=frozenset({date(2026, 12, 29)}))
    # when
    due = cal.add_working_days(date(2026, 12, 14), 10)
    # then
    assert due == date(2026, 12, 31)
    assert cal.off_day_name(date(2026, 12, 29)) == "Libur lokal"


def test_cancelled_cuti_bersama_shifts_the_deadline_back():
    # given a decree cancelling the Christmas cuti bersama on Thu 24 Dec 2026
    cal = WorkCalendar(extra_working_days=frozenset({date(2026, 12, 24)}))
    # when
    due = cal.add_working_days(date(2026, 12, 14), 10)
    # then
    assert due == date(2026, 12, 29)
    assert cal.is_working_day(date(2026, 12, 24))


def test_extra_working_day_does_not_open_a_weekend_without_office_hours():
    # given an admin marking a Saturday as working, but no Saturday office hours
    cal = WorkCalendar(extra_working_days=frozenset({date(2026, 12, 26)}))
    # when
    name = cal.off_day_name(date(2026, 12, 26))
    # then
    assert name == "Sabtu"


def test_zero_working_days_returns_the_next_working_day():
    # given Fri 20 March 2026 (cuti bersama) and Tue 17 March (working)
    cal = WorkCalendar()
    # when / then
    assert cal.add_working_days(date(2026, 3, 20), 0) == date(2026, 3, 25)
    assert cal.add_working_days(date(2026, 3, 17), 0) == date(2026, 3, 17)


def test_calendar_days_ignore_holidays():
    # given 30 calendar days to file an objection, from 1 March 2026
    cal = WorkCalendar()
    # when
    due = cal.add_calendar_days(date(2026, 3, 1), 30)
    # then
    assert due == date(2026, 3, 31)


def test_year_lists_for_the_admin_screen_are_complementary():
    # given
    cal = WorkCalendar()
    # when
    working = cal.working_days_in_year(2026)
    off = cal.off_days_in_year(2026)
    # then
    assert len(working) + len(off) == 365
    assert (date(2026, 3, 20), "Cuti Bersama Hari Raya Idul Fitri") in off
    assert date(2026, 3, 20) not in working


# ----- time zones -------------------------------------------------------------


def test_same_rule_gives_different_instants_in_wita_and_wit():
    # given 2026-11-25 10:00 UTC = 18:00 WITA = 19:00 WIT, both on Wed 25 Nov
    start = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    # when: end of office day, 1 working day later (Thu 26 Nov, 16:00 local)
    wita = WorkCalendar(tz=WITA).working_deadline(start, 1)
    wit = WorkCalendar(tz=WIT).working_deadline(start, 1)
    # then
    assert wita == datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    assert wit == datetime(2026, 11, 26, 7, 0, tzinfo=UTC)


def test_start_after_local_midnight_in_wit_but_not_wib_changes_the_start_date():
    # given 2026-11-25 16:30 UTC = Thu 26 Nov 01:30 WIT = Wed 25 Nov 23:30 WIB
    start = datetime(2026, 11, 25, 16, 30, tzinfo=UTC)
    # when
    wib = WorkCalendar(tz=WIB).working_deadline(start, 1)
    wit = WorkCalendar(tz=WIT).working_deadline(start, 1)
    # then: WIB counts from 25 Nov (due 26 Nov), WIT from 26 Nov (due 27 Nov)
    assert wib == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # 16:00 WIB
    assert wit == datetime(2026, 11, 27, 7, 0, tzinfo=UTC)  # 16:00 WIT


# ----- office minutes ----------------------------------------------------------


def test_minutes_on_saturday_do_not_count():
    # given Sat 28 Nov 2026 10:00 WIB
    cal = WorkCalendar()
    start = jakarta(2026, 11, 28, 10, 0)
    # when
    end = cal.add_office_minutes(start, 60)
    # then: counting starts Mon 30 Nov 08:00 WIB
    assert end == jakarta(2026, 11, 30, 9, 0)
    assert cal.office_minutes_between(start, jakarta(2026, 11, 30, 8, 0)) == 0


def test_office_minutes_roll_over_to_the_next_working_day():
    # given Fri 27 Nov 2026 15:30 WIB, closing 16:00 on default hours
    cal = WorkCalendar()
    # when
    end = cal.add_office_minutes(jakarta(2026, 11, 27, 15, 30), 60)
    # then: 30 min on Friday, 30 min on Monday
    assert end == jakarta(2026, 11, 30, 8, 30)


def test_friday_office_hours_can_differ_per_weekday():
    # given ASN hours: Friday closes 16:30
    cal = WorkCalendar(office_hours=ASN_OFFICE_HOURS)
    # when
    end = cal.add_office_minutes(jakarta(2026, 11, 27, 15, 30), 60)
    # then: ends exactly at closing, same day
    assert end == jakarta(2026, 11, 27, 16, 30)


def test_plain_minutes_count_nights_and_weekends():
    # given Sat 28 Nov 2026 10:00 WIB
    cal = WorkCalendar()
    # when
    end = cal.add_minutes(jakarta(2026, 11, 28, 10, 0), 24 * 60)
    # then
    assert end == jakarta(2026, 11, 29, 10, 0)
    assert end.tzinfo == UTC


# ----- invalid input -------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda cal, naive: cal.working_deadline(naive, 1),
        lambda cal, naive: cal.add_office_minutes(naive, 1),
        lambda cal, naive: cal.office_minutes_between(naive, naive),
        lambda cal, naive: cal.add_minutes(naive, 1),
    ],
)
def test_naive_datetimes_are_rejected(call):
    # given
    cal = WorkCalendar()
    naive = datetime(2026, 11, 25, 10, 0)
    # when / then
    with pytest.raises(ValueError, match="timezone-aware"):
        call(cal, naive)


@pytest.mark.parametrize(
    "call",
    [
        lambda cal: cal.add_working_days(date(2026, 1, 5), -1),
        lambda cal: cal.add_calendar_days(date(2026, 1, 5), -1),
        lambda cal: cal.working_deadline(datetime(2026, 1, 5, tzinfo=UTC), -1),
        lambda cal: cal.add_office_minutes(datetime(2026, 1, 5, tzinfo=UTC), -1),
        lambda cal: cal.add_minutes(datetime(2026, 1, 5, tzinfo=UTC), -1),
    ],
)
def test_negative_counts_are_rejected(call):
    # given
    cal = WorkCalendar()
    # when / then
    with pytest.raises(ValueError, match=">= 0"):
        call(cal)


def test_datetime_passed_as_date_is_rejected():
    # given: datetime(2026, 3, 20) != date(2026, 3, 20), so lookups would miss
    cal = WorkCalendar()
    # when / then
    with pytest.raises(TypeError):
        cal.is_working_day(datetime(2026, 3, 20, 9, 0))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"tz": "Mars/Olympus"},
        {"office_hours": {}},
        {"office_hours": {0: (time(16, 0), time(8, 0))}},
        {"office_hours": {7: (time(8, 0), time(16, 0))}},
        {
            "extra_off_days": frozenset({date(2026, 1, 5)}),
            "extra_working_days": frozenset({date(2026, 1, 5)}),
        },
    ],
)
def test_bad_calendar_settings_fail_early(kwargs):
    # given / when / then (ZoneInfoNotFoundError is a KeyError)
    with pytest.raises((ValueError, KeyError)):
        WorkCalendar(**kwargs)
