import functools
from typing import Any

from django.db import connection
from django.db.models import Field
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


@functools.cache
def _public_intake_query(vendor: str) -> tuple[str, list[tuple[Field, list, Any]]]:
    """The agency-and-profile SELECT, written from the models' fields (so it follows
    every migration), and the converters the ORM would apply to each column."""
    qn = connection.ops.quote_name
    fields = [(f, "a") for f in Agency._meta.concrete_fields] + [
        (f, "p") for f in SopProfile._meta.concrete_fields
    ]
    sql = (
        f"SELECT {', '.join(f'{alias}.{qn(f.column)}' for f, alias in fields)} "
        f"FROM {qn(Agency._meta.db_table)} a "
        f"JOIN {qn(SopProfile._meta.db_table)} p "
        f"ON p.{qn(SopProfile._meta.get_field('agency').column)} "
        f"= a.{qn(Agency._meta.pk.column)} "
        f"WHERE a.{qn('code')} = %s AND a.{qn('public_intake')} = %s "
        f"AND p.{qn('is_active')} = %s"
    )
    columns = []
    for field, alias in fields:
        col = field.get_col(alias)
        convert = connection.ops.get_db_converters(col) + field.get_db_converters(
            connection
        )
        columns.append((field, convert, col))
    return sql, columns


def access_public_intake(code: str) -> tuple[Agency, SopProfile]:
    """An agency that takes complaints from the public web and its active profile,
    or 404. The public form asks on every GET and POST, so this is one hand-written
    query: the ORM spent ~1 ms of CPU compiling and loading it, a tenth of a form
    submission's server time (bench/run.py)."""
    sql, columns = _public_intake_query(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [code, True, True])
        row = cursor.fetchone()
    if row is None:
        raise Http404
    values = list(row)
    for index, (_field, convert, col) in enumerate(columns):
        for converter in convert:
            values[index] = converter(values[index], col, connection)
    split = len(Agency._meta.concrete_fields)
    agency = Agency.from_db(
        connection.alias, [f.attname for f, _, _ in columns[:split]], values[:split]
    )
    profile = SopProfile.from_db(
        connection.alias, [f.attname for f, _, _ in columns[split:]], values[split:]
    )
    profile._state.fields_cache["agency"] = agency
    agency.__dict__["_active_profile"] = profile
    return agency, profile


def public_agencies() -> list[Agency]:
    return list(Agency.objects.filter(public_intake=True).order_by("name"))
