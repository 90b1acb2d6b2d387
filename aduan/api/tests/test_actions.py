"""Life-cycle steps through the API: STEPS forms and services, steps_for rules."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from aduan.agencies.models import Unit
from aduan.audit.models import ComplaintEvent
from aduan.workflow.models import Disposition, DispositionReply
from conftest import PNG_BYTES


def url(complaint, step: str = "") -> str:
    base = f"/api/v1/complaints/{complaint.pk}/actions/"
    return f"{base}{step}/" if step else base


def test_the_actions_list_describes_each_steps_form(make_key, key_client, complaint_in):
    # given
    complaint = complaint_in()
    # when
    steps = key_client(make_key()[1]).get(url(complaint)).json()
    # then
    by_name = {s["name"]: s for s in steps}
    assert list(by_name) == ["verifikasi", "kembalikan", "teruskan", "tolak"]
    reject = {f["name"]: f for f in by_name["tolak"]["fields"]}
    assert reject["reason"]["type"] == "choice"
    assert reject["reason"]["required"] is True
    assert "duplikat" in [c["value"] for c in reject["reason"]["choices"]]
    assert by_name["tolak"]["danger"] is True


def test_verifying_through_the_api_moves_the_complaint_and_writes_one_event(
    make_key, key_client, complaint_in
):
    # given
    complaint = complaint_in()
    before = complaint.events.count()
    # when
    response = key_client(make_key()[1]).post(
        url(complaint, "verifikasi"), {"time_class": "sedang"}, format="json"
    )
    # then
    assert response.status_code == 200
    assert response.json()["status"] == "terverifikasi"
    assert "disposisi" in response.json()["allowed_actions"]
    complaint.refresh_from_db()
    assert (complaint.status, complaint.time_class) == ("terverifikasi", "sedang")
    changed = complaint.events.filter(kind="status_changed")
    assert changed.count() == 1
    assert complaint.events.count() > before


def test_a_step_outside_the_callers_roles_is_403_and_changes_nothing(
    make_key, key_client, complaint_in
):
    # given an auditor (reads everything, changes nothing)
    complaint = complaint_in()
    events = ComplaintEvent.objects.count()
    # when
    response = key_client(make_key(roles=("auditor",))[1]).post(
        url(complaint, "verifikasi"), {}, format="json"
    )
    # then
    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == "diterima"
    assert ComplaintEvent.objects.count() == events


def test_a_step_the_state_does_not_allow_is_409(make_key, key_client, complaint_in):
    # given a complaint not yet verified
    complaint = complaint_in()
    # when the analyst tries to dispose it
    response = key_client(make_key(roles=("analis",))[1]).post(
        url(complaint, "disposisi"),
        {"units": [1], "instruction": "telaah"},
        format="json",
    )
    # then
    assert response.status_code == 409
    assert response.json()["code"] == "not_allowed"
    complaint.refresh_from_db()
    assert complaint.status == "diterima"


def test_the_steps_form_validates_the_input(make_key, key_client, complaint_in):
    # given
    complaint = complaint_in()
    # when a rejection without its reason
    response = key_client(make_key()[1]).post(
        url(complaint, "tolak"), {"note": "kosong"}, format="json"
    )
    # then
    assert response.status_code == 400
    assert response.json()["errors"]["reason"]
    complaint.refresh_from_db()
    assert complaint.status == "diterima"


def test_nested_objects_are_refused_plainly(make_key, key_client, complaint_in):
    # given
    complaint = complaint_in()
    # when
    response = key_client(make_key()[1]).post(
        url(complaint, "teruskan"), {"to": {"a": 1}}, format="json"
    )
    non_object = key_client(make_key()[1]).post(
        url(complaint, "teruskan"), ["x"], format="json"
    )
    # then
    assert response.status_code == 400
    assert "to" in response.json()["errors"]
    assert non_object.status_code == 400


def test_an_addressee_of_invisible_characters_is_asked_for(
    make_key, key_client, complaint_in
):
    # given
    complaint = complaint_in()
    # when the complaint is forwarded "to" a control character and a zero-width space
    response = key_client(make_key()[1]).post(
        url(complaint, "teruskan"), {"to": "\x7f\u200b"}, format="json"
    )
    # then the field is refused as empty and the complaint is not forwarded
    assert response.status_code == 400
    assert "to" in response.json()["errors"]
    complaint.refresh_from_db()
    assert complaint.status == "diterima"


def test_an_unknown_step_is_404(make_key, key_client, complaint_in):
    # given
    complaint = complaint_in()
    # when
    response = key_client(make_key()[1]).post(url(complaint, "terbang"), {})
    # then
    assert response.status_code == 404


def test_a_domain_refusal_comes_back_with_its_field(make_key, key_client, complaint_in):
    # given a duplicate rejection naming no original
    complaint = complaint_in()
    # when
    response = key_client(make_key()[1]).post(
        url(complaint, "tolak"), {"reason": "duplikat"}, format="json"
    )
    # then
    assert response.status_code == 400
    assert response.json()["field"] == "duplicate_of"


def test_dispose_then_the_unit_replies_with_a_file(
    agency, make_key, key_client, complaint_in
):
    # given a verified complaint, an analyst key and the perizinan unit's key
    complaint = complaint_in()
    officer = key_client(make_key()[1])
    officer.post(url(complaint, "verifikasi"), {}, format="json")
    analyst = key_client(make_key(roles=("analis",))[1])
    unit = Unit.objects.get(agency=agency, code="perizinan")
    unit_client = key_client(make_key(unit="perizinan")[1])
    # when the analyst first types a due date far beyond any sensible one
    in_400_days = (timezone.localdate() + timedelta(days=400)).isoformat()
    for far in ("9999-12-31", in_400_days):
        refused = analyst.post(
            url(complaint, "disposisi"),
            {"units": [unit.pk], "instruction": "telaah", "due_date": far},
            format="json",
        )
        # then it is refused beside the field, and nothing is routed
        assert refused.status_code == 400
        assert "satu tahun" in str(refused.json())
        assert not Disposition.objects.filter(complaint=complaint).exists()
    # and units that no id column holds are not a valid choice either
    for units in ([99999999999999999999], [-99999999999999999999], ["x"]):
        refused = analyst.post(
            url(complaint, "disposisi"),
            {"units": units, "instruction": "telaah"},
            format="json",
        )
        assert refused.status_code == 400
        assert not Disposition.objects.filter(complaint=complaint).exists()
    # when the analyst routes it and the unit answers (multipart, with a photo)
    routed = analyst.post(
        url(complaint, "disposisi"),
        {"units": [unit.pk], "instruction": "telaah", "note": "Mohon bahan"},
        format="json",
    )
    # and a second click routes nothing twice
    again = analyst.post(
        url(complaint, "disposisi"),
        {"units": [unit.pk], "instruction": "telaah", "note": "Mohon bahan"},
        format="json",
    )
    assert again.status_code == 409
    assert "belum ditanggapi" in again.json()["detail"]
    disposition = Disposition.objects.get(complaint=complaint)
    offered = unit_client.get(url(complaint)).json()
    replied = unit_client.post(
        url(complaint, "tanggapi"),
        {
            "disposition": disposition.pk,
            "text": "Izin sudah diproses.",
            "files": SimpleUploadedFile("foto.png", PNG_BYTES, "image/png"),
        },
        format="multipart",
    )
    # then
    assert routed.status_code == 200
    assert routed.json()["status"] == "didisposisikan"
    assert [s["name"] for s in offered] == ["tanggapi", "proses"]
    assert replied.status_code == 200
    reply = DispositionReply.objects.get(disposition=disposition)
    assert reply.text == "Izin sudah diproses."
    assert reply.attachments.get().content_type == "image/png"
    listing = unit_client.get(f"/api/v1/complaints/{complaint.pk}/dispositions/").json()
    assert listing[0]["unit"]["code"] == "perizinan"
    assert listing[0]["replies"][0]["attachments"] == [reply.attachments.get().pk]


def test_json_true_reaches_the_satisfaction_forms_choice_as_1():
    # given the satisfaction form's choices are "1" (puas) and "0" (belum puas)
    from aduan.api.v1.actions import _form_data

    # when
    data = _form_data({"satisfied": True, "reason": None, "units": [1, 2]})
    # then
    assert data.getlist("satisfied") == ["1"]
    assert data.getlist("reason") == []
    assert data.getlist("units") == ["1", "2"]
