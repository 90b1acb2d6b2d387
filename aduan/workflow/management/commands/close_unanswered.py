from django.core.management.base import BaseCommand

from aduan.workflow.services import close_unanswered


class Command(BaseCommand):
    help = (
        "Close answered complaints whose complainant did not reply within the "
        "profile's satisfaction.auto_close_working_days. Safe to run repeatedly."
    )

    def handle(self, *args, **options):
        closed = close_unanswered()
        self.stdout.write(f"Ditutup: {closed}")
