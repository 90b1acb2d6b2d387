"""Files stored under their SHA-256 (attachments, issued PDFs, raw inbound e-mail),
and the sweep that removes the ones no row names any more.

A blob is written before the row that names it is committed, so a failed
transaction leaves it behind: a citizen's photo that no complaint holds, personal
data kept for nothing. `sweep_orphans` removes such files once they are older than a
grace period. It takes no lock, so two rules keep a file that is being reused safe:

- the writer checks again after its transaction commits and writes the file anew if
  the sweep removed an identical unreferenced copy between its check and its commit;
- the sweep moves a candidate aside first, asks the database again, and puts back
  any file a row named meanwhile.
"""

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

# The folders of content-addressed files: <folder>/<2 hex>/<sha256>.<ext>.
FOLDERS = ("attachments", "documents", "inbound")
BATCH = 500  # candidates asked about in one query per file column


def put(path: str, content: File) -> str:
    """Store `content` at `path` (derived from its hash) unless it is there already,
    and check again once the caller's transaction has committed."""
    _write_if_missing(path, content)
    transaction.on_commit(partial(_write_if_missing, path, content), robust=True)
    return path


def _write_if_missing(path: str, content: File) -> None:
    if default_storage.exists(path):
        return
    content.seek(0)
    saved = default_storage.save(path, content)
    # A concurrent writer of the same bytes may win the name; its copy is identical.
    if saved != path:
        default_storage.delete(saved)


@dataclass
class SweepResult:
    checked: int = 0
    removed: int = 0
    freed_bytes: int = 0
    kept_young: int = 0
    put_back: int = 0


def _file_columns() -> list[tuple[type[models.Model], str]]:
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def _referenced(paths: list[str] | None = None) -> set[str]:
    """The stored names rows hold (all of them, or those among `paths`)."""
    found: set[str] = set()
    for model, name in _file_columns():
        rows = model._default_manager.exclude(**{name: ""})
        if paths is not None:
            rows = rows.filter(**{f"{name}__in": paths})
        found.update(rows.values_list(name, flat=True).iterator(chunk_size=5_000))
    return found


def sweep_orphans(
    *,
    now: datetime | None = None,
    grace: timedelta = timedelta(hours=24),
    dry_run: bool = False,
) -> SweepResult:
    """Remove content-addressed files that no row names and that are older than
    `grace`. Local file storage only (the files are renamed aside first)."""
    now = now or timezone.now()
    root = Path(settings.MEDIA_ROOT)
    aside = root / ".sweep"
    referenced = _referenced()
    result = SweepResult()
    candidates: list[str] = []
    for folder in FOLDERS:
        for path in sorted((root / folder).glob("*/*")):
            if not path.is_file():
                continue
            result.checked += 1
            name = path.relative_to(root).as_posix()
            if name in referenced:
                continue
            if path.stat().st_mtime > (now - grace).timestamp():
                result.kept_young += 1
                continue
            candidates.append(name)
    for start in range(0, len(candidates), BATCH):
        batch = candidates[start : start + BATCH]
        if dry_run:
            result.removed += len(batch)
            result.freed_bytes += sum(_size(root / name) for name in batch)
            continue
        _remove(root, aside, batch, result)
    return result


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _remove(root: Path, aside: Path, batch: list[str], result: SweepResult) -> None:
    moved = []
    for name in batch:
        target = aside / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(root / name, target)
        except FileNotFoundError:
            continue  # gone meanwhile
        moved.append(name)
    # A row may have named one of them since the first look (its writer found the
    # file there and skipped writing it): that file goes back.
    named_now = _referenced(moved)
    for name in moved:
        target = aside / name
        if name in named_now:
            if (root / name).exists():
                target.unlink()  # the writer wrote it again: identical bytes
            else:
                os.replace(target, root / name)
            result.put_back += 1
            continue
        result.freed_bytes += target.stat().st_size
        target.unlink()
        result.removed += 1
