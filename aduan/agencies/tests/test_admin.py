import yaml

from aduan.agencies.models import SopProfile


def test_admin_edits_a_profile_as_a_new_version(agency, client_for):
    # given the active seed 001 profile
    admin = client_for("admin")
    first = SopProfile.objects.get(agency=agency, is_active=True)
    url = f"/admin/agencies/sopprofile/{first.pk}/change/"
    config = dict(first.config, name="Layanan Pengaduan (revisi)")
    # when a broken profile is saved, then it is refused with the reason
    bad = admin.post(url, {"agency": agency.pk, "yaml_text": "channels: [merpati]"})
    assert bad.status_code == 200
    assert "nilai tidak dikenal" in bad.content.decode()
    assert SopProfile.objects.count() == 1
    # when a valid edit is saved
    admin.post(url, {"agency": agency.pk, "yaml_text": yaml.safe_dump(config)})
    # then version 2 is active and version 1 is untouched
    first.refresh_from_db()
    second = SopProfile.objects.get(agency=agency, is_active=True)
    assert (second.version, second.name) == (2, "Layanan Pengaduan (revisi)")
    assert first.name != second.name and first.is_active is False
