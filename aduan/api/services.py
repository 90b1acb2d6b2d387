"""Writes of the API app: issuing, revoking and touching API keys."""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.accounts.models import Membership, User
from aduan.accounts.roles import Role
from aduan.accounts.selectors import has_role
from aduan.agencies.models import Agency, Unit
from aduan.api.models import ApiKey, Scope
from aduan.core.errors import DomainError, ErrorCode

TOKEN_PREFIX = "adn"
# last_used_at is a hint for administrators, not an audit trail: writing it on
# every request would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(token: str) -> str:
    """The stored form of a token: SHA-256 of its text (the secret is 256 bits)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _new_prefix() -> str:
    while True:
        prefix = secrets.token_hex(4)
        if not ApiKey.objects.filter(prefix=prefix).exists():
            return prefix


def _check_roles(agency: Agency, roles: set[str], unit: Unit | None) -> set[str]:
    if unit is not None:
        if unit.agency_id != agency.pk:
            raise DomainError(
                ErrorCode.INVALID, _("Unit bukan milik instansi ini."), field="unit"
            )
        # A unit key must not also hold an agency-wide role, or it would see all.
        if roles - {Role.UNIT}:
            raise DomainError(
                ErrorCode.INVALID,
                _("Kunci untuk satu unit hanya memegang peran unit."),
                field="roles",
            )
        return {Role.UNIT}
    if not roles:
        raise DomainError(
            ErrorCode.INVALID, _("Pilih minimal satu peran."), field="roles"
        )
    if Role.UNIT in roles:
        raise DomainError(
            ErrorCode.INVALID, _("Peran unit memerlukan unitnya."), field="unit"
        )
    unknown = roles - set(Role.values) | (roles & {Role.PELAPOR})
    if unknown:
        raise DomainError(
            ErrorCode.INVALID,
            _("Peran tidak dikenal: %(roles)s") % {"roles": ", ".join(sorted(unknown))},
            field="roles",
        )
    return roles


def check_key_request(
    agency: Agency,
    *,
    name: str,
    scopes: Iterable[str],
    roles: Iterable[str],
    unit: Unit | None,
) -> tuple[str, list[str], set[str]]:
    """Validate what a new key asks for; DomainError names the field at fault."""
    name = name.strip()
    if not name:
        raise DomainError(ErrorCode.INVALID, _("Nama wajib diisi."), field="name")
    scopes = sorted(set(scopes))
    if not scopes or set(scopes) - set(Scope.values):
        raise DomainError(
            ErrorCode.INVALID,
            _("Cakupan yang sah: %(scopes)s") % {"scopes": ", ".join(Scope.values)},
            field="scopes",
        )
    return name, scopes, _check_roles(agency, set(roles), unit)


# Not durable: the admin calls it inside its own changeform transaction.
@transaction.atomic
def create_api_key(
    agency: Agency,
    *,
    name: str,
    scopes: Iterable[str],
    roles: Iterable[str] = (),
    unit: Unit | None = None,
    actor: User | None = None,
) -> tuple[ApiKey, str]:
    """Issue a key and its service account; return the key and the token, which
    is shown this once and never stored."""
    now = timezone.now()
    if actor is not None and not (
        actor.is_superuser or has_role(actor, agency.pk, {Role.ADMIN})
    ):
        raise DomainError(ErrorCode.FORBIDDEN, _("Anda tidak berwenang."))
    name, scopes, roles = check_key_request(
        agency, name=name, scopes=scopes, roles=roles, unit=unit
    )
    prefix = _new_prefix()
    token = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    user = User(username=f"api-{prefix}", name=f"API: {name}"[:150])
    user.set_unusable_password()
    user.save()
    Membership.objects.bulk_create(
        Membership(
            user=user,
            agency=agency,
            role=role,
            unit=unit if role == Role.UNIT else None,
        )
        for role in sorted(roles)
    )
    key = ApiKey.objects.create(
        agency=agency,
        name=name,
        prefix=prefix,
        secret_hash=hash_token(token),
        scopes=scopes,
        unit=unit,
        user=user,
        created_by=actor,
        created_at=now,
    )
    return key, token


# Not durable: the admin's bulk action calls it inside its request.
@transaction.atomic
def revoke_api_key(key: ApiKey, *, actor: User | None = None) -> ApiKey:
    """Refuse the key from the next request on; its service account is disabled."""
    now = timezone.now()
    if actor is not None and not (
        actor.is_superuser or has_role(actor, key.agency_id, {Role.ADMIN})
    ):
        raise DomainError(ErrorCode.FORBIDDEN, _("Anda tidak berwenang."))
    key = ApiKey.objects.select_for_update().select_related("user").get(pk=key.pk)
    if key.revoked_at is None:
        key.revoked_at = now
        key.save(update_fields=["revoked_at"])
    if key.user.is_active:
        key.user.is_active = False
        key.user.save(update_fields=["is_active"])
    return key


def touch_api_key(key: ApiKey, *, at: datetime) -> None:
    """Note that the key was used, at most once per LAST_USED_RESOLUTION."""
    if key.last_used_at is not None and at - key.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=at)
    key.last_used_at = at
