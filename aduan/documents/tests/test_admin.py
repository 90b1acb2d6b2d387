"""The admin edits wording (each save a new version) and previews it as PDF."""

from aduan.documents.models import DocumentTemplate
from aduan.documents.tests.conftest import pdf_text


def test_admin_saves_versions_and_previews(agency, client_for):
    admin = client_for("admin")
    add = "/admin/documents/documenttemplate/add/"
    # the add form starts from Aduan's default wording
    page = admin.get(add + "?kind=bapp").content.decode()
    assert "Pada hari ini {hari}" in page
    # when the admin previews unsaved wording
    body = (
        "Menindaklanjuti pengaduan nomor {nomor_register} perihal {perihal}.\n\n{isi}"
    )
    preview = admin.post(
        "/admin/documents/documenttemplate/pratinjau/",
        {"agency": agency.pk, "kind": "surat_jawaban", "body": body},
    )
    # then a PDF with sample data comes back and nothing is saved
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    text = pdf_text(preview.content)
    assert "PRATINJAU" in text and "ADU/0000/000000" in text
    assert DocumentTemplate.objects.count() == 0
    # and template code is refused in the preview
    bad = admin.post(
        "/admin/documents/documenttemplate/pratinjau/",
        {"agency": agency.pk, "kind": "bapp", "body": "{% debug %}"},
    )
    assert bad.status_code == 422
    # and an agency that is no id is a 404, not a crash
    for agency_id in ("abc", "99999999999999999999"):
        missing = admin.post(
            "/admin/documents/documenttemplate/pratinjau/",
            {"agency": agency_id, "kind": "bapp", "body": "x"},
        )
        assert missing.status_code == 404
    # when the admin saves it, then edits and saves again
    response = admin.post(
        add, {"agency": agency.pk, "kind": "surat_jawaban", "body": body}
    )
    assert response.status_code == 302
    first = DocumentTemplate.objects.get()
    response = admin.post(
        f"/admin/documents/documenttemplate/{first.pk}/change/",
        {
            "agency": agency.pk,
            "kind": "surat_jawaban",
            "body": body + "\n\nTerima kasih.",
        },
    )
    assert response.status_code == 302
    # then both versions are kept and the first is unchanged
    versions = list(
        DocumentTemplate.objects.order_by("version").values_list("version", "body")
    )
    assert versions == [(1, body), (2, body + "\n\nTerima kasih.")]
    # and a saved version previews too
    saved = admin.get(f"/admin/documents/documenttemplate/{first.pk}/pratinjau/")
    assert saved.status_code == 200


def test_unknown_placeholder_is_an_admin_form_error(agency, client_for):
    response = client_for("admin").post(
        "/admin/documents/documenttemplate/add/",
        {"agency": agency.pk, "kind": "bapp", "body": "Nomor {nomor_rahasia}"},
    )
    assert response.status_code == 200
    assert "Penanda tidak dikenal: {nomor_rahasia}." in response.content.decode()
    assert DocumentTemplate.objects.count() == 0
