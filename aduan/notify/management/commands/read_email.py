import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aduan.agencies.models import Agency
from aduan.notify.inbound import DuplicateMessage, receive_email


def agency_for(code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise CommandError(
            f"unknown agency {code!r} (--agency or ADUAN_INBOUND_AGENCY)"
        )
    return agency


class Command(BaseCommand):
    help = (
        "File one RFC 822 message (a file, or standard input with '-') as a new "
        "complaint or a reply to one; bounces and auto-replies create nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="-")
        parser.add_argument("--agency", default="")

    def handle(self, *args, path: str, agency: str, **options):
        from django.conf import settings

        target = agency_for(agency or settings.ADUAN_INBOUND_AGENCY)
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        try:
            row = receive_email(raw, agency=target)
        except DuplicateMessage as duplicate:
            self.stdout.write(f"duplicate {duplicate.row.provider_id}: nothing done")
            return
        complaint = row.complaint.register_number if row.complaint else "-"
        self.stdout.write(f"{row.status} {row.provider_id} {complaint} {row.note}")
