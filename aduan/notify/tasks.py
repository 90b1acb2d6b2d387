from django_tasks import task

from aduan.notify.services import deliver_due


@task()
def deliver_outbox() -> dict[str, int]:
    """Hand due outbox messages to their providers (idempotent; several may run)."""
    return deliver_due()
