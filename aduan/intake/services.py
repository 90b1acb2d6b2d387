"""Writes of intake: registering a complaint and completing it afterwards (seed 002)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.accounts.roles import INTAKE_ROLES
from aduan.accounts.selectors import has_role
from aduan.agencies.models import Agency, SopProfile
from aduan.agencies.selectors import active_profile
from aduan.audit.models import EventKind
from aduan.audit.services import record_event
from aduan.core import dates
from aduan.core.codes import new_tracking_code
from aduan.core.errors import DomainError, ErrorCode
from aduan.core.numbering import format_number
from aduan.intake.locks import lock_complaint, next_register_seq
from aduan.intake.models import Attachment, Complaint, ReportedEmployee, Reporter
from aduan.intake.uploads import InspectedUpload, inspect_uploads, store_blob
from aduan.notify.models import MessageKind
from aduan.notify.services import enqueue_message
from aduan.sla.deadlines import answer_due, move_step_clocks
from aduan.workflow.status import Status

# The complaint's free-text fields: plain text wherever they come in (desk, web,
# API, corrections), never markup.
TEXT_FIELDS = (
    "subject",
    "what",
    "who",
    "when",
    "where",
    "how",
    "service_name",
    "expected_outcome",
    "location",
)
# Fields an officer may complete or correct after saving (seed 002 step 5).
CORRECTABLE_FIELDS = (
    "subject",
    "what",
    "who",
    "when",
    "incident_date",
    "where",
    "how",
    "service_name",
    "service_date",
    "expected_outcome",
    "location",
    "category",
)


@dataclass(frozen=True)
class ReporterInput:
    name: str = ""
    nik: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    organisation: str = ""
    is_anonymous: bool = False
    is_confidential: bool = False


@dataclass(frozen=True)
class EmployeeInput:
    name: str
    nip: str = ""
    unit_name: str = ""


@dataclass(frozen=True)
class ComplaintInput:
    """Everything a complaint is registered with; forms and the API both build it."""

    kind: str
    channel: str
    what: str
    subject: str = ""
    who: str = ""
    when: str = ""
    incident_date: date | None = None
    where: str = ""
    how: str = ""
    service_name: str = ""
    service_date: date | None = None
    expected_outcome: str = ""
    location: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    category: str = ""
    is_secret: bool = False
    wants_updates: bool = False
    language: str = "id"
    documents_received: tuple[str, ...] = ()
    source: str = "langsung"
    submission_key: str = ""
    referral_number: str = ""
    referral_date: date | None = None
    compensation_amount: Decimal | None = None
    compensation_basis: str = ""
    reporter: ReporterInput | None = None
    employees: tuple[EmployeeInput, ...] = ()
    attachments: tuple[UploadedFile, ...] = field(default=(), repr=False)


class AlreadyRegistered(DomainError):
    """The same form page was sent again: `complaint` is the one it registered."""

    def __init__(self, complaint: Complaint):
        super().__init__(ErrorCode.NOT_ALLOWED, _("Pengaduan ini sudah terkirim."))
        self.complaint = complaint


# A double send comes within moments; the receipt it is sent to shows the name.
DOUBLE_SEND_WINDOW = timedelta(minutes=30)


def _same_send(
    earlier: Complaint, complaint: Complaint, reporter: Reporter | None, now
) -> bool:
    """The same page sent again, not the page reused (Back) by someone else or for
    another complaint: same text, same reporter, and only moments apart."""

    def identity(person: Reporter | None) -> tuple:
        if person is None:
            return ()
        return (person.name, person.nik, person.phone, person.email)

    return (
        earlier.what == complaint.what
        and identity(earlier.reporter) == identity(reporter)
        and now - earlier.received_at <= DOUBLE_SEND_WINDOW
    )


def _check_against_profile(data: ComplaintInput, profile: SopProfile) -> None:
    if data.channel not in profile.channels:
        raise DomainError(
            ErrorCode.INVALID,
            _("Saluran ini tidak dilayani oleh instansi."),
            field="channel",
        )
    if data.kind not in profile.kinds:
        raise DomainError(
            ErrorCode.INVALID,
            _("Jenis laporan ini tidak dilayani oleh instansi."),
            field="kind",
        )
    required = set(profile.config.get("required_fields", []))
    reporter = data.reporter
    if "identity" in required and (
        reporter is None or reporter.is_anonymous or not reporter.name.strip()
    ):
        raise DomainError(
            ErrorCode.INVALID,
            _("Identitas pelapor wajib diisi menurut SOP instansi ini."),
            field="name",
        )
    for name in ("who", "when", "where", "how"):
        if name in required and not getattr(data, name).strip():
            raise DomainError(
                ErrorCode.INVALID, _("Bagian ini wajib diisi (unsur 5W1H)."), field=name
            )
    if "service_date" in required and data.service_date is None:
        raise DomainError(
            ErrorCode.INVALID,
            _("Tanggal menerima layanan wajib diisi."),
            field="service_date",
        )


def _subject_from(data: ComplaintInput) -> str:
    if data.subject.strip():
        return data.subject.strip()[:200]
    first_line = data.what.strip().splitlines()[0] if data.what.strip() else ""
    return (first_line[:97] + "...") if len(first_line) > 100 else first_line


@transaction.atomic(durable=True)
def register_complaint(
    *,
    agency: Agency,
    data: ComplaintInput,
    actor: User | None,
    role: str = "",
    link: Callable[[Complaint], object] | None = None,
) -> Complaint:
    """Save a complaint and give it a register number and a tracking code at once.

    `link` runs inside the same transaction once the complaint exists, to tie it to
    the visit or call it came from; if it raises, nothing is registered (so a double
    click registers once)."""
    now = timezone.now()
    if actor is not None and not has_role(actor, agency.pk, INTAKE_ROLES):
        raise DomainError(ErrorCode.FORBIDDEN, _("Anda tidak berwenang mendaftarkan."))
    profile = active_profile(agency)
    _check_against_profile(data, profile)
    inspected = inspect_uploads(list(data.attachments))
    paths = [store_blob(item) for item in inspected]

    reporter = None
    if data.reporter is not None:
        r = data.reporter
        reporter = Reporter.objects.create(
            name=r.name.strip(),
            nik=r.nik,
            phone=r.phone,
            email=r.email,
            address=r.address.strip(),
            organisation=r.organisation.strip(),
            is_anonymous=r.is_anonymous,
            is_confidential=r.is_confidential,
        )
    local_now = dates.local(now, agency.timezone)
    complaint = Complaint(
        agency=agency,
        profile=profile,
        reporter=reporter,
        kind=data.kind,
        channel=data.channel,
        subject=_subject_from(data),
        what=data.what.strip(),
        who=data.who.strip(),
        when=data.when.strip(),
        incident_date=data.incident_date,
        where=data.where.strip(),
        how=data.how.strip(),
        service_name=data.service_name.strip(),
        service_date=data.service_date,
        expected_outcome=data.expected_outcome.strip(),
        location=data.location.strip(),
        latitude=data.latitude,
        longitude=data.longitude,
        category=data.category,
        is_secret=data.is_secret,
        wants_updates=data.wants_updates,
        language=data.language,
        documents_received=sorted(set(data.documents_received)),
        source=data.source,
        referral_number=data.referral_number.strip(),
        referral_date=data.referral_date,
        compensation_amount=data.compensation_amount,
        compensation_basis=data.compensation_basis.strip(),
        tracking_code=new_tracking_code(),
        received_at=now,
        registered_by=actor,
        register_year=local_now.year,
    )
    # A complete file starts the answer clock at once (seed 001); an incomplete one
    # waits until it is completed.
    if set(profile.required_documents(data.channel)) <= set(
        complaint.documents_received
    ):
        complaint.answer_started_at = now
        complaint.answer_due_at = answer_due(complaint, now)
    # The register counter serialises every intake in the agency: take it last, just
    # before the number is written, so the lock is held for as short a time as possible.
    seq = next_register_seq(agency.pk, local_now.year)
    # Looked for under the counter's lock, which every registration of the agency
    # takes: the first of two identical sends has committed by now. Raising undoes
    # this one, counter included, so the register keeps no hole. A page reused for
    # another complaint (Back, then new text) is no double send: it registers
    # without the key.
    key = data.submission_key or None
    if key:
        earlier = (
            Complaint.objects.filter(agency=agency, submission_key=key)
            .select_related("reporter")
            .first()
        )
        if earlier is not None and _same_send(earlier, complaint, reporter, now):
            raise AlreadyRegistered(earlier)
        if earlier is not None:
            key = None
    complaint.submission_key = key
    complaint.register_seq = seq
    complaint.register_number = format_number(
        profile.register_pattern, seq=seq, on=local_now.date(), agency_code=agency.code
    )
    complaint.save(force_insert=True)
    record_event(
        complaint,
        EventKind.REGISTERED,
        at=now,
        actor=actor,
        role=role,
        first=True,
        is_public=True,
        data={
            "register_number": complaint.register_number,
            "channel": data.channel,
            "kind": data.kind,
            "answer_due_at": complaint.answer_due_at.isoformat()
            if complaint.answer_due_at
            else None,
        },
    )
    # Timed steps that start at registration (seed 002's 30 minutes, seed 004's 30).
    move_step_clocks(complaint, entered="registered", at=now, actor=actor, role=role)
    if data.employees:
        ReportedEmployee.objects.bulk_create(
            ReportedEmployee(
                complaint=complaint, name=e.name, nip=e.nip, unit_name=e.unit_name
            )
            for e in data.employees
        )
    if inspected:
        _create_attachments(complaint, inspected, paths, actor=actor)
    # seed 002 steps 7-9: the ticket goes out by e-mail/SMS when the complainant
    # follows the case; an outbox row now, delivered after commit.
    enqueue_message(complaint, kind=MessageKind.TIKET, at=now, reporter=reporter)
    if link is not None:
        link(complaint)
    return complaint


def _create_attachments(
    complaint: Complaint,
    inspected: list[InspectedUpload],
    paths: list[str],
    *,
    actor: User | None,
) -> list[Attachment]:
    return Attachment.objects.bulk_create(
        Attachment(
            complaint=complaint,
            sha256=item.sha256,
            file=path,
            original_name=item.safe_name,
            content_type=item.content_type,
            size=item.size,
            uploaded_by=actor,
            from_public=actor is None,
        )
        for item, path in zip(inspected, paths, strict=True)
    )


def _require_intake_role(complaint: Complaint, actor: User) -> None:
    if not has_role(actor, complaint.agency_id, INTAKE_ROLES):
        raise DomainError(ErrorCode.FORBIDDEN, _("Anda tidak berwenang mengubah data."))


@transaction.atomic(durable=True)
def correct_complaint(
    complaint: Complaint, *, actor: User, changes: dict[str, object], role: str = ""
) -> Complaint:
    """Complete or correct a saved complaint; the timeline keeps old and new values."""
    now = timezone.now()
    _require_intake_role(complaint, actor)
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise DomainError(ErrorCode.INVALID, _("Bagian ini tidak dapat diubah."))
    complaint = lock_complaint(complaint.pk)
    diff = {}
    for name, value in changes.items():
        old = getattr(complaint, name)
        if old != value:
            diff[name] = {"old": _jsonable(old), "new": _jsonable(value)}
            setattr(complaint, name, value)
    if not diff:
        return complaint
    if not complaint.subject.strip():
        raise DomainError(ErrorCode.INVALID, _("Perihal wajib diisi."), field="subject")
    complaint.save(update_fields=[*diff, "updated_at"])
    record_event(
        complaint,
        EventKind.DETAILS_UPDATED,
        at=now,
        actor=actor,
        role=role,
        data={"changes": diff},
    )
    return complaint


def _jsonable(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic(durable=True)
def add_reported_employee(
    complaint: Complaint, *, actor: User, employee: EmployeeInput, role: str = ""
) -> ReportedEmployee:
    """Record an employee named in the complaint (seed 002 step 5)."""
    now = timezone.now()
    _require_intake_role(complaint, actor)
    complaint = lock_complaint(complaint.pk)
    row = ReportedEmployee.objects.create(
        complaint=complaint,
        name=employee.name.strip(),
        nip=employee.nip,
        unit_name=employee.unit_name.strip(),
    )
    record_event(
        complaint,
        EventKind.EMPLOYEE_ADDED,
        at=now,
        actor=actor,
        role=role,
        data={"employee_id": row.pk},
    )
    return row


@transaction.atomic(durable=True)
def add_attachments(
    complaint: Complaint,
    *,
    actor: User | None,
    files: list[UploadedFile],
    role: str = "",
) -> list[Attachment]:
    """Attach scans, photos, audio, video or PDFs to a saved complaint."""
    now = timezone.now()
    if actor is not None:
        _require_intake_role(complaint, actor)
    inspected = inspect_uploads(files)
    if not inspected:
        raise DomainError(
            ErrorCode.INVALID, _("Pilih minimal satu berkas."), field="files"
        )
    paths = [store_blob(item) for item in inspected]
    complaint = lock_complaint(complaint.pk)
    rows = _create_attachments(complaint, inspected, paths, actor=actor)
    record_event(
        complaint,
        EventKind.ATTACHMENT_ADDED,
        at=now,
        actor=actor,
        role=role,
        is_public=actor is None,
        data={"attachments": [{"id": a.pk, "sha256": a.sha256} for a in rows]},
    )
    return rows


@transaction.atomic(durable=True)
def add_public_information(
    complaint: Complaint, *, text: str, files: list[UploadedFile]
) -> None:
    """The complainant adds information through the tracking page."""
    now = timezone.now()
    if complaint.status in {Status.SELESAI, Status.DITOLAK, Status.DITERUSKAN}:
        raise DomainError(
            ErrorCode.NOT_ALLOWED,
            _("Pengaduan ini sudah ditutup; sampaikan pengaduan baru."),
        )
    text = text.strip()
    inspected = inspect_uploads(files)
    if not text and not inspected:
        raise DomainError(
            ErrorCode.INVALID,
            _("Tulis informasi tambahan atau pilih berkas."),
            field="text",
        )
    paths = [store_blob(item) for item in inspected]
    complaint = lock_complaint(complaint.pk)
    rows = _create_attachments(complaint, inspected, paths, actor=None)
    record_event(
        complaint,
        EventKind.INFO_ADDED,
        at=now,
        actor=None,
        role="pelapor",
        is_public=True,
        data={"text": text, "attachments": [a.pk for a in rows]},
    )


@transaction.atomic(durable=True)
def tighten_confidentiality(
    complaint: Complaint, *, actor: User, is_secret: bool, is_confidential: bool
) -> Complaint:
    """Make a complaint or its reporter's identity more private, never less (issue B
    point 8: staff can only make the reporter's choice stricter)."""
    now = timezone.now()
    _require_intake_role(complaint, actor)
    complaint = lock_complaint(complaint.pk)
    reporter = complaint.reporter
    if (complaint.is_secret and not is_secret) or (
        reporter is not None and reporter.is_confidential and not is_confidential
    ):
        raise DomainError(
            ErrorCode.NOT_ALLOWED,
            _("Kerahasiaan hanya dapat diperketat, tidak dilonggarkan."),
        )
    changes = {}
    if is_secret and not complaint.is_secret:
        complaint.is_secret = True
        complaint.save(update_fields=["is_secret", "updated_at"])
        changes["is_secret"] = True
    if is_confidential and reporter is not None and not reporter.is_confidential:
        reporter.is_confidential = True
        reporter.save(update_fields=["is_confidential"])
        changes["is_confidential"] = True
    if changes:
        record_event(
            complaint,
            EventKind.FLAGS_CHANGED,
            at=now,
            actor=actor,
            role=role_label(actor, complaint),
            data=changes,
        )
    return complaint


def role_label(actor: User, complaint: Complaint) -> str:
    from aduan.accounts.selectors import roles_of

    return ",".join(sorted(roles_of(actor, complaint.agency_id)))
