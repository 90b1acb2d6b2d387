from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.accounts.roles import Role
from aduan.accounts.selectors import has_role
from aduan.agencies.models import Agency
from aduan.core.errors import DomainError, ErrorCode
from aduan.sla.models import CalendarDay


def _require_admin(agency: Agency, actor: User) -> None:
    if not has_role(actor, agency.pk, {Role.ADMIN}):
        raise DomainError(
            ErrorCode.FORBIDDEN,
            _("Hanya admin instansi yang dapat mengubah kalender kerja."),
        )


@transaction.atomic(durable=True)
def set_calendar_day(
    agency: Agency, *, actor: User, day: date, is_working: bool, note: str
) -> CalendarDay:
    """Add a local day off, or cancel a holiday/cuti bersama by a new decree."""
    _require_admin(agency, actor)
    if not note.strip():
        raise DomainError(
            ErrorCode.REASON_REQUIRED,
            _("Isi keterangan (dasar/keputusan)."),
            field="note",
        )
    row, _created = CalendarDay.objects.update_or_create(
        agency=agency,
        day=day,
        defaults={"is_working": is_working, "note": note.strip()},
    )
    return row


@transaction.atomic(durable=True)
def remove_calendar_day(agency: Agency, *, actor: User, day: date) -> None:
    """Undo an admin change: the day follows the national calendar again."""
    _require_admin(agency, actor)
    CalendarDay.objects.filter(agency=agency, day=day).delete()
