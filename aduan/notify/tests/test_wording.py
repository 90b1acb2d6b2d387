"""Message wording (issue E point 5): per agency, kind, channel and language,
versioned, edited by the agency admin, with the documents' safe placeholders; an SMS
stays within one message."""

import pytest
from django.test import Client

from aduan.core.errors import DomainError, ErrorCode
from aduan.notify.models import MessageKind, MessageTemplate, OutboundMessage
from aduan.notify.services import save_message_template
from aduan.notify.wording import (
    PLACEHOLDERS,
    Wording,
    default_wording,
    fill_html,
    fill_sms,
    sms_cost,
)


def test_every_message_has_a_default_in_both_languages():
    # given / when / then
    for kind in MessageKind.values:
        for channel in ("email", "sms", "whatsapp"):
            for language in ("id", "en"):
                wording = default_wording(kind, channel, language)
                assert wording.body
                assert (channel == "email") is bool(wording.subject)


def test_placeholders_are_the_documents_own_plus_the_link():
    # given
    from aduan.documents.placeholders import PLACEHOLDERS as DOCUMENTS

    # then the shared names mean what they mean in documents, and no block is open
    shared = set(PLACEHOLDERS) & set(DOCUMENTS)
    assert {"nomor_register", "kode_lacak", "nama_pelapor", "perihal"} <= shared
    assert "isi" not in PLACEHOLDERS and "para_pihak" not in PLACEHOLDERS
    assert set(PLACEHOLDERS) - shared == {
        "tautan_lacak",
        "kekurangan",
        "alasan",
        # the void letter number when a signed answer is withdrawn
        "nomor_surat",
        # the front desk's appointments and procedure message (seed 000)
        "waktu_janji",
        "tempat_janji",
        "tautan_janji",
        "tata_cara",
        "saluran_bukti",
    }


def test_html_escapes_values_and_links_only_the_tracking_link():
    # when
    html = fill_html(
        "Perihal: {perihal}\nLacak: {tautan_lacak}\n\n<b>{nama_pelapor}</b>",
        {
            "perihal": "<img src=x onerror=alert(1)>",
            "tautan_lacak": "https://aduan.example.go.id/lacak/ABC/",
            "nama_pelapor": "Siti",
        },
    )
    # then
    assert "<img" not in html and "&lt;img src=x" in html
    assert "&lt;b&gt;Siti&lt;/b&gt;" in html
    assert (
        '<a href="https://aduan.example.go.id/lacak/ABC/">'
        "https://aduan.example.go.id/lacak/ABC/</a>" in html
    )


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Singkat", "Singkat"),
        ("Jalan rusak " * 30, None),  # shortened with "..."
        ("Jalan “rusak” – parah…", 'Jalan "rusak" - parah...'),  # GSM twins
    ],
)
def test_sms_fits_in_one_message_without_cutting_numbers_or_links(subject, expected):
    # given the ticket SMS with long values
    wording = default_wording("tiket", "sms", "id")
    values = {
        "instansi": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota X",
        "nomor_register": "ADU/2026/000123",
        "kode_lacak": "B8BW-1QJT-2Z0D-W4HM9",
        "tautan_lacak": "https://aduan.dpmptsp.example.go.id/lacak/B8BW1QJT2Z0DW4HM9/",
        "perihal": subject,
    }
    # when
    text = fill_sms(wording.body, values)
    # then
    length, limit = sms_cost(text)
    assert (length, limit) <= (160, 160) and limit == 160
    for kept in ("ADU/2026/000123", "B8BW-1QJT-2Z0D-W4HM9", values["tautan_lacak"]):
        assert kept in text
    if expected:
        tiny = fill_sms("{perihal}", {"perihal": subject})
        assert tiny == expected


def test_sms_with_a_non_gsm_character_counts_seventy():
    # given / when / then
    assert sms_cost("Terima kasih 🙏") == (15, 70)  # outside the BMP: two units
    assert sms_cost("harga €5") == (9, 160)


def test_admin_saves_versions_and_new_messages_use_the_latest(agency, user_for, follow):
    # given the agency admin's wording, saved twice
    admin = user_for("admin")
    first = save_message_template(
        agency,
        kind="tiket",
        channel="sms",
        language="id",
        subject="",
        body="Tiket {nomor_register}. Lacak: {tautan_lacak}",
        actor=admin,
    )
    second = save_message_template(
        agency,
        kind="tiket",
        channel="sms",
        language="id",
        subject="ignored for SMS",
        body="No. {nomor_register} - {tautan_lacak}",
        actor=admin,
    )
    # when a follower registers
    complaint = follow(phone="+6281234567890")
    # then
    assert (first.version, second.version, second.subject) == (1, 2, "")
    message = OutboundMessage.objects.get()
    assert message.template_version == 2
    assert message.body_text == (
        f"No. {complaint.register_number} - "
        f"http://127.0.0.1:8000/lacak/{complaint.tracking_code}/"
    )


def test_whatsapp_borrows_the_agencys_sms_wording(agency, user_for):
    # given an SMS wording only
    save_message_template(
        agency,
        kind="selesai",
        channel="sms",
        language="en",
        subject="",
        body="Closed: {nomor_register}",
        actor=user_for("admin"),
    )
    # when
    from aduan.notify.services import wordings_for

    found = wordings_for(agency.pk, "selesai", "en", ["whatsapp", "email"])
    # then
    assert found["whatsapp"] == Wording("", "Closed: {nomor_register}", 1)
    assert found["email"].version == 0  # Aduan's default


@pytest.mark.parametrize(
    ("body", "subject", "channel", "message"),
    [
        ("Halo {nama}", "S", "email", "Penanda tidak dikenal: {nama}."),
        ("Halo {{nomor_register}}", "S", "email", "Kurung kurawal"),
        ("{isi}", "S", "email", "Penanda tidak dikenal: {isi}."),
        ("Halo", "", "email", "Subjek e-mail wajib diisi."),
        ("", "S", "email", "Isi templat tidak boleh kosong."),
        ("x" * 120 + " {tautan_lacak}", "", "sms", "SMS terlalu panjang"),
    ],
)
def test_bad_wording_is_refused(agency, user_for, body, subject, channel, message):
    # when
    with pytest.raises(DomainError) as refused:
        save_message_template(
            agency,
            kind="tiket",
            channel=channel,
            language="id",
            subject=subject,
            body=body,
            actor=user_for("admin"),
        )
    # then
    assert message in refused.value.message
    assert MessageTemplate.objects.exists() is False


def test_only_the_agency_admin_edits_wording(agency, user_for):
    # when
    with pytest.raises(DomainError) as refused:
        save_message_template(
            agency,
            kind="tiket",
            channel="email",
            language="id",
            subject="S",
            body="B",
            actor=user_for("petugas"),
        )
    # then
    assert refused.value.code is ErrorCode.FORBIDDEN
    assert MessageTemplate.objects.exists() is False


def test_admin_form_starts_from_the_default_and_saves_a_version(agency, user_for):
    # given a superuser in the Django admin
    admin = user_for("admin")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(admin)
    # when the add form opens, then it holds Aduan's wording
    page = client.get(
        "/admin/notify/messagetemplate/add/?kind=dikembalikan&channel=email"
    )
    assert page.status_code == 200
    assert "belum lengkap" in page.content.decode()
    # when it is saved
    response = client.post(
        "/admin/notify/messagetemplate/add/",
        {
            "agency": agency.pk,
            "kind": "dikembalikan",
            "channel": "email",
            "language": "id",
            "subject": "Berkas {nomor_register} kurang",
            "body": "Kurang: {kekurangan}",
        },
    )
    # then
    assert response.status_code == 302
    saved = MessageTemplate.objects.get()
    assert (saved.version, saved.created_by) == (1, admin)


def test_admin_form_explains_a_bad_wording(agency, user_for):
    # given
    admin = user_for("admin")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(admin)
    # when
    response = client.post(
        "/admin/notify/messagetemplate/add/",
        {
            "agency": agency.pk,
            "kind": "tiket",
            "channel": "email",
            "language": "id",
            "subject": "Tiket",
            "body": "Halo {nama}",
        },
    )
    # then
    assert response.status_code == 200
    assert "Penanda tidak dikenal: {nama}." in response.content.decode()
    assert MessageTemplate.objects.exists() is False
