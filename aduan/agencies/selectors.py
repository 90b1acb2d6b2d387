from django.http import Http404
from django.utils.translation import gettext as _

from aduan.agencies.models import Agency, SopProfile
from aduan.core.errors import DomainError, ErrorCode


def active_profile(agency: Agency) -> SopProfile:
    """The profile new complaints of the agency start under."""
    cached = agency.__dict__.get("_active_profile")
    if cached is not None:
        return cached
    profile = SopProfile.objects.filter(agency=agency, is_active=True).first()
    if profile is None:
        raise DomainError(
            ErrorCode.PROFILE_INVALID, _("Instansi belum memiliki profil SOP aktif.")
        )
    agency.__dict__["_active_profile"] = profile
    return profile


def access_public_agency(code: str) -> Agency:
    """An agency that takes complaints from the public web, or 404."""
    agency = Agency.objects.filter(code=code, public_intake=True).first()
    if agency is None:
        raise Http404
    return agency


def access_public_intake(code: str) -> tuple[Agency, SopProfile]:
    """An agency that takes complaints from the public web and its active profile,
    read in one query (the public form asks on every request), or 404."""
    profile = (
        SopProfile.objects.select_related("agency")
        .filter(agency__code=code, agency__public_intake=True, is_active=True)
        .first()
    )
    if profile is None:
        raise Http404
    agency = profile.agency
    agency.__dict__["_active_profile"] = profile
    return agency, profile


def public_agencies() -> list[Agency]:
    return list(Agency.objects.filter(public_intake=True).order_by("name"))
