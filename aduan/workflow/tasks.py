from django_tasks import task

from aduan.workflow.services import close_unanswered


@task()
def close_unanswered_task() -> int:
    """Close answered complaints whose complainant did not reply in time."""
    return close_unanswered()
