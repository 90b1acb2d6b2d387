"""Who sees what (issue A and DESIGN.md): through the real views."""

from django.test import Client

from aduan.audit.models import PersonalDataAccess
from aduan.intake.models import Complaint
from aduan.intake.services import (
    ComplaintInput,
    EmployeeInput,
    ReporterInput,
    register_complaint,
)

NIK = "3171011501900001"


def complaint_about(agency, officer, *, nip="", confidential=False) -> Complaint:
    employees = (EmployeeInput(name="Yang Diadukan", nip=nip),) if nip else ()
    return register_complaint(
        agency=agency,
        actor=officer,
        data=ComplaintInput(
            kind="pengaduan",
            channel="langsung",
            what="Pungutan liar di loket",
            employees=employees,
            reporter=ReporterInput(
                name="Dewi Lestari",
                nik=NIK,
                phone="+6281234567890",
                address="Jalan Mawar 1",
                is_confidential=confidential,
            ),
        ),
    )


def test_reported_employee_never_sees_the_complaint(
    agency, officer, user_for, client_for
):
    # given the analyst is the employee the complaint names (matched by NIP)
    analyst = user_for("analis")
    complaint = complaint_about(agency, officer, nip=analyst.nip)
    other = complaint_about(agency, officer)
    client = client_for("analis")
    # when / then: not in the list, not by URL, not by search
    listing = client.get("/kantor/", {"tampil": "semua"}).content.decode()
    assert complaint.get_absolute_url() not in listing
    assert other.get_absolute_url() in listing
    assert client.get(complaint.get_absolute_url()).status_code == 404
    assert (
        complaint.get_absolute_url()
        not in client.get(
            "/kantor/", {"tampil": "semua", "q": complaint.register_number}
        ).content.decode()
    )


def test_unit_staff_see_nothing_not_routed_to_them(agency, officer, client_for):
    complaint = complaint_about(agency, officer)
    client = client_for("unit")
    assert client.get(complaint.get_absolute_url()).status_code == 404
    assert (
        complaint.get_absolute_url()
        not in client.get("/kantor/", {"tampil": "semua"}).content.decode()
    )


def test_other_agency_staff_see_nothing(agency, agency_factory, officer):
    complaint = complaint_about(agency, officer)
    agency_factory("seed_003", prefix="babel-")
    client = Client()
    client.login(username="babel-petugas", password="aduan-demo")
    assert client.get(complaint.get_absolute_url()).status_code == 404


def test_signer_sees_masked_personal_data_and_no_read_is_logged(
    agency, officer, client_for
):
    complaint = complaint_about(agency, officer)
    html = client_for("kepala").get(complaint.get_absolute_url()).content.decode()
    assert "Dewi Lestari" in html
    assert NIK not in html and "3171********0001" in html
    assert "+6281234567890" not in html
    assert "Jalan Mawar" not in html
    assert not PersonalDataAccess.objects.exists()


def test_confidential_identity_only_for_profile_roles(agency, officer, client_for):
    # seed 001 names petugas, resepsionis, analis and auditor in identity_visible_to
    complaint = complaint_about(agency, officer, confidential=True)
    for username in ("kabid", "admin"):
        html = client_for(username).get(complaint.get_absolute_url()).content.decode()
        assert "Dewi Lestari" not in html and NIK not in html
    html = client_for("auditor").get(complaint.get_absolute_url()).content.decode()
    assert "Dewi Lestari" in html and NIK in html
    assert PersonalDataAccess.objects.get().user.username == "auditor"


def test_auditor_cannot_register_or_change(agency, officer, client_for):
    complaint = complaint_about(agency, officer)
    auditor = client_for("auditor")
    assert auditor.get("/kantor/pengaduan/baru/").status_code == 404
    response = auditor.post(
        f"/kantor/pengaduan/{complaint.pk}/ralat/",
        {"what": "diubah auditor", "subject": "x"},
    )
    assert response.status_code == 422
    complaint.refresh_from_db()
    assert complaint.what == "Pungutan liar di loket"
    assert complaint.events.count() == 1


def test_staff_can_only_tighten_confidentiality(agency, officer, client_for):
    # given a public complaint with an open identity
    complaint = complaint_about(agency, officer)
    desk = client_for("petugas")
    url = f"/kantor/pengaduan/{complaint.pk}/kerahasiaan/"
    # when made stricter
    desk.post(url, {"is_secret": "on", "is_confidential": "on"})
    complaint.refresh_from_db()
    complaint.reporter.refresh_from_db()
    assert complaint.is_secret and complaint.reporter.is_confidential
    # then loosening is refused and nothing changes
    response = desk.post(url, {}, follow=True)
    assert "hanya dapat diperketat" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.is_secret
    assert complaint.events.filter(kind="flags_changed").count() == 1
