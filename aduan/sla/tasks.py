from django.utils import timezone
from django_tasks import task

from aduan.sla.sweep import sweep


@task()
def sweep_deadlines() -> dict[str, int]:
    """Reminders at a share of each limit, escalations on breach (idempotent)."""
    return sweep(now=timezone.now())
