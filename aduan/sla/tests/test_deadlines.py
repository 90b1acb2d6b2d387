from datetime import UTC, date, datetime

from aduan.sla.deadlines import calendar_for, due_after
from aduan.sla.models import CalendarDay


def test_admin_days_move_deadlines(agency):
    # given 10 working days (seed 001) from Monday 14 December 2026, 09:00 WIB
    start = datetime(2026, 12, 14, 2, 0, tzinfo=UTC)
    limit = {"working_days": 10}
    before = due_after(limit, start, calendar_for(agency))
    # when the admin adds a local holiday on 29 December and cancels 24 December
    CalendarDay.objects.create(agency=agency, day=date(2026, 12, 29), note="HUT Kab.")
    CalendarDay.objects.create(
        agency=agency,
        day=date(2026, 12, 24),
        is_working=True,
        note="Cuti bersama dibatalkan",
    )
    agency.__dict__.pop("_work_calendar", None)
    after = due_after(limit, start, calendar_for(agency))
    # then: 30 Dec 16:00 WIB, and the two changes cancel out to the same day
    assert before == datetime(2026, 12, 30, 9, 0, tzinfo=UTC)
    assert after == before


def test_local_holiday_alone_shifts_by_one_day(agency):
    start = datetime(2026, 12, 14, 2, 0, tzinfo=UTC)
    CalendarDay.objects.create(agency=agency, day=date(2026, 12, 29), note="HUT Kab.")
    due = due_after({"working_days": 10}, start, calendar_for(agency))
    assert due == datetime(2026, 12, 31, 9, 0, tzinfo=UTC)


def test_minutes_and_calendar_days(agency):
    start = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 10.00 WIB
    calendar = calendar_for(agency)
    assert due_after({"minutes": 30}, start, calendar) == datetime(
        2026, 11, 25, 3, 30, tzinfo=UTC
    )
    # 30 calendar days (seed 003's window) end at 23.59.59 WIB on 25 December
    assert due_after({"calendar_days": 30}, start, calendar) == datetime(
        2026, 12, 25, 16, 59, 59, tzinfo=UTC
    )


def test_sla_page_counts_on_time_share(agency, client_for):
    from django.utils import timezone

    from aduan.audit.services import record_event
    from aduan.intake.services import ComplaintInput, ReporterInput, register_complaint

    officer = agency.memberships.get(role="petugas").user
    now = timezone.now()
    for met, hours in ((True, 10), (True, 30), (False, 300)):
        complaint = register_complaint(
            agency=agency,
            actor=officer,
            data=ComplaintInput(
                kind="pengaduan",
                channel="telepon",
                what="x",
                reporter=ReporterInput(name="W"),
            ),
        )
        record_event(
            complaint,
            "deadline_met" if met else "deadline_missed",
            at=now,
            data={"step": "answer", "seconds": hours * 3600},
        )
    html = client_for("auditor").get("/kantor/sla/").content.decode()
    # 2 of 3 on time, median 30 hours, for the answer step and the phone channel
    assert (
        ">answer</td><td>3</td><td>67%</td><td>30,0</td>" in html
        or ">answer</td><td>3</td><td>67%</td><td>30.0</td>" in html
    )
    assert ">telepon</td><td>3</td><td>67%</td>" in html
    # a month that is not one, or out of any calendar, shows this month instead
    for month in ("x", "0001-01", "9999-12", "99999999999999999999-1", "2026-13"):
        response = client_for("auditor").get("/kantor/sla/", {"bulan": month})
        assert response.status_code == 200


def test_admin_edits_the_year_and_others_only_read(agency, client_for):
    admin = client_for("admin")
    page = admin.get("/kantor/kalender/", {"tahun": "2026"}).content.decode()
    for year in ("020260", "\u00b2", "9" * 5000, "-1"):
        assert admin.get("/kantor/kalender/", {"tahun": year}).status_code == 200
    assert "Idul Fitri" in page or "Hari Raya Idul Fitri" in page
    assert "23 Maret 2026" in page  # cuti bersama on a Monday
    # the admin adds a local holiday with its basis
    assert (
        admin.post("/kantor/kalender/", {"day": "2026-12-29", "note": ""}).status_code
        == 422
    )
    response = admin.post(
        "/kantor/kalender/",
        {"day": "2026-12-29", "note": "Perbup 12/2026: HUT Kabupaten"},
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(agency=agency).note.startswith("Perbup")
    # a day outside the calendar's years is refused beside the field
    for far in ("0001-01-01", "9999-12-31"):
        refused = admin.post("/kantor/kalender/", {"day": far, "note": "Salah"})
        assert refused.status_code == 422
        assert "antara tahun 2000 dan 2100" in refused.content.decode()
    assert CalendarDay.objects.count() == 1
    # an officer sees it but cannot change the calendar
    officer = client_for("petugas")
    assert (
        "HUT Kabupaten" in officer.get("/kantor/kalender/?tahun=2026").content.decode()
    )
    assert (
        officer.post(
            "/kantor/kalender/", {"day": "2026-12-30", "note": "x"}
        ).status_code
        == 422
    )
    assert CalendarDay.objects.count() == 1
    admin.post("/kantor/kalender/", {"hapus": "2026-12-29"})
    assert CalendarDay.objects.count() == 0
