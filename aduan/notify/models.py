from django.conf import settings
from django.db import models


class Notification(models.Model):
    """A notice to a staff member inside Aduan (reminders, escalations)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    complaint = models.ForeignKey(
        "intake.Complaint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["user", "read_at", "-created_at"], name="notification_unread"
            )
        ]
        ordering = ["-created_at"]
