"""Register book PDFs too long for a web request (WeasyPrint lays out ~30 ms a row):
the officer asks, a django-tasks worker writes the file, the officer is notified and
downloads it from the register page."""

import tempfile
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.agencies.models import Agency
from aduan.audit.services import log_personal_data_reads
from aduan.documents import register, selectors
from aduan.documents.models import ExportStatus, RegisterExport
from aduan.notify.services import notify_users


def request_register_pdf(
    agency: Agency, user: User, *, start: date, end: date, printed: date
) -> RegisterExport:
    """Queue the register PDF of a period for the user; the task row is written in
    the same transaction, so a worker never sees a half-made request."""
    from aduan.documents.tasks import build_register_pdf

    identity = selectors.sees_identity_in_register(user, agency)
    asked = {
        "agency": agency,
        "requested_by": user,
        "start": start,
        "end": end,
        "identity": identity,
    }
    with transaction.atomic():
        # A reload or a second click while it is being written asks for nothing new.
        waiting = RegisterExport.objects.filter(
            **asked, status=ExportStatus.QUEUED
        ).first()
        if waiting is not None:
            return waiting
        export = RegisterExport.objects.create(
            **asked, printed=printed, requested_at=timezone.now()
        )
        build_register_pdf.enqueue(export.pk)
    return export


def build_export(export_id: int) -> RegisterExport:
    """Write a queued register PDF to storage and tell the officer (idempotent: a
    finished export is left as it is)."""
    export = RegisterExport.objects.select_related("agency", "requested_by").get(
        pk=export_id
    )
    if export.status != ExportStatus.QUEUED:
        return export
    period = register.period_label(export.start, export.end)
    shown: list[int] = []
    try:
        with tempfile.TemporaryFile() as target:
            export.rows = register.write_register_pdf(
                export.agency,
                selectors.collecting_ids(
                    selectors.register_complaints(
                        export.agency,
                        export.start,
                        export.end,
                        viewer=export.requested_by,
                    ),
                    shown,
                ),
                target,
                start=export.start,
                end=export.end,
                identity=export.identity,
                printed=export.printed,
            )
            target.seek(0)
            name = f"register-{export.agency.code}-{export.start:%Y%m%d}-{export.end:%Y%m%d}.pdf"
            export.file.save(name, File(target), save=False)
        export.status = ExportStatus.DONE
        if export.identity:
            log_personal_data_reads(
                user=export.requested_by,
                complaint_ids=shown,
                fields=selectors.REGISTER_IDENTITY_FIELDS,
                purpose="register_pdf",
                at=timezone.now(),
            )
        text = _("Buku register PDF %(period)s siap diunduh di halaman Buku Register.")
    except Exception:
        # The officer must hear of it either way; the worker logs the traceback.
        export.status = ExportStatus.FAILED
        text = _("Buku register PDF %(period)s gagal dibuat; silakan minta ulang.")
        _finish(export, text % {"period": period})
        raise
    _finish(export, text % {"period": period})
    return export


def _finish(export: RegisterExport, text: str) -> None:
    export.finished_at = timezone.now()
    with transaction.atomic():
        export.save(update_fields=["status", "rows", "file", "finished_at"])
        notify_users([export.requested_by], text=text, at=export.finished_at)


def purge_register_exports(*, now: datetime | None = None) -> int:
    """Delete register PDFs finished more than REGISTER_EXPORT_KEEP_DAYS ago, file
    and row: they hold reporters' names and are copies of what the register page
    prints again at any time. Returns how many were deleted."""
    now = now or timezone.now()
    # Calendar days on purpose: a retention period, not an SOP time limit.
    cutoff = now - timedelta(days=settings.REGISTER_EXPORT_KEEP_DAYS)
    purged = 0
    # A request a dead worker never finished goes too (its page says "being
    # prepared" forever otherwise).
    stale = Q(finished_at__lt=cutoff) | Q(
        status=ExportStatus.QUEUED, requested_at__lt=cutoff
    )
    for export in RegisterExport.objects.filter(stale):
        if export.file:
            export.file.delete(save=False)
        export.delete()
        purged += 1
    return purged
