from datetime import datetime

from django import template

from aduan.core import dates

register = template.Library()


@register.filter
def jam(value: datetime | None, tz: str = "Asia/Jakarta") -> str:
    """Render an instant's local clock time as 14.05 (in the agency's zone)."""
    if value is None:
        return "-"
    return f"{dates.local(value, tz):%H.%M}"
