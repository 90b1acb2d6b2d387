import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from aduan.audit.models import ComplaintEvent, EventKind
from aduan.audit.services import verify_chain
from aduan.core import codes
from aduan.core.errors import DomainError, ErrorCode
from aduan.intake import services
from aduan.intake.models import Attachment, Complaint, RegisterCounter, Reporter
from aduan.intake.services import (
    ComplaintInput,
    EmployeeInput,
    ReporterInput,
    add_attachments,
    correct_complaint,
    register_complaint,
)
from aduan.workflow.status import Status
from conftest import PDF_BYTES, PNG_BYTES


def phone_call(**overrides) -> ComplaintInput:
    values = {
        "kind": "pengaduan",
        "channel": "telepon",
        "what": "Izin usaha belum terbit",
        "reporter": ReporterInput(name="Budi Santoso", phone="+6281234567890"),
    }
    values.update(overrides)
    return ComplaintInput(**values)


def test_registration_gives_number_code_and_first_event(agency, officer):
    # when
    complaint = register_complaint(agency=agency, data=phone_call(), actor=officer)
    # then
    year = complaint.register_year
    assert complaint.register_number == f"ADU/{year}/000001"
    assert codes.normalize(complaint.tracking_code) == complaint.tracking_code
    assert complaint.status == Status.DITERIMA
    assert complaint.profile.code == "seed_001_dpmptsp"
    assert complaint.subject == "Izin usaha belum terbit"
    event = complaint.events.get()
    assert event.kind == EventKind.REGISTERED
    assert event.data["register_number"] == complaint.register_number
    assert verify_chain(complaint) is None


def test_numbers_follow_each_other_per_agency(agency, agency_factory, officer):
    # given a second agency with its own counter
    other = agency_factory("seed_003", prefix="babel-")
    # when
    first = register_complaint(agency=agency, data=phone_call(), actor=officer)
    second = register_complaint(agency=agency, data=phone_call(), actor=officer)
    elsewhere = register_complaint(
        agency=other,
        data=phone_call(channel="telepon", service_date=first.received_at.date()),
        actor=None,
    )
    # then
    assert [first.register_seq, second.register_seq] == [1, 2]
    assert elsewhere.register_number.endswith("/00001")
    assert elsewhere.register_number.startswith("PTSP/")


def test_failure_midway_leaves_no_hole(agency, officer, monkeypatch):
    # given a first complaint, and a second whose insert fails after the counter moved
    first = register_complaint(agency=agency, data=phone_call(), actor=officer)
    monkeypatch.setattr(services, "new_tracking_code", lambda: first.tracking_code)
    with pytest.raises(IntegrityError):
        register_complaint(agency=agency, data=phone_call(what="gagal"), actor=officer)
    monkeypatch.undo()
    # when
    third = register_complaint(agency=agency, data=phone_call(), actor=officer)
    # then: the failed one took nothing with it
    assert third.register_seq == 2
    assert not Complaint.objects.filter(what="gagal").exists()
    assert Reporter.objects.count() == 2
    assert RegisterCounter.objects.get(agency=agency).value == 2


def test_channel_outside_profile_is_refused_and_nothing_saved(agency_factory):
    # given seed 004 takes complaints only in person and by phone
    malang = agency_factory("seed_004", prefix="malang-")
    # when
    with pytest.raises(DomainError) as caught:
        register_complaint(agency=malang, data=phone_call(channel="email"), actor=None)
    # then
    assert caught.value.field == "channel"
    assert Complaint.objects.count() == 0
    assert Reporter.objects.count() == 0
    assert not RegisterCounter.objects.exists()


def test_seed_002_requires_5w1h(agency_factory):
    # given the customs compliance unit (seed 002 step 3)
    customs = agency_factory("seed_002", prefix="bc-")
    # when / then
    with pytest.raises(DomainError) as caught:
        register_complaint(agency=customs, data=phone_call(), actor=None)
    assert caught.value.field == "who"
    complete = phone_call(
        who="Petugas P2", when="Senin pagi", where="Pos Malili", how="Meminta uang"
    )
    assert register_complaint(agency=customs, data=complete, actor=None).register_number


def test_roles_without_intake_cannot_register(agency, user_for):
    with pytest.raises(DomainError) as caught:
        register_complaint(agency=agency, data=phone_call(), actor=user_for("unit"))
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert Complaint.objects.count() == 0


def test_attachments_are_content_addressed(agency, officer):
    # given the same bytes under two names, and a PDF named .jpg
    files = (
        SimpleUploadedFile("foto.png", PNG_BYTES),
        SimpleUploadedFile("salinan.png", PNG_BYTES),
        SimpleUploadedFile("scan.jpg", PDF_BYTES),
    )
    # when
    complaint = register_complaint(
        agency=agency, data=phone_call(attachments=files), actor=officer
    )
    # then: stored once, typed by content
    rows = list(complaint.attachments.order_by("id"))
    assert rows[0].file.name == rows[1].file.name
    assert rows[2].content_type == "application/pdf"
    assert rows[2].original_name == "scan.pdf"
    assert rows[0].file.read() == PNG_BYTES


def test_text_disguised_as_image_is_refused(agency, officer):
    complaint = register_complaint(agency=agency, data=phone_call(), actor=officer)
    with pytest.raises(DomainError) as caught:
        add_attachments(
            complaint,
            actor=officer,
            files=[SimpleUploadedFile("foto.png", b"<script>alert(1)</script>")],
        )
    assert caught.value.code is ErrorCode.UNSUPPORTED_FILE
    assert Attachment.objects.count() == 0
    assert complaint.events.count() == 1


def test_correction_keeps_old_and_new_values(agency, officer):
    # given
    complaint = register_complaint(agency=agency, data=phone_call(), actor=officer)
    # when
    correct_complaint(
        complaint,
        actor=officer,
        changes={"where": "Loket 3", "what": "Izin usaha belum terbit"},
    )
    # then
    complaint.refresh_from_db()
    assert complaint.where == "Loket 3"
    event = complaint.events.get(kind=EventKind.DETAILS_UPDATED)
    assert event.data["changes"] == {"where": {"old": "", "new": "Loket 3"}}
    assert verify_chain(complaint) is None


def test_reported_employee_is_recorded(agency, officer):
    complaint = register_complaint(
        agency=agency,
        data=phone_call(
            employees=(EmployeeInput(name="Pak X", nip="198001012005011001"),)
        ),
        actor=officer,
    )
    assert complaint.reported_employees.get().nip == "198001012005011001"


def test_event_rows_cannot_be_rewritten(agency, officer):
    complaint = register_complaint(agency=agency, data=phone_call(), actor=officer)
    event = complaint.events.get()
    event.data = {"register_number": "PALSU"}
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_tampering_breaks_the_chain(agency, officer):
    # given a complaint with two events
    complaint = register_complaint(agency=agency, data=phone_call(), actor=officer)
    correct_complaint(complaint, actor=officer, changes={"where": "Loket 3"})
    # when someone edits the first row behind the application's back
    ComplaintEvent.objects.filter(complaint=complaint, seq=1).update(
        data={"register_number": "ADU/1999/000001"}
    )
    # then
    assert verify_chain(complaint) == 1
