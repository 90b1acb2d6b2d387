from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import Max

from aduan.agencies.models import Agency, SopProfile
from aduan.agencies.profile_schema import profile_errors
from aduan.core.errors import DomainError, ErrorCode

PROFILES_DIR = Path(__file__).resolve().parent / "profiles"


def read_profile_file(path: Path | str) -> dict[str, Any]:
    """Parse a profile YAML file and validate it; DomainError lists every problem."""
    path = Path(path)
    if not path.exists() and (PROFILES_DIR / path).exists():
        path = PROFILES_DIR / path
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise DomainError(
            ErrorCode.NOT_FOUND, f"berkas tidak ditemukan: {path}"
        ) from error
    except yaml.YAMLError as error:
        raise DomainError(
            ErrorCode.PROFILE_INVALID, f"YAML tidak sah: {error}"
        ) from error
    errors = profile_errors(config)
    if errors:
        raise DomainError(ErrorCode.PROFILE_INVALID, "\n".join(errors))
    return config


@transaction.atomic
def install_profile(
    agency: Agency, config: dict[str, Any], *, activate: bool = True
) -> SopProfile:
    """Store a validated profile as a new version (or reuse an identical latest one)."""
    errors = profile_errors(config)
    if errors:
        raise DomainError(ErrorCode.PROFILE_INVALID, "\n".join(errors))
    versions = SopProfile.objects.select_for_update().filter(
        agency=agency, code=config["code"]
    )
    latest = versions.order_by("-version").first()
    if latest is not None and latest.config == config:
        profile = latest
    else:
        number = (versions.aggregate(n=Max("version"))["n"] or 0) + 1
        profile = SopProfile.objects.create(
            agency=agency,
            code=config["code"],
            version=number,
            name=config["name"],
            config=config,
        )
    if activate and not profile.is_active:
        SopProfile.objects.filter(agency=agency, is_active=True).update(is_active=False)
        profile.is_active = True
        profile.save(update_fields=["is_active"])
    return profile
