"""Attachments, documents and the reference lists."""

from django.core.files.uploadedfile import SimpleUploadedFile

from aduan.accounts.models import User
from aduan.audit.models import PersonalDataAccess
from aduan.documents.services import issue_receipt
from aduan.intake.models import Attachment
from conftest import PDF_BYTES, PNG_BYTES


def upload(client, complaint, *files):
    return client.post(
        f"/api/v1/complaints/{complaint.pk}/attachments/upload/",
        {"files": list(files)},
        format="multipart",
    )


def test_upload_list_and_download_an_attachment(make_key, key_client, complaint_in):
    # given
    complaint = complaint_in()
    client = key_client(make_key()[1])
    # when
    uploaded = upload(
        client,
        complaint,
        SimpleUploadedFile("bukti.pdf", PDF_BYTES, "application/pdf"),
        SimpleUploadedFile("foto.png", PNG_BYTES, "image/png"),
    )
    listed = client.get(f"/api/v1/complaints/{complaint.pk}/attachments/").json()
    first = listed[0]
    download = client.get(f"/api/v1/attachments/{first['id']}/download/")
    # then
    assert uploaded.status_code == 201
    assert [a["content_type"] for a in listed] == ["application/pdf", "image/png"]
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert complaint.events.filter(kind="attachment_added").count() == 1


def test_a_file_that_is_not_what_it_claims_is_refused(
    make_key, key_client, complaint_in
):
    # given a script named like a picture
    complaint = complaint_in()
    client = key_client(make_key()[1])
    # when
    response = upload(
        client,
        complaint,
        SimpleUploadedFile("foto.png", b"#!/bin/sh\necho", "image/png"),
    )
    # then
    assert response.status_code in {400, 415}
    assert response["Content-Type"] == "application/problem+json"
    assert Attachment.objects.exists() is False


def test_upload_without_files_and_with_json_are_4xx(make_key, key_client, complaint_in):
    # given
    complaint = complaint_in()
    client = key_client(make_key()[1])
    # when
    empty = client.post(
        f"/api/v1/complaints/{complaint.pk}/attachments/upload/", {}, format="multipart"
    )
    as_json = client.post(
        f"/api/v1/complaints/{complaint.pk}/attachments/upload/", {}, format="json"
    )
    # then
    assert empty.status_code == 400
    assert as_json.status_code == 415


def test_an_attachment_of_another_units_complaint_is_404(
    routed, make_key, key_client, complaint_in
):
    # given
    theirs = routed(complaint_in(), "pengaduan")
    upload(
        key_client(make_key()[1]),
        theirs,
        SimpleUploadedFile("bukti.pdf", PDF_BYTES, "application/pdf"),
    )
    attachment = Attachment.objects.get()
    client = key_client(make_key(unit="perizinan")[1])
    # when
    response = client.get(f"/api/v1/attachments/{attachment.pk}/download/")
    # then
    assert response.status_code == 404


def test_documents_are_listed_and_fetched_by_who_may(
    routed, make_key, key_client, complaint_in
):
    # given a receipt (it names the complainant) for a routed complaint
    complaint = routed(complaint_in(), "perizinan")
    document = issue_receipt(complaint, actor=User.objects.get(username="petugas"))
    officer_key, officer_token = make_key()
    officer = key_client(officer_token)
    unit = key_client(make_key(unit="perizinan")[1])
    # when
    listed_by_unit = unit.get(f"/api/v1/complaints/{complaint.pk}/documents/").json()
    refused = unit.get(f"/api/v1/documents/{document.pk}/download/")
    fetched = officer.get(f"/api/v1/documents/{document.pk}/download/")
    # then
    assert listed_by_unit[0]["kind"] == "tanda_terima"
    assert listed_by_unit[0]["downloadable"] is False
    assert refused.status_code == 404
    assert fetched.status_code == 200
    assert fetched["Content-Type"] == "application/pdf"
    assert b"".join(fetched.streaming_content).startswith(b"%PDF")
    assert PersonalDataAccess.objects.get().purpose == "api_document_download"


def test_units_and_categories(agency, make_key, key_client):
    # given
    client = key_client(make_key(scopes=("complaints:read",))[1])
    # when
    units = client.get("/api/v1/units/").json()
    categories = client.get("/api/v1/categories/").json()
    # then
    assert {u["code"] for u in units} == {"pengaduan", "perizinan", "informasi"}
    assert {"code": "biaya", "label": "Biaya/tarif"} in categories
