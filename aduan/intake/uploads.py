"""Uploads are judged by their bytes, never by their name."""

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from aduan.core import blobs
from aduan.core.errors import DomainError, ErrorCode

# MIME type detected from content -> file extension we store it under.
ALLOWED_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
    "image/heic": "heic",
    "application/pdf": "pdf",
    "audio/mpeg": "mp3",
    "audio/ogg": "ogg",
    "audio/x-wav": "wav",
    "audio/mp4": "m4a",
    "audio/m4a": "m4a",
    "audio/amr": "amr",
    "video/mp4": "mp4",
    "video/webm": "webm",
    "video/quicktime": "mov",
    "video/3gpp": "3gp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
ALLOWED_LABEL = (
    "JPG, PNG, WEBP, GIF, HEIC, PDF, MP3, OGG, WAV, M4A, AMR, MP4, WEBM, MOV, 3GP, DOCX"
)


@dataclass(frozen=True)
class InspectedUpload:
    file: UploadedFile
    sha256: str
    content_type: str
    extension: str
    size: int
    safe_name: str


def safe_filename(name: str) -> str:
    """Keep a readable, harmless file name: no path, no control characters, bounded."""
    base = PurePath(name.replace("\\", "/")).name
    base = unicodedata.normalize("NFKC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    cleaned = get_valid_filename(base) if base.strip(". ") else ""
    if not cleaned:
        return "lampiran"
    stem, dot, ext = cleaned.rpartition(".")
    if dot and len(ext) <= 10:
        return f"{stem[:150]}.{ext}"
    return cleaned[:160]


def inspect_upload(upload: UploadedFile) -> InspectedUpload:
    """Check one upload's size and real type; DomainError says what is wrong."""
    limit = settings.ADUAN_MAX_FILE_MB * 1024 * 1024
    name = safe_filename(upload.name or "")
    if upload.size == 0:
        raise DomainError(
            ErrorCode.INVALID, _("Berkas %(name)s kosong.") % {"name": name}
        )
    if upload.size > limit:
        raise DomainError(
            ErrorCode.TOO_LARGE,
            _("Berkas %(name)s lebih dari %(mb)s MB.")
            % {"name": name, "mb": settings.ADUAN_MAX_FILE_MB},
        )
    upload.seek(0)
    head = upload.read(8192)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime not in ALLOWED_TYPES:
        raise DomainError(
            ErrorCode.UNSUPPORTED_FILE,
            _("Isi berkas %(name)s bukan jenis yang diterima (%(types)s).")
            % {"name": name, "types": ALLOWED_LABEL},
        )
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    extension = ALLOWED_TYPES[mime]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return InspectedUpload(
        file=upload,
        sha256=digest.hexdigest(),
        content_type=mime,
        extension=extension,
        size=upload.size,
        safe_name=f"{stem}.{extension}",
    )


def inspect_uploads(
    uploads: list[UploadedFile | InspectedUpload],
) -> list[InspectedUpload]:
    """Check a batch: each file, their number and their total size. Files a form
    already inspected are not read and hashed a second time."""
    if len(uploads) > settings.ADUAN_MAX_FILES_PER_SUBMISSION:
        raise DomainError(
            ErrorCode.TOO_LARGE,
            _("Paling banyak %(n)s berkas sekali kirim.")
            % {"n": settings.ADUAN_MAX_FILES_PER_SUBMISSION},
        )
    inspected = [
        upload if isinstance(upload, InspectedUpload) else inspect_upload(upload)
        for upload in uploads
    ]
    if (
        sum(item.size for item in inspected)
        > settings.ADUAN_MAX_COMPLAINT_MB * 1024 * 1024
    ):
        raise DomainError(
            ErrorCode.TOO_LARGE,
            _("Jumlah ukuran lampiran lebih dari %(mb)s MB.")
            % {"mb": settings.ADUAN_MAX_COMPLAINT_MB},
        )
    return inspected


def store_blob(item: InspectedUpload) -> str:
    """Write the bytes once under their hash; the same file twice is stored once."""
    return blobs.put(
        f"attachments/{item.sha256[:2]}/{item.sha256}.{item.extension}", item.file
    )
