from django.utils import timezone
from django_tasks import task

from aduan.frontdesk.services import send_due_reminders


@task()
def send_appointment_reminders() -> int:
    """Remind complainants the day before their meeting (each once, idempotent)."""
    return send_due_reminders(now=timezone.now())
