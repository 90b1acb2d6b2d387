from datetime import date, datetime

from django import template

from aduan.core import codes, dates

register = template.Library()


@register.filter
def tanggal(value: date | datetime | None, tz: str = "Asia/Jakarta") -> str:
    """Render a date as 22 November 2026 (a datetime in the agency's zone)."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        value = dates.local(value, tz).date()
    return dates.format_date(value)


@register.filter
def waktu(value: datetime | None, tz: str = "Asia/Jakarta") -> str:
    """Render an instant as 22 November 2026, 14.05 WIB."""
    if value is None:
        return "-"
    return dates.format_datetime(value, tz)


@register.filter
def kode(value: str) -> str:
    """Group a tracking code for reading."""
    return codes.display(value) if value else ""


@register.filter
def status_label(value: str) -> str:
    """The readable label of a life-cycle status id."""
    from aduan.workflow.status import Status

    return Status(value).label if value in Status.values else value
