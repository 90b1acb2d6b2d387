"""The front desk's clock, read once at the top of each service and view."""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    """Return the current instant (UTC). Used for mocking in tests: a reception
    morning needs a working day at 08.00 whatever day the suite runs on."""
    return timezone.now()
