"""The inbox through the real view: what needs me, order, counts, pages, queries."""

import base64
import json
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aduan.intake.models import Complaint
from aduan.intake.services import ComplaintInput, ReporterInput, register_complaint
from aduan.workflow.selectors import PAGE_SIZE
from aduan.workflow.services import verify_complaint


def register(agency, officer, n: int, **overrides) -> list[Complaint]:
    data = {
        "kind": "pengaduan",
        "channel": "telepon",
        "reporter": ReporterInput(name="Warga"),
    }
    data.update(overrides)
    return [
        register_complaint(
            agency=agency,
            actor=officer,
            data=ComplaintInput(what=f"Keluhan {i}", **data),
        )
        for i in range(n)
    ]


def test_each_role_sees_what_needs_it(agency, officer, client_for):
    # given one new complaint and one verified (waiting for the analyst)
    new, verified = register(agency, officer, 2)
    verify_complaint(verified, actor=officer)
    # when / then
    petugas = client_for("petugas").get(reverse("intake:home")).content.decode()
    analis = client_for("analis").get(reverse("intake:home")).content.decode()
    assert new.get_absolute_url() in petugas
    assert verified.get_absolute_url() not in petugas
    assert verified.get_absolute_url() in analis
    assert new.get_absolute_url() not in analis


def test_rows_name_channel_and_status_in_the_reader_language(
    agency, officer, client_for
):
    # given a phoned-in complaint, just received
    register(agency, officer, 1)
    client = client_for("petugas")
    # when the officer reads the inbox in Indonesian, then in English
    indonesian = client.get(reverse("intake:home")).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(reverse("intake:home")).content.decode()
    # then the row shows labels, not ids, in each language
    assert "<td>Telepon / call center</td>" in indonesian
    assert '<span class="status status-diterima">Diterima</span>' in indonesian
    assert "<td>Phone / call centre</td>" in english
    assert '<span class="status status-diterima">Received</span>' in english


def test_soonest_deadline_first_and_overdue_counted(agency, officer, client_for):
    # given three complaints, one already late
    a, b, c = register(agency, officer, 3)
    Complaint.objects.filter(pk=b.pk).update(
        answer_due_at=b.received_at - timedelta(days=1)
    )
    # when
    response = client_for("petugas").get(reverse("intake:home"))
    html = response.content.decode()
    # then
    order = [html.index(x.get_absolute_url()) for x in (b, a, c)]
    assert order == sorted(order)
    assert 'data-testid="count-terlambat">1<' in html
    assert 'data-testid="count-perlu">3<' in html
    late = client_for("petugas").get(reverse("intake:home"), {"tampil": "terlambat"})
    assert b.get_absolute_url() in late.content.decode()
    assert a.get_absolute_url() not in late.content.decode()


def test_keyset_pages_cover_everything_once(agency, officer, client_for):
    # given more complaints than one page
    made = register(agency, officer, PAGE_SIZE + 7)
    client = client_for("petugas")
    # when following "next" links
    seen, url = [], reverse("intake:home")
    params = {"tampil": "semua"}
    while True:
        response = client.get(url, params)
        page = response.context["page"]
        seen += [row.pk for row in page.rows]
        if not page.next_cursor:
            break
        params = {"tampil": "semua", "setelah": page.next_cursor}
    # then
    assert sorted(seen) == sorted(c.pk for c in made)
    assert len(seen) == len(set(seen))


def test_filters_and_search(agency, officer, client_for):
    phone = register(agency, officer, 1)[0]
    letter = register(agency, officer, 1, channel="surat")[0]
    client = client_for("petugas")
    html = client.get(reverse("intake:home"), {"saluran": "surat"}).content.decode()
    assert letter.get_absolute_url() in html and phone.get_absolute_url() not in html
    html = client.get(
        reverse("intake:home"), {"q": phone.register_number}
    ).content.decode()
    assert phone.get_absolute_url() in html and letter.get_absolute_url() not in html


def test_a_confidential_reporters_name_finds_nothing_for_those_not_told_it(
    agency, officer, client_for
):
    # given a confidential reporter and an open one with a similar name
    hidden = register(
        agency, officer, 1, reporter=ReporterInput(name="Citra", is_confidential=True)
    )[0]
    shown = register(agency, officer, 1, reporter=ReporterInput(name="Citra Ayu"))[0]
    for username, sees_hidden in (
        ("kabid", False),
        ("kepala", False),
        ("analis", True),
    ):
        # when they search the name
        html = (
            client_for(username)
            .get(reverse("intake:home"), {"tampil": "semua", "q": "Citra"})
            .content.decode()
        )
        # then the open reporter is found, the confidential one only by those the
        # profile tells (identity_visible_to)
        assert shown.get_absolute_url() in html, username
        assert (hidden.get_absolute_url() in html) is sees_hidden, username


def test_bad_cursor_and_filters_do_not_break(agency, officer, client_for):
    register(agency, officer, 2)
    client = client_for("petugas")
    for params in (
        {"setelah": "!!!"},
        {"setelah": "W251bGwsICJ4Il0"},
        {"unit": "abc"},
        {"unit": "99999999999999999999999"},  # more than any id column holds
        {"unit": "\u0661\u0662"},  # Arabic-Indic digits
        {"tampil": "<x>"},
        {"status": "x" * 500},
        # cursors no page ever gave out: an infinite id, times beyond the calendar
        # once in UTC, a time without a zone
        {"setelah": _cursor(None, "1e400")},
        {"setelah": _cursor("9999-12-31T23:59:59-14:00", 1)},
        {"setelah": _cursor("0001-01-01T00:00:00+14:00", 1)},
        {"setelah": _cursor("2026-12-01T10:00:00", 1)},
        {"setelah": _cursor(None, 2**40)},
    ):
        response = client.get(reverse("intake:home"), params)
        # then the first page, as if the parameter was not there
        assert response.status_code == 200
        assert 'data-testid="count-perlu">2<' in response.content.decode()


def _cursor(due: str | None, pk) -> str:
    raw = f"[{json.dumps(due)}, {pk}]".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_query_count_does_not_grow_with_rows(agency, officer, client_for):
    client = client_for("petugas")
    register(agency, officer, 3)
    client.get(reverse("intake:home"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("intake:home"))
    register(agency, officer, 30)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("intake:home"))
    assert len(many.captured_queries) == len(few.captured_queries)
