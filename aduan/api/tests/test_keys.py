"""API keys: hashed at rest, shown once, scoped, revocable at once, last use."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from aduan.accounts.models import Membership
from aduan.api.models import ApiKey
from aduan.api.services import revoke_api_key
from aduan.core.errors import DomainError


def test_a_key_is_stored_only_as_its_hash(make_key):
    # given / when
    key, token = make_key()
    # then the token is not in the database, its SHA-256 is
    key.refresh_from_db()
    assert token.startswith(f"adn_{key.prefix}_")
    assert key.secret_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ApiKey.objects.values().get(pk=key.pk))


def test_a_key_acts_as_a_service_account_with_the_roles_it_was_given(make_key):
    # given / when
    key, _ = make_key(roles=("petugas", "analis"))
    # then
    roles = set(Membership.objects.filter(user=key.user).values_list("role", flat=True))
    assert roles == {"petugas", "analis"}
    assert key.user.has_usable_password() is False
    assert key.user.is_staff is False


def test_a_unit_key_holds_only_the_unit_role_for_that_unit(make_key):
    # given / when
    key, _ = make_key(unit="perizinan")
    # then
    membership = Membership.objects.get(user=key.user)
    assert (membership.role, membership.unit.code) == ("unit", "perizinan")


def test_a_unit_key_cannot_also_hold_an_agency_wide_role(agency):
    # given
    from aduan.agencies.models import Unit
    from aduan.api.services import create_api_key

    unit = Unit.objects.get(agency=agency, code="perizinan")
    # when / then
    with pytest.raises(DomainError) as caught:
        create_api_key(
            agency, name="x", scopes=["complaints:read"], roles=["auditor"], unit=unit
        )
    assert caught.value.field == "roles"
    assert ApiKey.objects.exists() is False


def test_a_valid_key_is_accepted_and_its_use_recorded(make_key, key_client):
    # given
    key, token = make_key()
    # when
    response = key_client(token).get("/api/v1/categories/")
    # then
    assert response.status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_a_revoked_key_is_refused_at_once(make_key, key_client):
    # given a key that worked a moment ago
    key, token = make_key()
    client = key_client(token)
    assert client.get("/api/v1/complaints/").status_code == 200
    # when
    revoke_api_key(key)
    response = client.get("/api/v1/complaints/")
    # then
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "authentication_failed"
    assert 'Bearer realm="aduan"' in response["WWW-Authenticate"]


def test_an_unknown_or_mangled_token_is_refused(make_key, key_client):
    # given
    _, token = make_key()
    # when
    wrong = key_client(token[:-2] + "xx").get("/api/v1/complaints/")
    garbage = key_client("not-a-token").get("/api/v1/complaints/")
    # then
    assert (wrong.status_code, garbage.status_code) == (401, 401)


def test_no_credentials_is_401_problem(db):
    # when
    response = Client().get("/api/v1/complaints/")
    # then
    assert response.status_code == 401
    body = response.json()
    assert body["status"] == 401
    assert body["type"] == "about:blank"
    assert body["title"] == "Unauthorized"


def test_a_read_only_key_cannot_write(make_key, key_client):
    # given
    _, token = make_key(scopes=("complaints:read",))
    # when
    response = key_client(token).post(
        "/api/v1/complaints/create/",
        {"kind": "pengaduan", "channel": "telepon", "what": "x"},
        format="json",
    )
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_an_open311_only_key_cannot_read_the_rest_api(make_key, key_client):
    # given
    _, token = make_key(scopes=("open311",))
    # when
    response = key_client(token).get("/api/v1/complaints/")
    # then
    assert response.status_code == 403


def test_command_creates_lists_and_revokes(agency):
    # given
    out, err = StringIO(), StringIO()
    # when
    call_command(
        "api_key",
        "create",
        "--agency",
        agency.code,
        "--name",
        "SP4N bridge",
        "--scope",
        "complaints:read",
        "--role",
        "auditor",
        stdout=out,
        stderr=err,
    )
    token = out.getvalue().strip()
    key = ApiKey.objects.get()
    listing = StringIO()
    call_command("api_key", "list", stdout=listing)
    call_command("api_key", "revoke", key.prefix, stdout=StringIO())
    # then
    assert token.startswith(f"adn_{key.prefix}_")
    assert "SP4N bridge" in listing.getvalue() and "active" in listing.getvalue()
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert key.user.is_active is False


def test_command_refuses_a_unit_of_another_agency(agency):
    # when / then
    with pytest.raises(CommandError):
        call_command(
            "api_key",
            "create",
            "--agency",
            agency.code,
            "--name",
            "x",
            "--scope",
            "complaints:read",
            "--unit",
            "no-such-unit",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert ApiKey.objects.exists() is False


def test_admin_shows_the_token_once_and_revokes(agency, client_for):
    # given
    admin = client_for("admin")
    # when
    response = admin.post(
        "/admin/api/apikey/add/",
        {
            "agency": agency.pk,
            "name": "Aplikasi warga",
            "unit": "",
            "scopes": ["open311"],
            "roles": ["petugas"],
        },
        follow=True,
    )
    key = ApiKey.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    revoked = admin.post(
        "/admin/api/apikey/",
        {"action": "revoke", "_selected_action": [key.pk]},
        follow=True,
    )
    # then
    assert response.status_code == 200
    assert any(f"adn_{key.prefix}_" in m for m in shown)
    assert revoked.status_code == 200
    key.refresh_from_db()
    assert key.revoked_at is not None
    detail = admin.get(f"/admin/api/apikey/{key.pk}/change/")
    assert key.secret_hash not in detail.content.decode()


def test_admin_form_says_what_is_wrong(agency, client_for):
    # when a unit role without a unit
    response = client_for("admin").post(
        "/admin/api/apikey/add/",
        {"agency": agency.pk, "name": "x", "scopes": ["open311"], "roles": ["unit"]},
    )
    # then
    assert response.status_code == 200
    assert ApiKey.objects.exists() is False
    assert "Peran unit memerlukan unitnya." in response.content.decode()
