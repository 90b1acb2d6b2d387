import time

from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from aduan.documents.tasks import purge_register_exports_task
from aduan.frontdesk.tasks import send_appointment_reminders
from aduan.notify.tasks import deliver_outbox
from aduan.sla.tasks import sweep_deadlines
from aduan.workflow.tasks import close_unanswered_task

# deliver_outbox: retries after backoff, and messages a dead worker left "sending".
PERIODIC = (
    sweep_deadlines,
    close_unanswered_task,
    deliver_outbox,
    send_appointment_reminders,  # the day before each meeting, once
    purge_register_exports_task,
)


class Command(BaseCommand):
    help = (
        "Enqueue the periodic tasks (deadline sweep, auto-close, outbox) every --every "
        "seconds for `manage.py db_worker` to run; never queues one twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=60)
        parser.add_argument("--once", action="store_true")

    def handle(self, *args, every: int, once: bool, **options):
        while True:
            for periodic in PERIODIC:
                waiting = DBTaskResult.objects.filter(
                    task_path=periodic.module_path, status="READY"
                ).exists()
                if not waiting:
                    periodic.enqueue()
            if once:
                return
            time.sleep(every)
