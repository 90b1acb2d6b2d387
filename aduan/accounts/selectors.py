from collections.abc import Iterable

from aduan.accounts.models import Membership, User
from aduan.accounts.roles import Role


def roles_of(user: User, agency_id: int) -> frozenset[str]:
    """Return the role ids the user holds in the agency (cached on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault("_aduan_roles", {})
    if agency_id not in cache:
        cache[agency_id] = frozenset(
            Membership.objects.filter(user=user, agency_id=agency_id).values_list(
                "role", flat=True
            )
        )
    return cache[agency_id]


def has_role(user: User, agency_id: int, roles: Iterable[str]) -> bool:
    """True when the user holds any of the roles in the agency."""
    return bool(roles_of(user, agency_id) & frozenset(roles))


def agency_ids_of(user: User) -> list[int]:
    """Agencies in which the user holds any role."""
    if not user.is_authenticated:
        return []
    return sorted(
        set(Membership.objects.filter(user=user).values_list("agency_id", flat=True))
    )


def primary_agency_id(user: User) -> int | None:
    """The agency a staff page works in (the first one the user belongs to)."""
    ids = agency_ids_of(user)
    return ids[0] if ids else None


__all__ = ["Role", "roles_of", "has_role", "agency_ids_of", "primary_agency_id"]
