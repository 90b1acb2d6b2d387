"""Files stored under their SHA-256 (attachments, issued PDFs, raw inbound e-mail),
and the sweep that removes the ones no row names any more.

A blob is written before the row that names it is committed, so a failed
transaction leaves it behind: a citizen's photo that no complaint holds, personal
data kept for nothing. `sweep_orphans` removes such files once they are older than a
grace period. Writers take no lock (only one sweep runs at a time); a file being
reused stays safe because:

- a writer that finds its file already there renews the file's time (or writes it
  anew if it has just gone), so a reused file is never old;
- the sweep moves a candidate aside first, then looks at its time again and asks the
  database again, and puts back any file that was renewed or named meanwhile.

Runs on local file storage only (the sweep renames files); a writer on any other
storage just skips the renewal.
"""

import fcntl
import os
import posixpath
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import models
from django.utils import timezone

# The folders of content-addressed files: <folder>/<2 hex>/<sha256>.<ext>.
FOLDERS = ("attachments", "documents", "inbound")
ASIDE = ".sweep"  # where candidates wait while the database is asked again
# Candidates asked about in one query per file column: each is matched in three
# spellings, and 3 x 300 stays under SQLite's oldest limit of 999 parameters.
BATCH = 300


def put(path: str, content: File) -> str:
    """Store `content` at `path` (derived from its hash) unless it is there already;
    if it is, renew its time so that the sweep sees it as in use."""
    if default_storage.exists(path) and _renew(path):
        return path
    content.seek(0)
    saved = default_storage.save(path, content)
    # A concurrent writer of the same bytes may win the name; its copy is identical.
    if saved != path:
        default_storage.delete(saved)
    return path


def _renew(path: str) -> bool:
    """Touch the stored file; False if it vanished since it was seen (swept)."""
    try:
        os.utime(default_storage.path(path))
    except NotImplementedError:
        return True  # not local: the sweep does not run on such storage
    except FileNotFoundError:
        return False
    return True


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


def _normal(name: str, root: Path) -> str:
    """A stored name as the sweep sees files: relative to the root, no './'."""
    if os.path.isabs(name):
        name = os.path.relpath(name, root)
    return posixpath.normpath(name.replace(os.sep, "/"))


def _referenced(root: Path, paths: list[str] | None = None) -> set[str]:
    """The stored names rows hold (all of them, or those among `paths`)."""
    found: set[str] = set()
    for model, name in _file_columns():
        rows = model._default_manager.exclude(**{name: ""})
        if paths is not None:
            variants = [
                *paths,
                *(f"./{p}" for p in paths),
                *(str(root / p) for p in paths),
            ]
            rows = rows.filter(**{f"{name}__in": variants})
        for value in rows.values_list(name, flat=True).iterator(chunk_size=5_000):
            found.add(_normal(value, root))
    return found


def _local_root() -> Path:
    if not isinstance(default_storage, FileSystemStorage):
        raise RuntimeError("sweep_orphans works on local file storage only")
    return Path(default_storage.location)


def sweep_orphans(
    *,
    now: datetime | None = None,
    grace: timedelta = timedelta(hours=24),
    dry_run: bool = False,
) -> SweepResult:
    """Remove content-addressed files that no row names and that are older than
    `grace`. Call it outside a transaction, so that it sees other writers' commits
    (the management command does)."""
    root = _local_root()
    root.mkdir(parents=True, exist_ok=True)
    # One sweep at a time (cron overlapping a manual run): a second one would put
    # back the first's candidates while the first is still deciding on them.
    with open(root / ".sweep.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError("another sweep is running") from None
        return _sweep(root, now, grace, dry_run)


def _sweep(
    root: Path, now: datetime | None, grace: timedelta, dry_run: bool
) -> SweepResult:
    cutoff = ((now or timezone.now()) - grace).timestamp()
    result = SweepResult()
    # An earlier sweep that died halfway left its candidates aside.
    _restore_leftovers(root, result)
    referenced = _referenced(root)
    candidates: list[str] = []
    for folder in FOLDERS:
        for path in sorted((root / folder).glob("*/*")):
            if not path.is_file():
                continue
            result.checked += 1
            name = path.relative_to(root).as_posix()
            if name in referenced:
                continue
            if path.stat().st_mtime > cutoff:
                result.kept_young += 1
                continue
            candidates.append(name)
    for start in range(0, len(candidates), BATCH):
        batch = candidates[start : start + BATCH]
        if dry_run:
            result.removed += len(batch)
            result.freed_bytes += sum(_size(root / name) for name in batch)
        else:
            _remove(root, batch, cutoff, result)
    return result


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _put_back(root: Path, name: str) -> None:
    target = root / ASIDE / name
    if (root / name).exists():
        target.unlink(missing_ok=True)  # a writer wrote it again: identical bytes
    elif target.exists():
        os.replace(target, root / name)


def _remove(root: Path, batch: list[str], cutoff: float, result: SweepResult) -> None:
    moved: list[str] = []
    try:
        for name in batch:
            target = root / ASIDE / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.replace(root / name, target)
            except FileNotFoundError:
                continue  # gone meanwhile
            moved.append(name)
        # A writer may have reused one since the first look: it renewed the file
        # before the move (the file is young now) or named it in a row.
        named_now = _referenced(root, moved)
        while moved:
            name = moved[-1]
            target = root / ASIDE / name
            if name in named_now or target.stat().st_mtime > cutoff:
                _put_back(root, name)
                result.put_back += 1
            else:
                size = target.stat().st_size
                target.unlink()
                result.removed += 1
                result.freed_bytes += size
            moved.pop()
    finally:
        # Whatever was not decided (the database went away, say) goes back.
        for name in moved:
            _put_back(root, name)


def _restore_leftovers(root: Path, result: SweepResult) -> None:
    aside = root / ASIDE
    for path in sorted(aside.glob("*/*/*")):
        if path.is_file():
            _put_back(root, path.relative_to(aside).as_posix())
            result.put_back += 1
