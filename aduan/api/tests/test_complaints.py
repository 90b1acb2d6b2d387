"""Complaints through the REST API: the web's visibility, masking and services."""

import pytest
from django.test import Client

from aduan.accounts.models import User
from aduan.audit.models import PersonalDataAccess
from aduan.intake.models import Complaint, ReportedEmployee
from aduan.workflow.services import verify_complaint

CREATE = "/api/v1/complaints/create/"


def test_registering_gives_the_register_number_and_tracking_code_at_once(
    make_key, key_client
):
    # given a desk integration holding the petugas role
    _, token = make_key(roles=("petugas",))
    # when
    response = key_client(token).post(
        CREATE,
        {
            "kind": "pengaduan",
            "channel": "telepon",
            "what": "Izin usaha belum terbit",
            "where": "Loket 3",
            "reporter": {"name": "Siti", "phone": "0812 3456 7890"},
            "employees": [{"name": "Pak Joko", "nip": "198001012005011001"}],
        },
        format="json",
    )
    # then
    assert response.status_code == 201
    body = response.json()
    assert body["register_number"].startswith("ADU/")
    assert len(body["tracking_code"]) >= 16
    complaint = Complaint.objects.get(pk=body["id"])
    assert complaint.reporter.phone == "+6281234567890"
    assert complaint.registered_by.api_key is not None
    assert complaint.events.first().kind == "registered"
    assert ReportedEmployee.objects.get(complaint=complaint).nip == "198001012005011001"


def test_invalid_input_is_a_400_problem_naming_every_field(make_key, key_client):
    # given
    _, token = make_key()
    # when
    response = key_client(token).post(
        CREATE,
        {
            "kind": "keluhan",
            "channel": "telepon",
            "what": "",
            "reporter": {"nik": "123", "phone": "abc"},
        },
        format="json",
    )
    # then
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid"
    assert {"kind", "what", "reporter.nik", "reporter.phone"} <= set(body["errors"])
    assert Complaint.objects.exists() is False


def test_the_profile_still_decides_channels_and_required_identity(make_key, key_client):
    # given seed 001 requires the reporter's identity
    _, token = make_key()
    # when
    response = key_client(token).post(
        CREATE,
        {"kind": "pengaduan", "channel": "telepon", "what": "Tanpa nama"},
        format="json",
    )
    # then the service's DomainError comes back as a problem with its field
    assert response.status_code == 400
    assert response.json()["field"] == "name"
    assert Complaint.objects.exists() is False


def test_a_role_that_does_not_register_cannot_register(make_key, key_client):
    # given an auditor key with the write scope
    _, token = make_key(roles=("auditor",))
    # when
    response = key_client(token).post(
        CREATE,
        {
            "kind": "pengaduan",
            "channel": "telepon",
            "what": "x",
            "reporter": {"name": "A"},
        },
        format="json",
    )
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert Complaint.objects.exists() is False


def test_a_units_key_cannot_read_another_units_complaints(
    routed, make_key, key_client, complaint_in
):
    # given one complaint routed to perizinan and one to pengaduan
    mine = routed(complaint_in(), "perizinan")
    theirs = routed(complaint_in(), "pengaduan")
    _, token = make_key(scopes=("complaints:read",), unit="perizinan")
    client = key_client(token)
    # when
    listed = client.get("/api/v1/complaints/").json()["results"]
    own = client.get(f"/api/v1/complaints/{mine.pk}/")
    other = client.get(f"/api/v1/complaints/{theirs.pk}/")
    other_events = client.get(f"/api/v1/complaints/{theirs.pk}/events/")
    # then
    assert [row["id"] for row in listed] == [mine.pk]
    assert own.status_code == 200
    assert other.status_code == 404
    assert other_events.status_code == 404
    assert other.json()["code"] == "not_found"


def test_a_key_of_another_agency_sees_nothing_here(
    agency_factory, make_key, key_client, complaint_in
):
    # given
    complaint = complaint_in()
    other = agency_factory("seed_004", prefix="004-")
    _, token = make_key(roles=("auditor",), on=other)
    # when
    response = key_client(token).get(f"/api/v1/complaints/{complaint.pk}/")
    # then
    assert response.status_code == 404


def test_personal_data_is_masked_for_unit_staff_and_not_logged(
    routed, make_key, key_client, complaint_in
):
    # given
    complaint = routed(complaint_in(), "perizinan")
    _, token = make_key(scopes=("complaints:read",), unit="perizinan")
    # when
    reporter = (
        key_client(token).get(f"/api/v1/complaints/{complaint.pk}/").json()["reporter"]
    )
    # then
    assert reporter["masked"] is True
    assert reporter["nik"] == "3201********0001"
    assert reporter["phone"].endswith("890") and "*" in reporter["phone"]
    assert reporter["address"] == ""
    assert PersonalDataAccess.objects.exists() is False


def test_full_personal_data_is_shown_to_an_officer_and_the_read_logged(
    make_key, key_client, complaint_in
):
    # given
    complaint = complaint_in()
    key, token = make_key(roles=("petugas",))
    # when
    reporter = (
        key_client(token).get(f"/api/v1/complaints/{complaint.pk}/").json()["reporter"]
    )
    # then
    assert reporter["masked"] is False
    assert reporter["nik"] == "3201011501900001"
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.complaint, log.purpose) == (
        key.user,
        complaint,
        "api_complaint_detail",
    )


def test_a_confidential_reporter_is_hidden_from_roles_the_profile_does_not_name(
    make_key, key_client, complaint_in
):
    # given seed 001 shows a confidential identity to petugas, resepsionis,
    # analis and auditor only
    from aduan.intake.services import ReporterInput

    complaint = complaint_in(
        reporter=ReporterInput(
            name="Rahasia", phone="+6281234567890", is_confidential=True
        )
    )
    _, token = make_key(roles=("admin",))
    # when
    reporter = (
        key_client(token).get(f"/api/v1/complaints/{complaint.pk}/").json()["reporter"]
    )
    # then
    assert reporter["masked"] is True
    assert reporter["name"] == ""
    assert PersonalDataAccess.objects.exists() is False


def test_a_reported_employee_never_sees_the_complaint(
    agency, complaint_in, key_client, make_key
):
    # given a complaint naming the analyst's NIP, and the analyst's session
    from aduan.intake.services import EmployeeInput

    analyst = User.objects.get(username="analis")
    complaint = complaint_in(employees=(EmployeeInput(name="Andi", nip=analyst.nip),))
    client = Client()
    client.force_login(analyst)
    # when
    response = client.get(f"/api/v1/complaints/{complaint.pk}/")
    # then
    assert response.status_code == 404


def test_staff_session_works_like_the_web(client_for, complaint_in):
    # given
    complaint = complaint_in()
    # when
    response = client_for("petugas").get(f"/api/v1/complaints/{complaint.pk}/")
    # then
    assert response.status_code == 200
    assert response.json()["allowed_actions"] == [
        "verifikasi",
        "kembalikan",
        "teruskan",
        "tolak",
    ]


def test_session_writes_need_the_csrf_token(agency, complaint_in):
    # given a logged-in officer whose client enforces CSRF like a browser
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="petugas"))
    # when
    response = client.post(
        CREATE,
        {"kind": "pengaduan", "channel": "telepon", "what": "x"},
        content_type="application/json",
    )
    # then
    assert response.status_code == 403
    assert Complaint.objects.exists() is False


def test_list_filters_by_status_and_text(make_key, key_client, complaint_in):
    # given
    verified = complaint_in(what="Pungutan liar di loket")
    verify_complaint(verified, actor=User.objects.get(username="petugas"))
    complaint_in(what="Antrean lama")
    client = key_client(make_key(roles=("auditor",))[1])
    # when
    by_status = client.get("/api/v1/complaints/", {"status": "terverifikasi"}).json()
    by_text = client.get("/api/v1/complaints/", {"q": "antrean"}).json()
    # then
    assert [r["id"] for r in by_status["results"]] == [verified.pk]
    assert [r["subject"] for r in by_text["results"]] == ["Antrean lama"]


def test_list_pages_with_a_keyset_cursor(make_key, key_client, complaint_in):
    # given more complaints than one page holds (50)
    created = {complaint_in(what=f"Aduan {n}").pk for n in range(51)}
    client = key_client(make_key(roles=("auditor",))[1])
    # when
    first = client.get("/api/v1/complaints/").json()
    second = client.get("/api/v1/complaints/", {"cursor": first["next_cursor"]}).json()
    # then
    assert len(first["results"]) == 50
    assert second["next_cursor"] is None
    seen = [r["id"] for r in first["results"] + second["results"]]
    assert sorted(seen) == sorted(created)


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "%%%"},
        {"status": "bukan-status"},
        {"unit": "x"},
        {"unit": "99999999999999999999999"},
        {"cursor": "W251bGwsIDFlNDAwXQ"},  # [null, 1e400]
        {"view": "apa"},
        {"q": "x" * 101},
    ],
)
def test_malformed_list_parameters_are_refused(make_key, key_client, params):
    # given
    client = key_client(make_key()[1])
    # when
    response = client.get("/api/v1/complaints/", params)
    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_events_are_the_hash_chained_timeline(make_key, key_client, complaint_in):
    # given
    complaint = complaint_in()
    verify_complaint(complaint, actor=User.objects.get(username="petugas"))
    # when
    events = (
        key_client(make_key()[1])
        .get(f"/api/v1/complaints/{complaint.pk}/events/")
        .json()
    )
    # then
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert events[0]["kind"] == "registered"
    assert events[-1]["data"]["to"] == "terverifikasi"
    assert all(
        b["prev_hash"] == a["hash"] for a, b in zip(events, events[1:], strict=False)
    )
