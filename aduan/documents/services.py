"""Issuing, cancelling and delivering documents; the wording versions of an agency.

A PDF is rendered outside any transaction (rendering takes tens of milliseconds and
must not hold the complaint's or the letter counter's lock), then stored once under
its SHA-256 and recorded, with its event, in one short transaction that re-checks
that no valid document of the same source exists: issuing is idempotent.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import filetype
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.accounts.roles import Role
from aduan.accounts.selectors import roles_of
from aduan.agencies.models import Agency
from aduan.audit.models import ComplaintEvent, EventKind
from aduan.audit.services import record_event
from aduan.core import blobs, dates
from aduan.core.errors import DomainError, ErrorCode
from aduan.documents import render
from aduan.documents.models import (
    LETTER_KINDS,
    ON_BEHALF_PREFIXES,
    DeliveryVia,
    Document,
    DocumentKind,
    DocumentTemplate,
    LetterSettings,
    SignerMark,
)
from aduan.documents.placeholders import template_errors
from aduan.documents.selectors import (
    PUBLIC_KINDS,
    letter_settings_in_force,
    template_in_force,
)
from aduan.intake.locks import lock_complaint
from aduan.intake.models import Complaint
from aduan.intake.selectors import mask_nik
from aduan.workflow.models import Decision, Draft, Instruction
from aduan.workflow.status import Status

RECEIPT_ROLES = frozenset({Role.RESEPSIONIS, Role.PETUGAS, Role.ANALIS})
SHEET_ROLES = frozenset(
    {Role.RESEPSIONIS, Role.PETUGAS, Role.ANALIS, Role.PEMARAF, Role.PENANDATANGAN}
)
SERVICE_ROLES = frozenset({Role.RESEPSIONIS, Role.PETUGAS})
ANSWER_ROLES = frozenset({Role.PETUGAS, Role.ANALIS, Role.PENANDATANGAN, Role.ADMIN})
DELIVERY_ROLES = frozenset({Role.RESEPSIONIS, Role.PETUGAS})
CANCEL_ROLES = frozenset({Role.PENANDATANGAN, Role.ADMIN})
TEMPLATE_ROLES = frozenset({Role.ADMIN})
VERIFY_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Issue:
    """Everything one document needs besides the complaint."""

    kind: str
    source_key: str
    number: str
    dated: date
    signer: render.Signer
    body: str = ""  # the answer text for {isi}
    draft: Draft | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _role(actor: User | None, complaint: Complaint) -> str:
    if actor is None:
        return Role.PELAPOR.value
    return ",".join(sorted(roles_of(actor, complaint.agency_id)))


def _require(actor: User | None, complaint: Complaint, roles: frozenset[str]) -> None:
    if actor is not None and not roles_of(actor, complaint.agency_id) & roles:
        raise DomainError(
            ErrorCode.FORBIDDEN, _("Anda tidak berwenang menerbitkan dokumen ini.")
        )


def store_pdf(content: bytes) -> tuple[str, str]:
    """Write a PDF once under its SHA-256; return (path, sha256)."""
    digest = hashlib.sha256(content).hexdigest()
    path = blobs.put(f"documents/{digest[:2]}/{digest}.pdf", ContentFile(content))
    return path, digest


def _valid(complaint: Complaint, kind: str, source_key: str) -> Document | None:
    return Document.objects.filter(
        complaint_id=complaint.pk,
        kind=kind,
        source_key=source_key,
        cancelled_at__isnull=True,
    ).first()


def _party_fields(complaint: Complaint) -> dict[str, str]:
    reporter = complaint.reporter
    shown = reporter is not None and not reporter.is_anonymous
    return {
        "reporter_name": render.reporter_name(complaint),
        "reporter_address": reporter.address if shown else "",
        "reporter_nik": mask_nik(reporter.nik) if shown and reporter.nik else "",
    }


def build_pdf(
    complaint: Complaint,
    issue: Issue,
    *,
    token: str,
    wording: str,
    preview: bool = False,
    letter: LetterSettings | None = None,
    archive: bool = False,
) -> bytes:
    """Render one document of a complaint to PDF bytes (nothing is stored); the
    archive copy (pertinggal) adds the paraf table when the settings ask for it."""
    signer = issue.signer
    letter = letter or letter_settings_in_force(complaint.agency)
    parties = ""
    people = _party_fields(complaint)
    if issue.kind == DocumentKind.BAPP:
        parties = render_to_string(
            "documents/pdf/partials_parties.html",
            {"signer": signer, "signer_nip": render.format_nip(signer.nip), **people},
        )
    values = render.placeholder_values(
        complaint,
        number=issue.number,
        dated=issue.dated,
        signer=signer,
        body=issue.body,
        parties=parties,
    )
    context = render.document_context(
        complaint,
        kind_label=str(DocumentKind(issue.kind).label),
        number=issue.number,
        dated=issue.dated,
        token=token,
        signer=signer,
        wording=wording,
        values=values,
    )
    context.update(people, preview=preview, **issue.extra)
    context.update(
        render.kop_context(complaint.agency, letter),
        letter=letter,
        on_behalf_lines=[
            x.strip() for x in letter.on_behalf_of.splitlines() if x.strip()
        ],
        # Tembusan belong to the letter, not to the berita acara.
        copies=letter.copy_lines() if issue.kind == DocumentKind.SURAT_JAWABAN else [],
        archive=archive,
        parafs=issue.extra.get("parafs", []) if letter.paraf_table else [],
    )
    return render.write_pdf(f"documents/pdf/{issue.kind}.html", context)


def _issue(complaint: Complaint, issue: Issue, *, actor: User | None) -> Document:
    existing = _valid(complaint, issue.kind, issue.source_key)
    if existing:
        return existing
    version, wording = template_in_force(complaint.agency, issue.kind)
    letter = letter_settings_in_force(complaint.agency)
    token = secrets.token_urlsafe(18)
    pdf = build_pdf(complaint, issue, token=token, wording=wording, letter=letter)
    path, digest = store_pdf(pdf)
    archive_path = archive_digest = ""
    if issue.kind in LETTER_KINDS:
        archive_path, archive_digest = store_pdf(
            build_pdf(
                complaint,
                issue,
                token=token,
                wording=wording,
                letter=letter,
                archive=True,
            )
        )
    try:
        return _record(
            complaint,
            issue,
            actor=actor,
            token=token,
            path=path,
            digest=digest,
            size=len(pdf),
            version=version,
            settings_version=letter.version,
            archive_path=archive_path,
            archive_digest=archive_digest,
        )
    except IntegrityError:
        # Issued meanwhile by someone else: theirs is the document.
        existing = _valid(complaint, issue.kind, issue.source_key)
        if existing is None:
            raise
        return existing


@transaction.atomic(durable=True)
def _record(
    complaint: Complaint,
    issue: Issue,
    *,
    actor: User | None,
    token: str,
    path: str,
    digest: str,
    size: int,
    version: int,
    settings_version: int = 0,
    archive_path: str = "",
    archive_digest: str = "",
) -> Document:
    now = timezone.now()
    complaint = lock_complaint(complaint.pk)
    existing = _valid(complaint, issue.kind, issue.source_key)
    if existing:
        return existing
    # The PDF was laid out without the lock: the answer may have been withdrawn
    # meanwhile (withdraw_answer holds this lock), and its number is then void.
    if (
        issue.draft is not None
        and not Draft.objects.filter(
            pk=issue.draft.pk, signed_at__isnull=False, letter_number=issue.number
        ).exists()
    ):
        raise DomainError(
            ErrorCode.NOT_ALLOWED,
            _("Jawaban ini sudah ditarik penandatangan; suratnya tidak diterbitkan."),
        )
    signer = issue.signer
    document = Document.objects.create(
        complaint=complaint,
        kind=issue.kind,
        source_key=issue.source_key,
        draft=issue.draft,
        number=issue.number,
        template_version=version,
        settings_version=settings_version,
        file=path,
        archive_file=archive_path,
        sha256=digest,
        size=size,
        token=token,
        dated=issue.dated,
        issued_at=now,
        issued_by=actor,
        signer_name=signer.name,
        signer_nip=signer.nip,
        signer_title=signer.title,
        signer_rank=signer.rank,
    )
    record_event(
        complaint,
        EventKind.DOCUMENT_ISSUED,
        at=now,
        actor=actor,
        role=_role(actor, complaint),
        is_public=issue.kind in PUBLIC_KINDS,
        data={
            "document_id": document.pk,
            "kind": issue.kind,
            "number": issue.number,
            "sha256": digest,
            # The staff copy with the initials: its hash on the chained timeline
            # lets an auditor check that copy too.
            **({"archive_sha256": archive_digest} if archive_digest else {}),
            "template_version": version,
        },
    )
    return document


def _today(complaint: Complaint) -> date:
    return dates.local(timezone.now(), complaint.agency.timezone).date()


def receipt_issue(complaint: Complaint) -> Issue:
    """What a tanda terima prints (DOCUMENTS.md §3.1)."""
    checklist = render.checklist(complaint)
    officer = complaint.registered_by
    return Issue(
        kind=DocumentKind.TANDA_TERIMA,
        source_key="receipt",
        number=complaint.register_number or "",
        dated=dates.local(complaint.received_at, complaint.agency.timezone).date(),
        signer=render.Signer.of(officer, _("Petugas Penerima")),
        extra={
            "rows": render.receipt_rows(complaint),
            "checklist": checklist,
            "missing": [label for received, label in checklist if not received],
            "summary": complaint.what[:600],
            "attachments": complaint.attachments.filter(reply__isnull=True).count(),
        },
    )


def issue_receipt(complaint: Complaint, *, actor: User | None) -> Document:
    """Issue the tanda terima of a complaint (actor None: the complainant online)."""
    _require(actor, complaint, RECEIPT_ROLES)
    return _issue(complaint, receipt_issue(complaint), actor=actor)


def disposition_issue(complaint: Complaint) -> Issue:
    """What the lembar disposisi of the current cycle prints (DOCUMENTS.md §2)."""
    tz = complaint.agency.timezone
    rows = list(
        complaint.dispositions.filter(cycle=complaint.cycle)
        .select_related("unit", "given_by")
        .order_by("given_at", "id")
    )
    if not rows:
        raise DomainError(ErrorCode.NOT_ALLOWED, _("Belum ada disposisi."))
    last = rows[-1]
    units_sent = {d.unit_id for d in rows}
    chosen = {d.instruction for d in rows}
    reporter = complaint.reporter
    hidden = reporter is None or reporter.is_anonymous or reporter.is_confidential
    received = dates.format_date(dates.local(complaint.received_at, tz).date())
    return Issue(
        kind=DocumentKind.LEMBAR_DISPOSISI,
        source_key=f"disposisi:{complaint.cycle}:{last.pk}",
        number=complaint.register_number or "",
        dated=dates.local(last.given_at, tz).date(),
        signer=render.Signer.of(last.given_by),
        extra={
            "sender": "(dirahasiakan)" if hidden else reporter.name or "-",
            "letter_number": complaint.referral_number or "-",
            "letter_date": dates.format_date(complaint.referral_date)
            if complaint.referral_date
            else received,
            "received": received,
            "sifat": [
                (not complaint.is_secret, _("Biasa")),
                (False, _("Segera")),
                (False, _("Sangat Segera")),
                (complaint.is_secret, _("Rahasia")),
            ],
            "units": [
                (unit.pk in units_sent, unit.name)
                for unit in complaint.agency.units.all()
            ],
            "instructions": [
                (value in chosen, label) for value, label in Instruction.choices
            ],
            "notes": "; ".join(d.note for d in rows if d.note),
            "hops": [
                {
                    "given": f"{dates.local(d.given_at, tz):%d-%m-%Y}",
                    "unit": d.unit.name,
                    "instruction": d.get_instruction_display(),
                    "note": d.note,
                    "due": f"{dates.local(d.due_at, tz):%d-%m-%Y}",
                    "by": str(d.given_by),
                }
                for d in rows
            ],
        },
    )


def issue_disposition_sheet(complaint: Complaint, *, actor: User) -> Document:
    """Issue the lembar disposisi of the current cycle's dispositions."""
    _require(actor, complaint, SHEET_ROLES)
    return _issue(complaint, disposition_issue(complaint), actor=actor)


def answer_issue(draft: Draft) -> Issue:
    """What a signed answer letter or BAPP prints; the marks only once signed."""
    complaint = draft.complaint
    chain = complaint.profile.config.get("approval_chain", {})
    signed = (
        draft.approvals.filter(decision=Decision.TANDA_TANGAN).order_by("-at").first()
    )
    version = draft.versions.filter(number=signed.version).first() if signed else None
    version = version or draft.latest_version()
    mark = SignerMark.objects.filter(
        user=draft.signed_by, agency_id=complaint.agency_id
    ).first()
    return Issue(
        kind=draft.kind,
        source_key=f"draft:{draft.pk}",
        number=draft.letter_number,
        dated=dates.local(draft.signed_at, complaint.agency.timezone).date(),
        signer=render.Signer.of(
            draft.signed_by, chain.get("signer", {}).get("title", "")
        ),
        body=version.body if version else "",
        draft=draft,
        extra={
            "signature": render.image_data_uri(mark.signature) if mark else "",
            "stamp": render.image_data_uri(mark.stamp) if mark else "",
            "parafs": _parafs(draft, signed.version) if signed else [],
        },
    )


def _parafs(draft: Draft, version: int) -> list[dict[str, str]]:
    """The initials on the signed version, lowest rank first (DOCUMENTS.md §1.5)."""
    tz = draft.complaint.agency.timezone
    return [
        {
            "title": approval.title,
            "name": approval.actor.name or approval.actor.username,
            "dated": f"{dates.local(approval.at, tz):%d-%m-%Y %H.%M}",
        }
        for approval in draft.approvals.filter(decision=Decision.PARAF, version=version)
        .select_related("actor")
        .order_by("step", "at")
    ]


def issue_answer(draft: Draft, *, actor: User | None = None) -> Document:
    """Issue the PDF of a signed answer (surat jawaban or BAPP); once per signature,
    and never again after a cancellation: a letter number is not reused."""
    draft = Draft.objects.select_related(
        "complaint__agency", "complaint__profile", "complaint__reporter", "signed_by"
    ).get(pk=draft.pk)
    complaint = draft.complaint
    if actor is not None:
        _require(actor, complaint, ANSWER_ROLES)
    if draft.signed_at is None or not draft.letter_number:
        raise DomainError(ErrorCode.NOT_ALLOWED, _("Jawaban belum ditandatangani."))
    # Per signature: a withdrawn answer's cancelled letter is not printed again,
    # and its corrected successor carries the new number.
    earlier = draft.documents.filter(number=draft.letter_number).order_by("id").first()
    if earlier is not None:
        return earlier
    return _issue(complaint, answer_issue(draft), actor=actor or draft.signed_by)


def issue_answer_after_signing(draft_id: int) -> None:
    """Run after sign_draft commits: render and store the signed answer's PDF."""
    issue_answer(Draft(pk=draft_id))


def service_issue(complaint: Complaint, *, officer: User | None) -> Issue:
    """What the Form Penerimaan Layanan prints (seed 004 step 6)."""
    answered = (
        ComplaintEvent.objects.filter(
            complaint_id=complaint.pk,
            kind=EventKind.STATUS_CHANGED,
            data__to=Status.DIJAWAB_LANGSUNG,
        )
        .order_by("-seq")
        .first()
    )
    signed = complaint.drafts.filter(signed_at__isnull=False).order_by("-cycle").first()
    if answered is not None:
        body = answered.data.get("public_note", "")
        officer = officer or answered.actor
    elif signed is not None:
        latest = signed.latest_version()
        body = latest.body if latest else ""
    else:
        raise DomainError(
            ErrorCode.NOT_ALLOWED,
            _("Pengaduan belum dijawab: belum ada layanan yang diterima."),
        )
    tz = complaint.agency.timezone
    received = dates.local(complaint.received_at, tz)
    return Issue(
        kind=DocumentKind.FORM_PENERIMAAN_LAYANAN,
        source_key=f"layanan:{complaint.cycle}",
        number=complaint.register_number or "",
        dated=_today(complaint),
        signer=render.Signer.of(officer),
        body="".join(f"<p>{escape(line)}</p>" for line in body.splitlines())
        if answered is not None
        else body,
        extra={
            "rows": [
                (_("Nomor register"), complaint.register_number or "-"),
                (_("Diterima"), dates.format_date(received.date())),
                (_("Nama"), render.reporter_name(complaint)),
                (_("Perihal"), complaint.subject),
                (_("Jenis layanan"), str(complaint.get_kind_display())),
            ]
        },
    )


def issue_service_receipt(complaint: Complaint, *, actor: User) -> Document:
    """Issue the Form Penerimaan Layanan once the complainant got the answer."""
    _require(actor, complaint, SERVICE_ROLES)
    return _issue(complaint, service_issue(complaint, officer=actor), actor=actor)


def _is_standing_answer(document: Document) -> bool:
    """True for the letter of the current cycle's signed answer."""
    draft = document.draft
    return (
        draft is not None
        and document.cancelled_at is None
        and document.number == draft.letter_number
        and draft.cycle == document.complaint.cycle
    )


def is_current_answer(document: Document) -> bool:
    """True for the letter of the answer the complainant is now asked about:
    cancelling it withdraws the answer (workflow.services.withdraw_answer)."""
    return _is_standing_answer(document) and document.complaint.status == Status.DIJAWAB


def may_cancel(document: Document, roles: set[str] | frozenset[str]) -> bool:
    """Whether someone with these roles is offered "Batalkan" for the document."""
    if document.cancelled_at is not None:
        return False
    if is_current_answer(document):
        return Role.PENANDATANGAN in roles
    if _is_standing_answer(document):
        return False
    allowed = (
        CANCEL_ROLES if document.kind in LETTER_KINDS else CANCEL_ROLES | {Role.PETUGAS}
    )
    return bool(roles & allowed)


def cancel_document(document: Document, *, actor: User, reason: str) -> Document:
    """Cancel an issued document with a reason; a letter keeps its number. The
    letter of the current answer is withdrawn with its answer, by its signer, so
    that a corrected one can be signed under a new number; the answer of a closed
    complaint stands."""
    document = Document.objects.select_related("draft", "complaint").get(pk=document.pk)
    if is_current_answer(document):
        if not roles_of(actor, document.complaint.agency_id) & {Role.PENANDATANGAN}:
            raise DomainError(
                ErrorCode.FORBIDDEN,
                _(
                    "Surat jawaban yang berlaku hanya dapat ditarik oleh penanda "
                    "tangan (langkah “Tarik jawaban”)."
                ),
            )
        from aduan.workflow.services import withdraw_answer

        withdraw_answer(document.complaint, actor=actor, reason=reason)
        document.refresh_from_db()
        return document
    if _is_standing_answer(document) and document.complaint.status != Status.DIJAWAB:
        raise DomainError(
            ErrorCode.NOT_ALLOWED,
            _("Jawaban pengaduan ini sudah ditutup dan tidak dapat dibatalkan."),
        )
    return _cancel_one(document, actor=actor, reason=reason)


@transaction.atomic(durable=True)
def _cancel_one(document: Document, *, actor: User, reason: str) -> Document:
    complaint = lock_complaint(document.complaint_id)
    allowed = (
        CANCEL_ROLES if document.kind in LETTER_KINDS else CANCEL_ROLES | {Role.PETUGAS}
    )
    if not roles_of(actor, complaint.agency_id) & allowed:
        raise DomainError(
            ErrorCode.FORBIDDEN, _("Anda tidak berwenang membatalkan dokumen ini.")
        )
    if not reason.strip():
        raise DomainError(
            ErrorCode.REASON_REQUIRED,
            _("Alasan pembatalan wajib diisi."),
            field="reason",
        )
    return cancel_locked(
        complaint, document, actor=actor, reason=reason, at=timezone.now()
    )


def cancel_locked(
    complaint: Complaint, document: Document, *, actor: User, reason: str, at
) -> Document:
    """Mark a document cancelled and say so on the timeline; the caller holds the
    complaint's lock and has checked who may and why."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.cancelled_at is not None:
        raise DomainError(ErrorCode.NOT_ALLOWED, _("Dokumen ini sudah dibatalkan."))
    document.cancelled_at, document.cancelled_by = at, actor
    document.cancel_reason = reason.strip()
    document.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    record_event(
        complaint,
        EventKind.DOCUMENT_CANCELLED,
        at=at,
        actor=actor,
        role=_role(actor, complaint),
        data={
            "document_id": document.pk,
            "kind": document.kind,
            "number": document.number,
            "reason": document.cancel_reason,
        },
    )
    return document


@dataclass(frozen=True)
class DeliveryInput:
    via: str
    on: date
    recipient: str


@transaction.atomic(durable=True)
def deliver_document(
    document: Document, *, actor: User, data: DeliveryInput
) -> Document:
    """The front office hands a document over: in person, by post or by e-mail."""
    now = timezone.now()
    complaint = lock_complaint(document.complaint_id)
    if not roles_of(actor, complaint.agency_id) & DELIVERY_ROLES:
        raise DomainError(
            ErrorCode.FORBIDDEN,
            _("Penyerahan dokumen dicatat oleh petugas front office."),
        )
    if data.via not in DeliveryVia.values:
        raise DomainError(ErrorCode.INVALID, _("Pilih cara penyerahan."), field="via")
    if not data.recipient.strip():
        raise DomainError(
            ErrorCode.REASON_REQUIRED,
            _("Nama penerima wajib diisi."),
            field="recipient",
        )
    document = Document.objects.select_for_update().get(pk=document.pk)
    today = dates.local(now, complaint.agency.timezone).date()
    if data.on > today or data.on < document.dated:
        raise DomainError(
            ErrorCode.INVALID,
            _("Tanggal penyerahan antara tanggal dokumen dan hari ini."),
            field="on",
        )
    if document.cancelled_at is not None:
        raise DomainError(
            ErrorCode.NOT_ALLOWED, _("Dokumen yang dibatalkan tidak dapat diserahkan.")
        )
    if document.delivered_on is not None:
        raise DomainError(ErrorCode.NOT_ALLOWED, _("Dokumen ini sudah diserahkan."))
    document.delivered_on, document.delivered_via = data.on, data.via
    document.delivered_to, document.delivered_by = data.recipient.strip(), actor
    document.delivery_recorded_at = now
    document.save(
        update_fields=[
            "delivered_on",
            "delivered_via",
            "delivered_to",
            "delivered_by",
            "delivery_recorded_at",
        ]
    )
    record_event(
        complaint,
        EventKind.DOCUMENT_DELIVERED,
        at=now,
        actor=actor,
        role=_role(actor, complaint),
        is_public=True,
        data={
            "document_id": document.pk,
            "kind": document.kind,
            "number": document.number,
            "via": data.via,
            "on": data.on.isoformat(),
            "recipient": document.delivered_to,
        },
    )
    return document


# Not durable: the admin calls it inside its own changeform transaction.
@transaction.atomic
def save_template(
    agency: Agency, *, kind: str, body: str, actor: User
) -> DocumentTemplate:
    """Save a new version of an agency's wording; earlier versions stay as they were."""
    if not (actor.is_superuser or Role.ADMIN in roles_of(actor, agency.pk)):
        raise DomainError(
            ErrorCode.FORBIDDEN, _("Hanya admin instansi yang dapat mengubah templat.")
        )
    if kind not in DocumentKind.values:
        raise DomainError(
            ErrorCode.INVALID, _("Jenis dokumen tidak dikenal."), field="kind"
        )
    errors = template_errors(body)
    if errors:
        raise DomainError(ErrorCode.INVALID, " ".join(errors), field="body")
    Agency.objects.select_for_update().get(pk=agency.pk)  # one version at a time
    latest = (
        DocumentTemplate.objects.filter(agency=agency, kind=kind)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return DocumentTemplate.objects.create(
        agency=agency,
        kind=kind,
        version=(latest or 0) + 1,
        body=body.replace("\r\n", "\n").strip(),
        created_by=actor,
    )


def upload_digest(upload: UploadedFile) -> str:
    """The SHA-256 of an uploaded PDF, checked by its bytes and its size."""
    if upload.size > VERIFY_MAX_BYTES:
        raise DomainError(
            ErrorCode.TOO_LARGE,
            _("Berkas lebih dari %(mb)s MB.")
            % {"mb": VERIFY_MAX_BYTES // (1024 * 1024)},
            field="file",
        )
    upload.seek(0)
    head = upload.read(8192)
    kind = filetype.guess(head)
    if kind is None or kind.mime != "application/pdf":
        raise DomainError(
            ErrorCode.UNSUPPORTED_FILE, _("Berkas bukan PDF."), field="file"
        )
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def preview_pdf(agency: Agency, *, kind: str, body: str) -> bytes:
    """Render a wording with sample data, for the admin to look at before saving."""
    errors = template_errors(body)
    if errors:
        raise DomainError(ErrorCode.INVALID, " ".join(errors), field="body")
    from aduan.documents.samples import sample_complaint, sample_issue

    complaint = sample_complaint(agency)
    return build_pdf(
        complaint, sample_issue(complaint, kind), token="", wording=body, preview=True
    )


# Not durable: the admin calls it inside its own changeform transaction.
@transaction.atomic
def save_letter_settings(
    agency: Agency, *, actor: User, **fields: Any
) -> LetterSettings:
    """Save a new version of an agency's letter settings; earlier ones stay."""
    if not (actor.is_superuser or Role.ADMIN in roles_of(actor, agency.pk)):
        raise DomainError(
            ErrorCode.FORBIDDEN,
            _("Hanya admin instansi yang dapat mengubah pengaturan naskah."),
        )
    if (
        fields.get("signing_prefix") in ON_BEHALF_PREFIXES
        and not (fields.get("on_behalf_of") or "").strip()
    ):
        raise DomainError(
            ErrorCode.INVALID,
            _("Awalan a.n./u.b. memerlukan jabatan yang diwakili."),
            field="on_behalf_of",
        )
    Agency.objects.select_for_update().get(pk=agency.pk)  # one version at a time
    latest = (
        LetterSettings.objects.filter(agency=agency)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return LetterSettings.objects.create(
        agency=agency, version=(latest or 0) + 1, created_by=actor, **fields
    )
