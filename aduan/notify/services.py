from collections.abc import Iterable
from datetime import datetime

from aduan.accounts.models import User
from aduan.intake.models import Complaint
from aduan.notify.models import Notification


def notify_users(
    users: Iterable[User],
    *,
    text: str,
    at: datetime,
    complaint: Complaint | None = None,
) -> int:
    """Put a notice in each user's inbox (in the caller's transaction)."""
    rows = Notification.objects.bulk_create(
        Notification(user=user, complaint=complaint, text=text[:300], created_at=at)
        for user in {user.pk: user for user in users}.values()
    )
    return len(rows)
