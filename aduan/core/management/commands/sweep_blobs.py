from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from aduan.core.blobs import sweep_orphans


class Command(BaseCommand):
    help = (
        "Remove stored files (attachments, issued PDFs, raw e-mail) that no record "
        "names any more and that are older than --grace-hours. Run it daily; "
        "--dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--grace-hours", type=int, default=24)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, grace_hours: int, dry_run: bool, **options):
        if grace_hours < 1:
            raise CommandError("--grace-hours must be at least 1")
        try:
            result = sweep_orphans(grace=timedelta(hours=grace_hours), dry_run=dry_run)
        except RuntimeError as error:  # another sweep, or storage that is not local
            raise CommandError(str(error)) from error
        verb = "Akan dihapus" if dry_run else "Dihapus"
        self.stdout.write(
            f"Diperiksa: {result.checked}; {verb}: {result.removed} berkas "
            f"({result.freed_bytes} bita); terlalu baru: {result.kept_young}; "
            f"dikembalikan: {result.put_back}"
        )
