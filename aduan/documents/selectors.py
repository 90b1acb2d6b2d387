"""Reads of documents: who may fetch which PDF, the wording in force, the register."""

import gc
from collections.abc import Iterable, Iterator
from datetime import date, datetime

import rules
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from aduan.accounts.models import User
from aduan.accounts.roles import Role
from aduan.accounts.selectors import roles_of
from aduan.agencies.models import Agency
from aduan.core import dates
from aduan.documents.defaults import DEFAULT_BODIES
from aduan.documents.models import (
    Document,
    DocumentKind,
    DocumentTemplate,
    ExportStatus,
    LetterSettings,
    RegisterExport,
)
from aduan.intake.models import Complaint
from aduan.intake.selectors import (
    access_complaint,
    naming,
    sees_confidential_identities,
)
from aduan.workflow.models import Disposition, Draft

# Kinds that print the complainant's identity: staff fetch them only when they may
# see personal data (intake.view_personal_data); the disposition sheet masks it.
IDENTITY_KINDS = frozenset(DocumentKind) - {DocumentKind.LEMBAR_DISPOSISI}
# Kinds the complainant may fetch with the tracking code (they are addressed to them).
PUBLIC_KINDS = frozenset(
    {
        DocumentKind.SURAT_JAWABAN,
        DocumentKind.BAPP,
        DocumentKind.FORM_PENERIMAAN_LAYANAN,
    }
)
# Roles that keep the register book (agency-wide staff, not unit staff).
REGISTER_ROLES = frozenset(
    {
        Role.PETUGAS,
        Role.RESEPSIONIS,
        Role.ANALIS,
        Role.AUDITOR,
        Role.ADMIN,
        Role.PEMARAF,
        Role.PENANDATANGAN,
    }
)


def template_in_force(agency: Agency, kind: str) -> tuple[int, str]:
    """The newest wording of a document kind for the agency: (version, body);
    version 0 is Aduan's default."""
    latest = (
        DocumentTemplate.objects.filter(agency=agency, kind=kind)
        .order_by("-version")
        .values_list("version", "body")
        .first()
    )
    return latest if latest else (0, DEFAULT_BODIES[kind])


def letter_settings_in_force(agency: Agency) -> LetterSettings:
    """The newest letter settings of the agency; Aduan's defaults (version 0,
    unsaved) when it has none."""
    latest = LetterSettings.objects.filter(agency=agency).order_by("-version").first()
    return latest or LetterSettings(agency=agency, version=0)


def may_fetch(user: User, document: Document) -> bool:
    """True when a staff user who sees the complaint may also fetch this PDF."""
    if document.kind in IDENTITY_KINDS:
        return rules.has_perm("intake.view_personal_data", user, document.complaint)
    return True


def access_document(user: User, pk: int, *, fetch: bool = True) -> Document:
    """A document of a complaint the user sees (and, with fetch, whose PDF they may
    read); the same 404 for missing and forbidden."""
    complaint_id = (
        Document.objects.filter(pk=pk).values_list("complaint_id", flat=True).first()
    )
    if complaint_id is None:
        raise Http404
    complaint = access_complaint(user, complaint_id)
    document = Document.objects.select_related("complaint").get(pk=pk)
    document.complaint = complaint
    if fetch and not may_fetch(user, document):
        raise Http404
    return document


def open_document(user: User, pk: int, *, purpose: str, ip: str | None) -> Document:
    """A document whose PDF the user may read, that read logged when it carries the
    reporter's identity (web and API alike)."""
    from aduan.audit.services import log_personal_data_access

    document = access_document(user, pk)
    if document.kind in IDENTITY_KINDS:
        log_personal_data_access(
            user=user,
            complaint=document.complaint,
            purpose=purpose,
            fields=["name", "address"],
            at=timezone.now(),
            ip=ip,
        )
    return document


def documents_of(complaint: Complaint) -> QuerySet[Document]:
    """Every document issued for a complaint, oldest first."""
    return complaint.documents.select_related("issued_by", "draft").order_by(
        "issued_at", "id"
    )


def public_document(complaint: Complaint, pk: int) -> Document:
    """A document the complainant may fetch with the tracking code; else 404."""
    document = complaint.documents.filter(
        pk=pk, kind__in=PUBLIC_KINDS, cancelled_at__isnull=True
    ).first()
    if document is None:
        raise Http404
    return document


def document_by_token(token: str) -> Document:
    """The document a verification link names; 404 when there is none."""
    document = (
        Document.objects.select_related("complaint__agency")
        .filter(token=token[:40])
        .first()
    )
    if document is None:
        raise Http404
    return document


def documents_by_hash(sha256: str) -> QuerySet[Document]:
    """Documents whose stored PDF has exactly these bytes."""
    return Document.objects.select_related("complaint__agency").filter(sha256=sha256)


def may_keep_register(user: User, agency: Agency) -> bool:
    """True when the user keeps or reads the agency's register book."""
    return bool(roles_of(user, agency.pk) & REGISTER_ROLES)


# What a register book with identity shows of each reporter (logged as read).
REGISTER_IDENTITY_FIELDS = ["name", "phone", "address"]


def sees_identity_in_register(user: User, agency: Agency) -> bool:
    """True when the register shows names and contacts to this user."""
    return sees_confidential_identities(user, agency.pk, also=frozenset({Role.ADMIN}))


def period_bounds(agency: Agency, start: date, end: date) -> tuple[datetime, datetime]:
    """The instants that open and close a period of local days, inclusive."""
    return dates.day_bounds(agency.timezone, start, end)


def register_queryset(
    agency: Agency, start: date, end: date, *, viewer: User
) -> QuerySet[Complaint]:
    """The complaints received in a period, in register order, with what a row needs;
    never one that names the viewer as a reported employee."""
    since, until = period_bounds(agency, start, end)
    return (
        Complaint.objects.filter(
            agency=agency, received_at__gte=since, received_at__lt=until
        )
        .exclude(pk__in=naming(viewer))
        .select_related("agency", "reporter")
        .prefetch_related(
            Prefetch(
                "dispositions",
                queryset=Disposition.objects.select_related("unit").order_by(
                    "given_at", "id"
                ),
            ),
            Prefetch(
                "drafts",
                queryset=Draft.objects.filter(signed_at__isnull=False).order_by(
                    "cycle"
                ),
            ),
            "reported_employees",
        )
        .order_by("received_at", "id")
    )


def collecting_ids(rows: Iterable[Complaint], into: list[int]) -> Iterator[Complaint]:
    """Pass the rows through, noting each id (to log what a file showed)."""
    for complaint in rows:
        into.append(complaint.pk)
        yield complaint


def register_complaints(
    agency: Agency, start: date, end: date, *, viewer: User, chunk_size: int = 200
) -> Iterator[Complaint]:
    """Iterate the register in chunks (a server-side cursor on PostgreSQL), so memory
    does not grow with the number of rows.

    Each chunk's prefetched relations hold reference cycles (a related manager keeps
    its instance), which only the cyclic collector frees; its full collections get
    rarer as the heap grows, so without one every few chunks a 10,000-row export
    peaked ~18 MB above a 1,000-row one (bench/register_book.py).
    """
    rows = register_queryset(agency, start, end, viewer=viewer).iterator(
        chunk_size=chunk_size
    )
    for count, complaint in enumerate(rows, start=1):
        yield complaint
        if count % (5 * chunk_size) == 0:
            gc.collect()


def exports_of(user: User, agency: Agency, limit: int = 10) -> list[RegisterExport]:
    """The user's latest register PDF requests for the agency, newest first."""
    return list(RegisterExport.objects.filter(agency=agency, requested_by=user)[:limit])


def finished_export(user: User, pk: int) -> RegisterExport:
    """A register PDF the user asked for and that is ready; else 404."""
    export = (
        RegisterExport.objects.filter(
            pk=pk, requested_by=user, status=ExportStatus.DONE
        )
        .select_related("agency")
        .first()
    )
    if export is None or not export.file:
        raise Http404
    # The rights of today, not of the day it was asked for: a moved or removed
    # officer no longer fetches the register, nor names they may no longer see.
    if not may_keep_register(user, export.agency) or (
        export.identity and not sees_identity_in_register(user, export.agency)
    ):
        raise Http404
    return export
