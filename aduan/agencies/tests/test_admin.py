import datetime

import pytest
import yaml
from django.test import Client

from aduan.accounts.models import User
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


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({1: "x"}, "kunci tidak dikenal"),
        ({"channels": [{"a": 1}]}, "channels[0]"),
        ({"escalate_to": [{}]}, "escalate_to[0]"),
        ({"answer_document": ["x"]}, "answer_document"),
        ({"time_classes": 5}, "time_classes"),
        ({"time_limits": {"x": {"working_days": 1, 5: "a", "b": "c"}}}, "time_limits"),
        ({"description": datetime.date(2026, 1, 1)}, "bukan tanggal"),
        ({"kinds": []}, "kinds"),
        ({"numbering": None}, "numbering.register"),
        ({"answers": "x"}, "answers"),
        ({"satisfaction": [1]}, "satisfaction"),
        ({"code": ["a"]}, "code"),
        ({"code": "x" * 10_000}, "code"),
    ],
)
def test_a_profile_of_the_wrong_shape_is_refused_not_saved(
    agency, client_for, change, fragment
):
    # given the active profile, changed in a way that would break intake later
    admin = client_for("admin")
    first = SopProfile.objects.get(agency=agency, is_active=True)
    config = {**first.config, **change}
    # when the admin saves it
    response = admin.post(
        "/admin/agencies/sopprofile/add/",
        {"agency": agency.pk, "yaml_text": yaml.dump(config, allow_unicode=True)},
    )
    # then it is refused with the reason beside it, and intake keeps its profile
    assert response.status_code == 200
    assert fragment in response.content.decode()
    assert SopProfile.objects.filter(agency=agency).count() == 1


def test_only_the_operator_gets_the_admin_site_that_shows_every_agency(
    agency, agency_factory, client_for
):
    # given a second demo agency beside the main one
    agency_factory("seed_002", prefix="002-")
    other_admin = Client()
    other_admin.force_login(User.objects.get(username="002-admin"))
    # when each agency's admin opens the admin site's outbox
    main = client_for("admin").get("/admin/notify/outboundmessage/")
    other = other_admin.get("/admin/notify/outboundmessage/")
    # then the installation's operator may; another agency's admin is sent to log in
    assert main.status_code == 200
    assert other.status_code == 302 and "/admin/login/" in other["Location"]
