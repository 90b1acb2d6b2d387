"""Stored files that no record names are swept; a file being reused is never lost."""

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction

from aduan.core.blobs import sweep_orphans
from aduan.intake.models import Attachment
from aduan.intake.services import ComplaintInput, ReporterInput, register_complaint
from aduan.intake.uploads import inspect_upload, store_blob
from conftest import PDF_BYTES, PNG_BYTES

TWO_DAYS = 2 * 24 * 3600


def age(path: str, seconds: int) -> None:
    then = time.time() - seconds
    os.utime(default_storage.path(path), (then, then))


def register_with(agency, officer, content: bytes, name: str):
    return register_complaint(
        agency=agency,
        actor=officer,
        data=ComplaintInput(
            kind="pengaduan",
            channel="langsung",
            what="Foto loket yang tutup.",
            reporter=ReporterInput(name="Siti"),
            attachments=(SimpleUploadedFile(name, content),),
        ),
    )


def orphan(content: bytes, name: str) -> str:
    """What a submission that failed after writing its file leaves behind."""
    with pytest.raises(RuntimeError), transaction.atomic():
        path = store_blob(inspect_upload(SimpleUploadedFile(name, content)))
        raise RuntimeError("the database refused the row")
    return path


def test_only_old_files_no_record_names_are_removed(agency, officer):
    # given a complaint's photo, an old leftover scan and a leftover from just now
    complaint = register_with(agency, officer, PNG_BYTES, "foto.png")
    kept = complaint.attachments.get().file.name
    old = orphan(PDF_BYTES, "scan.pdf")
    young = orphan(PNG_BYTES + b"\x00", "baru.png")
    for path in (kept, old):
        age(path, TWO_DAYS)
    # when the sweep only counts
    counted = sweep_orphans(dry_run=True)
    # then nothing is gone
    assert (counted.checked, counted.removed, counted.kept_young) == (3, 1, 1)
    assert counted.freed_bytes == len(PDF_BYTES)
    assert default_storage.exists(old)
    # when it runs
    swept = sweep_orphans()
    # then only the old leftover is gone; the complaint's photo still opens
    assert (swept.removed, swept.freed_bytes) == (1, len(PDF_BYTES))
    assert not default_storage.exists(old)
    assert default_storage.exists(young)
    with default_storage.open(kept) as stored:
        assert stored.read() == PNG_BYTES


def test_a_leftover_sent_again_is_renewed_and_kept(agency, officer):
    # given yesterday's leftover of the very photo a complaint now sends again
    complaint = register_with(agency, officer, PDF_BYTES, "surat.pdf")
    path = orphan(PNG_BYTES, "foto.png")
    age(path, TWO_DAYS)
    upload = inspect_upload(SimpleUploadedFile("foto.png", PNG_BYTES))
    with transaction.atomic():
        # when the writer finds the file there (it does not write it again) and the
        # sweep runs before the row naming it is committed
        assert store_blob(upload) == path
        swept = sweep_orphans()
        Attachment.objects.create(
            complaint=complaint,
            sha256=upload.sha256,
            file=path,
            original_name=upload.safe_name,
            content_type=upload.content_type,
            size=upload.size,
        )
    # then the file was in use, not old, and stays
    assert (swept.removed, swept.kept_young) == (0, 1)
    with default_storage.open(path) as stored:
        assert stored.read() == PNG_BYTES
    # and a later sweep keeps it: a record names it now
    age(path, TWO_DAYS)
    assert sweep_orphans().removed == 0


def test_files_a_dead_sweep_left_aside_go_back(agency, officer):
    # given a sweep that moved a complaint's photo aside and died before deciding
    complaint = register_with(agency, officer, PNG_BYTES, "foto.png")
    name = complaint.attachments.get().file.name
    aside = Path(default_storage.location) / ".sweep" / name
    aside.parent.mkdir(parents=True)
    os.replace(default_storage.path(name), aside)
    # when the next sweep runs
    result = sweep_orphans()
    # then the photo is back where the complaint finds it, and nothing is removed
    assert (result.put_back, result.removed) == (1, 0)
    with complaint.attachments.get().file.open("rb") as stored:
        assert stored.read() == PNG_BYTES
    assert not aside.exists()


def test_a_name_written_another_way_still_keeps_its_file(agency, officer):
    # given an old photo whose row spells its name with a leading "./" (an import)
    complaint = register_with(agency, officer, PNG_BYTES, "foto.png")
    attachment = complaint.attachments.get()
    name = attachment.file.name
    Attachment.objects.filter(pk=attachment.pk).update(file=f"./{name}")
    age(name, TWO_DAYS)
    # when / then the sweep knows it is named
    assert sweep_orphans().removed == 0
    assert default_storage.exists(name)


def test_the_command_reports_and_refuses_a_zero_grace(agency, officer):
    # given an old leftover
    age(orphan(PDF_BYTES, "scan.pdf"), TWO_DAYS)
    # when counted, then removed
    out = StringIO()
    call_command("sweep_blobs", "--dry-run", stdout=out)
    assert "Akan dihapus: 1 berkas" in out.getvalue()
    out = StringIO()
    call_command("sweep_blobs", stdout=out)
    assert "Dihapus: 1 berkas" in out.getvalue()
    # and a grace of zero hours (which would race every submission) is refused
    with pytest.raises(CommandError):
        call_command("sweep_blobs", "--grace-hours", "0")


def test_two_sweeps_at_once_do_not_run_together(agency, officer):
    # given a sweep holding its lock (a cron run overlapping a manual one)
    import fcntl

    age(orphan(PDF_BYTES, "scan.pdf"), TWO_DAYS)
    root = Path(default_storage.location)
    with open(root / ".sweep.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        # when a second one starts, then it says so and touches nothing
        with pytest.raises(CommandError, match="another sweep"):
            call_command("sweep_blobs", stdout=StringIO())
    # and once the first is done, the next one sweeps
    assert sweep_orphans().removed == 1
