"""Every row lock of intake lives here, so the order of locks is visible in one place."""

from aduan.core.counters import bump
from aduan.intake.models import Complaint, RegisterCounter


def next_register_seq(agency_id: int, year: int) -> int:
    """Take the next register sequence for an agency and year; holds the row lock."""
    return bump(RegisterCounter, agency=agency_id, year=year)


def lock_complaint(pk: int) -> Complaint:
    """Reload a complaint holding its row lock until the transaction ends."""
    return Complaint.objects.select_for_update().get(pk=pk)
