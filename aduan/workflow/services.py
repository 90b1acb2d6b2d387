"""Steps of the life cycle after intake: each one a service over machine.transition."""

from dataclasses import dataclass
from datetime import date
from functools import partial

import nh3
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aduan.accounts.models import User
from aduan.accounts.roles import Role
from aduan.accounts.selectors import roles_of
from aduan.agencies.models import Unit
from aduan.audit.models import EventKind
from aduan.audit.services import record_event
from aduan.core import dates
from aduan.core.errors import DomainError, ErrorCode
from aduan.core.letter_html import LETTER_TAGS
from aduan.core.numbering import format_number
from aduan.documents.services import cancel_locked, issue_answer_after_signing
from aduan.intake.choices import Document, Outcome, RejectReason
from aduan.intake.locks import lock_complaint
from aduan.intake.models import Attachment, Complaint
from aduan.intake.uploads import inspect_uploads, store_blob
from aduan.notify.models import MessageKind
from aduan.notify.services import enqueue_message
from aduan.sla.deadlines import disposition_due, end_of_office_day, start_answer_clock
from aduan.workflow.locks import lock_draft, next_letter_seq
from aduan.workflow.machine import (
    PUBLIC,
    SYSTEM,
    Action,
    is_reported,
    missing_documents,
    transition,
)
from aduan.workflow.models import (
    Approval,
    Decision,
    Disposition,
    DispositionReply,
    Draft,
    DraftKind,
    DraftVersion,
    Satisfaction,
)
from aduan.workflow.status import Status


def _role(actor: User, complaint: Complaint) -> str:
    return ",".join(sorted(roles_of(actor, complaint.agency_id)))


@transaction.atomic(durable=True)
def verify_complaint(
    complaint: Complaint,
    *,
    actor: User,
    time_class: str = "",
    documents: list[str] = (),
) -> None:
    """Check the file against the profile's checklist and register it as verified;
    optionally pick its time class."""
    now = timezone.now()
    classes = [
        c["code"] for c in complaint.profile.config.get("time_classes", []) or []
    ]
    if time_class and time_class not in classes:
        raise DomainError(
            ErrorCode.INVALID, _("Kelas waktu tidak dikenal."), field="time_class"
        )
    complaint = lock_complaint(complaint.pk)
    fields = []
    arrived = sorted(set(complaint.documents_received) | set(documents))
    if arrived != complaint.documents_received:
        complaint.documents_received = arrived
        fields.append("documents_received")
    if time_class:
        complaint.time_class = time_class
        fields.append("time_class")
    if fields:
        complaint.save(update_fields=fields)
    if (
        "documents_received" in fields
        and complaint.answer_due_at is None
        and not (missing_documents(complaint))
    ):
        # The file became complete at the desk: seed 001's clock starts now.
        start_answer_clock(complaint, at=now, actor=actor, role=_role(actor, complaint))
    transition(
        complaint,
        Action.VERIFY,
        actor=actor,
        data={"time_class": time_class} if time_class else None,
    )


@transaction.atomic(durable=True)
def return_complaint(
    complaint: Complaint, *, actor: User, missing: list[str], note: str = ""
) -> None:
    """Send an incomplete file back to the complainant with what is missing."""
    labels = [str(Document(code).label) for code in missing]
    if not labels and not note.strip():
        raise DomainError(
            ErrorCode.REASON_REQUIRED,
            _("Sebutkan berkas yang kurang atau tulis catatan."),
            field="missing",
        )
    reason = "; ".join(filter(None, [", ".join(labels), note.strip()]))
    # What is returned as missing no longer counts as received (it must be confirmed
    # again when it comes back).
    complaint = lock_complaint(complaint.pk)
    kept = [code for code in complaint.documents_received if code not in missing]
    if kept != complaint.documents_received:
        complaint.documents_received = kept
        complaint.save(update_fields=["documents_received"])
    transition(
        complaint,
        Action.RETURN,
        actor=actor,
        reason=reason,
        data={"missing": missing, "public_note": reason},
    )
    enqueue_message(
        complaint,
        kind=MessageKind.DIKEMBALIKAN,
        at=timezone.now(),
        extra={"kekurangan": reason},
    )


@transaction.atomic(durable=True)
def complete_complaint(
    complaint: Complaint, *, actor: User | None, documents: list[str] = ()
) -> None:
    """The returned file is complete again: back to the officer, the clock restarts."""
    complaint = lock_complaint(complaint.pk)
    if documents:
        complaint.documents_received = sorted(
            set(complaint.documents_received) | set(documents)
        )
        complaint.save(update_fields=["documents_received"])
    transition(
        complaint,
        Action.COMPLETE,
        actor=actor,
        as_role=PUBLIC if actor is None else None,
        data={"documents": list(documents)},
    )


@transaction.atomic(durable=True)
def answer_directly(complaint: Complaint, *, actor: User, answer: str) -> None:
    """Information or consultation answered at once by the officer (seed 000 step 6)."""
    transition(
        complaint,
        Action.ANSWER_DIRECT,
        actor=actor,
        reason=answer,
        data={"public_note": answer.strip()},
    )
    complaint = lock_complaint(complaint.pk)
    complaint.outcome = Outcome.INFORMASI
    complaint.save(update_fields=["outcome"])
    transition(complaint, Action.CLOSE_DIRECT, actor=actor)
    enqueue_message(
        complaint,
        kind=MessageKind.SELESAI,
        at=timezone.now(),
        extra={"alasan": answer.strip()},
    )


@transaction.atomic(durable=True)
def reject_complaint(
    complaint: Complaint,
    *,
    actor: User,
    reason: str,
    note: str = "",
    duplicate_of: Complaint | None = None,
) -> None:
    """Refuse a complaint with a reason: out of scope, too late, or a duplicate."""
    if reason not in RejectReason.values:
        raise DomainError(
            ErrorCode.INVALID, _("Pilih alasan penolakan."), field="reason"
        )
    if reason == RejectReason.DUPLICATE and (
        duplicate_of is None
        or duplicate_of.agency_id != complaint.agency_id
        or duplicate_of.pk == complaint.pk
    ):
        raise DomainError(
            ErrorCode.INVALID,
            _("Sebutkan nomor register pengaduan aslinya."),
            field="duplicate_of",
        )
    text = f"{RejectReason(reason).label}. {note.strip()}".strip()
    complaint = lock_complaint(complaint.pk)
    complaint.outcome = Outcome.DUPLIKAT if duplicate_of else Outcome.DITOLAK
    complaint.duplicate_of = duplicate_of
    complaint.save(update_fields=["outcome", "duplicate_of"])
    transition(
        complaint,
        Action.REJECT,
        actor=actor,
        reason=text,
        data={
            "reject_reason": reason,
            "public_note": text,
            "duplicate_of": duplicate_of.register_number if duplicate_of else None,
        },
    )


@transaction.atomic(durable=True)
def forward_complaint(
    complaint: Complaint, *, actor: User, to: str, note: str = ""
) -> None:
    """Not this agency's authority: forward it (another agency, SP4N-LAPOR!)."""
    if not to.strip():
        raise DomainError(
            ErrorCode.REASON_REQUIRED, _("Tujuan penerusan wajib diisi."), field="to"
        )
    complaint = lock_complaint(complaint.pk)
    complaint.forwarded_to = to.strip()
    complaint.outcome = Outcome.BUKAN_KEWENANGAN
    complaint.save(update_fields=["forwarded_to", "outcome"])
    text = _("Diteruskan kepada %(to)s. %(note)s") % {"to": to.strip(), "note": note}
    transition(
        complaint,
        Action.FORWARD,
        actor=actor,
        reason=text.strip(),
        data={"public_note": text.strip()},
    )


@dataclass(frozen=True)
class DispositionInput:
    units: tuple[Unit, ...]
    instruction: str
    note: str = ""
    due_date: date | None = None
    working_days: int = 3


@transaction.atomic(durable=True)
def dispose_complaint(
    complaint: Complaint, *, actor: User, data: DispositionInput
) -> list[Disposition]:
    """Route the complaint to one or more units, each with a due date."""
    now = timezone.now()
    if not data.units:
        raise DomainError(
            ErrorCode.INVALID, _("Pilih minimal satu unit."), field="units"
        )
    if any(unit.agency_id != complaint.agency_id for unit in data.units):
        raise DomainError(ErrorCode.INVALID, _("Unit tidak dikenal."), field="units")
    today = dates.local(now, complaint.agency.timezone).date()
    if data.due_date and data.due_date < today:
        raise DomainError(
            ErrorCode.INVALID, _("Batas waktu tidak boleh lampau."), field="due_date"
        )
    # A unit's due date years away is a typing slip (and 9999-12-31 would overflow
    # the working-day calendar).
    if data.due_date and data.due_date > dates.a_year_after(today):
        raise DomainError(
            ErrorCode.INVALID,
            _("Batas waktu paling lambat satu tahun dari hari ini."),
            field="due_date",
        )
    due = (
        end_of_office_day(complaint.agency, data.due_date)
        if data.due_date
        else disposition_due(complaint.agency, now, working_days=data.working_days)
    )
    transition(
        complaint,
        Action.DISPOSE,
        actor=actor,
        at=now,
        data={"units": [u.code for u in data.units]},
    )
    # Checked under the complaint's lock (transition took it): a double click, or
    # two analysts at once, must not route the same work to a unit twice.
    waiting = sorted(
        Disposition.objects.filter(
            complaint=complaint,
            cycle=complaint.cycle,
            unit__in=data.units,
            replied_at__isnull=True,
        ).values_list("unit__name", flat=True)
    )
    if waiting:
        raise DomainError(
            ErrorCode.NOT_ALLOWED,
            _("Disposisi kepada %(units)s belum ditanggapi.")
            % {"units": ", ".join(waiting)},
            field="units",
        )
    rows = Disposition.objects.bulk_create(
        Disposition(
            complaint=complaint,
            unit=unit,
            cycle=complaint.cycle,
            instruction=data.instruction,
            note=data.note.strip(),
            due_at=due,
            given_by=actor,
            given_at=now,
        )
        for unit in data.units
    )
    record_event(
        complaint,
        EventKind.DISPOSED,
        at=now,
        actor=actor,
        role=_role(actor, complaint),
        data={
            "units": [u.name for u in data.units],
            "instruction": data.instruction,
            "due_at": due.isoformat(),
            "note": data.note.strip(),
        },
    )
    return rows


@transaction.atomic(durable=True)
def reply_to_disposition(
    disposition: Disposition, *, actor: User, text: str, files: list[UploadedFile] = ()
) -> DispositionReply:
    """The unit sends back material or the action it took, with attachments."""
    now = timezone.now()
    complaint = disposition.complaint
    held = roles_of(actor, complaint.agency_id)
    in_unit = actor.memberships.filter(
        agency_id=complaint.agency_id, unit_id=disposition.unit_id
    ).exists()
    if not (in_unit or held & {Role.ANALIS, Role.PETUGAS}) or is_reported(
        complaint, actor
    ):
        raise DomainError(
            ErrorCode.FORBIDDEN, _("Disposisi ini bukan untuk unit Anda.")
        )
    if not text.strip():
        raise DomainError(
            ErrorCode.REASON_REQUIRED, _("Tulis tanggapan atau bahan."), field="text"
        )
    inspected = inspect_uploads(list(files))
    paths = [store_blob(item) for item in inspected]
    complaint = lock_complaint(complaint.pk)
    reply = DispositionReply.objects.create(
        disposition=disposition, author=actor, text=text.strip(), created_at=now
    )
    Attachment.objects.bulk_create(
        Attachment(
            complaint=complaint,
            reply=reply,
            sha256=i.sha256,
            file=p,
            original_name=i.safe_name,
            content_type=i.content_type,
            size=i.size,
            uploaded_by=actor,
        )
        for i, p in zip(inspected, paths, strict=True)
    )
    met = now <= disposition.due_at
    if disposition.replied_at is None:
        Disposition.objects.filter(pk=disposition.pk).update(replied_at=now)
    record_event(
        complaint,
        EventKind.UNIT_REPLIED,
        at=now,
        actor=actor,
        role=_role(actor, complaint),
        data={
            "unit": disposition.unit.name,
            "reply_id": reply.pk,
            "due_at": disposition.due_at.isoformat(),
            "met": met,
        },
    )
    if complaint.status == Status.DIDISPOSISIKAN:
        transition(complaint, Action.PROCESS, actor=actor, at=now)
    return reply


@transaction.atomic(durable=True)
def start_processing(complaint: Complaint, *, actor: User) -> None:
    """The analyst takes the complaint up (analysis, material, action)."""
    transition(complaint, Action.PROCESS, actor=actor)


@transaction.atomic(durable=True)
def save_draft(
    complaint: Complaint,
    *,
    actor: User,
    body: str,
    outcome: str,
    kind: str = DraftKind.SURAT_JAWABAN,
) -> DraftVersion:
    """Save a new version of the answer for the current cycle (never overwrites)."""
    now = timezone.now()
    complaint = lock_complaint(complaint.pk)
    if not roles_of(actor, complaint.agency_id) & {Role.ANALIS, Role.PETUGAS}:
        raise DomainError(
            ErrorCode.FORBIDDEN, _("Anda tidak berwenang menyusun konsep.")
        )
    if complaint.status != Status.DIPROSES:
        raise DomainError(
            ErrorCode.NOT_ALLOWED,
            _("Konsep hanya dapat disusun saat pengaduan diproses."),
        )
    clean = nh3.clean(body, tags=set(LETTER_TAGS), attributes={}).strip()
    if not nh3.clean(clean, tags=set()).strip():
        raise DomainError(ErrorCode.INVALID, _("Isi konsep jawaban."), field="body")
    if outcome not in Outcome.values:
        raise DomainError(
            ErrorCode.INVALID, _("Pilih hasil penanganan."), field="outcome"
        )
    draft, _created = Draft.objects.get_or_create(
        complaint=complaint,
        cycle=complaint.cycle,
        defaults={"kind": kind, "created_at": now, "outcome": outcome},
    )
    draft = lock_draft(draft.pk)
    number = draft.versions.count() + 1
    version = DraftVersion.objects.create(
        draft=draft, number=number, body=clean, author=actor, created_at=now
    )
    # A new text needs all initials again (paraf is for a version, not a draft).
    draft.step, draft.outcome, draft.kind = 0, outcome, kind
    draft.save(update_fields=["step", "outcome", "kind"])
    record_event(
        complaint,
        EventKind.DRAFT_SAVED,
        at=now,
        actor=actor,
        role=_role(actor, complaint),
        data={"draft_id": draft.pk, "version": number, "outcome": outcome},
    )
    return version


@transaction.atomic(durable=True)
def submit_draft(complaint: Complaint, *, actor: User) -> None:
    """Send the latest version into the approval chain."""
    transition(complaint, Action.SUBMIT, actor=actor)


def next_initial_is_mine(complaint: Complaint, actor: User) -> bool:
    """True when the draft waits for this pemaraf's initials (order and position)."""
    draft = complaint.drafts.filter(cycle=complaint.cycle).first()
    initials = complaint.profile.config.get("approval_chain", {}).get("initials", [])
    if draft is None or draft.step >= len(initials):
        return False
    position = initials[draft.step].get("position", "")
    mine = actor.memberships.filter(agency_id=complaint.agency_id, role=Role.PEMARAF)
    if position:
        mine = mine.filter(position=position)
    latest = draft.versions.order_by("-number").values_list("number", flat=True).first()
    done = draft.approvals.filter(
        version=latest, actor=actor, decision=Decision.PARAF
    ).exists()
    return mine.exists() and not done


def _current_draft(complaint: Complaint) -> Draft:
    draft = complaint.drafts.filter(cycle=complaint.cycle).first()
    if draft is None:
        raise DomainError(ErrorCode.NOT_ALLOWED, _("Belum ada konsep jawaban."))
    return lock_draft(draft.pk)


@transaction.atomic(durable=True)
def initial_draft(complaint: Complaint, *, actor: User, comment: str = "") -> Approval:
    """Initial (paraf) the draft at the next step of the profile's chain."""
    now = timezone.now()
    complaint = lock_complaint(complaint.pk)
    if complaint.status != Status.MENUNGGU_PERSETUJUAN:
        raise DomainError(
            ErrorCode.NOT_ALLOWED, _("Konsep tidak sedang menunggu paraf.")
        )
    if Role.PEMARAF not in roles_of(actor, complaint.agency_id) or is_reported(
        complaint, actor
    ):
        raise DomainError(ErrorCode.FORBIDDEN, _("Anda bukan pemaraf konsep ini."))
    draft = _current_draft(complaint)
    initials = complaint.profile.config.get("approval_chain", {}).get("initials", [])
    if draft.step >= len(initials):
        raise DomainError(ErrorCode.NOT_ALLOWED, _("Semua paraf sudah lengkap."))
    position = initials[draft.step].get("position", "")
    if (
        position
        and not actor.memberships.filter(
            agency_id=complaint.agency_id, role=Role.PEMARAF, position=position
        ).exists()
    ):
        raise DomainError(
            ErrorCode.FORBIDDEN,
            _("Paraf berikutnya oleh %(title)s.")
            % {"title": initials[draft.step]["title"]},
        )
    version = draft.versions.order_by("-number").first().number
    if draft.approvals.filter(
        version=version, actor=actor, decision=Decision.PARAF
    ).exists():
        raise DomainError(
            ErrorCode.NOT_ALLOWED,
            _("Anda sudah memaraf versi ini; paraf berikutnya oleh pejabat lain."),
        )
    title = initials[draft.step]["title"]
    approval = Approval.objects.create(
        draft=draft,
        version=version,
        step=draft.step,
        title=title,
        decision=Decision.PARAF,
        comment=comment.strip(),
        actor=actor,
        at=now,
    )
    draft.step += 1
    draft.save(update_fields=["step"])
    record_event(
        complaint,
        EventKind.INITIALLED,
        at=now,
        actor=actor,
        role=Role.PEMARAF,
        data={
            "draft_id": draft.pk,
            "version": version,
            "step": approval.step,
            "title": title,
        },
    )
    return approval


@transaction.atomic(durable=True)
def send_back_draft(complaint: Complaint, *, actor: User, comment: str) -> None:
    """A reviewer or the signer returns the draft to the analyst with a comment."""
    now = timezone.now()
    transition(complaint, Action.SEND_BACK, actor=actor, reason=comment, at=now)
    draft = _current_draft(complaint)
    _return_to_analyst(complaint, draft, actor=actor, comment=comment, at=now)
    draft.save(update_fields=["step"])


def _return_to_analyst(
    complaint: Complaint, draft: Draft, *, actor: User, comment: str, at
) -> None:
    """Record a "sent back" on the latest version, by whoever holds the draft's step
    (a pemaraf, or the signer once all initials are in), and start the initials
    over: the analyst must save a corrected version first (machine._guard_submit).
    The caller saves the draft."""
    version = draft.versions.order_by("-number").first().number
    chain = complaint.profile.config.get("approval_chain", {})
    initials = chain.get("initials", [])
    title = (
        initials[draft.step]["title"]
        if draft.step < len(initials)
        else chain.get("signer", {}).get("title", "")
    )
    Approval.objects.create(
        draft=draft,
        version=version,
        step=draft.step,
        title=title,
        decision=Decision.KEMBALIKAN,
        comment=comment.strip(),
        actor=actor,
        at=at,
    )
    draft.step = 0


@transaction.atomic(durable=True)
def sign_draft(complaint: Complaint, *, actor: User) -> Draft:
    """Sign the answer: it gets its letter number now (seed 001: numbered after
    signature) and the complaint is answered."""
    now = timezone.now()
    transition(complaint, Action.SIGN, actor=actor, at=now)
    complaint = lock_complaint(complaint.pk)
    draft = _current_draft(complaint)
    version = draft.versions.order_by("-number").first().number
    chain = complaint.profile.config.get("approval_chain", {})
    local = dates.local(now, complaint.agency.timezone)
    series = "bapp" if draft.kind == DraftKind.BAPP else "letter"
    pattern = (
        complaint.profile.config["numbering"].get(series)
        or complaint.profile.config["numbering"]["register"]
    )
    seq = next_letter_seq(complaint.agency_id, local.year, series)
    draft.letter_seq = seq
    draft.letter_number = format_number(
        pattern, seq=seq, on=local.date(), agency_code=complaint.agency.code
    )
    draft.signed_at, draft.signed_by = now, actor
    draft.save(update_fields=["letter_seq", "letter_number", "signed_at", "signed_by"])
    Approval.objects.create(
        draft=draft,
        version=version,
        step=draft.step,
        title=chain.get("signer", {}).get("title", ""),
        decision=Decision.TANDA_TANGAN,
        actor=actor,
        at=now,
    )
    complaint.outcome = draft.outcome
    complaint.save(update_fields=["outcome"])
    record_event(
        complaint,
        EventKind.SIGNED,
        at=now,
        actor=actor,
        role=Role.PENANDATANGAN,
        is_public=True,
        data={
            "draft_id": draft.pk,
            "version": version,
            "letter_number": draft.letter_number,
        },
    )
    # The PDF is rendered after commit, in its own short transaction, so the letter
    # counter's lock is not held while WeasyPrint lays it out; issuing is idempotent
    # and can be retried from the complaint page if rendering fails.
    transaction.on_commit(partial(issue_answer_after_signing, draft.pk), robust=True)
    asks = complaint.profile.config.get("satisfaction", {}).get("ask", True)
    enqueue_message(
        complaint,
        kind=MessageKind.DIJAWAB if asks else MessageKind.DIJAWAB_TANPA_SURVEI,
        at=now,
    )
    return draft


@transaction.atomic(durable=True)
def withdraw_answer(complaint: Complaint, *, actor: User, reason: str) -> Draft:
    """The signer withdraws a signed answer the complainant has not closed: its
    letter is cancelled and keeps its number, the draft goes back to the analyst
    as if sent back, and the corrected answer is initialled and signed again under
    a new number (a number is never reused). The answer clock resumes."""
    now = timezone.now()
    complaint = lock_complaint(complaint.pk)
    signed = complaint.drafts.filter(cycle=complaint.cycle).first()
    # The void number is on the status event itself, whether or not its PDF was
    # ever issued (and so cancelled below).
    transition(
        complaint,
        Action.WITHDRAW,
        actor=actor,
        reason=reason,
        at=now,
        data={
            "draft_id": signed.pk if signed else None,
            "letter_number": signed.letter_number if signed else "",
            "public_note": _(
                "Surat jawaban ditarik untuk diperbaiki; jawaban yang benar akan "
                "dikirim kembali."
            ),
        },
    )
    draft = _current_draft(complaint)
    withdrawn = draft.letter_number
    _return_to_analyst(complaint, draft, actor=actor, comment=reason, at=now)
    draft.signed_at, draft.signed_by = None, None
    draft.letter_seq, draft.letter_number = None, ""
    draft.save(
        update_fields=["step", "signed_at", "signed_by", "letter_seq", "letter_number"]
    )
    for document in draft.documents.filter(number=withdrawn, cancelled_at__isnull=True):
        cancel_locked(complaint, document, actor=actor, reason=reason, at=now)
    # The complainant was told the answer was signed (and asked whether satisfied):
    # tell them it no longer stands. The internal reason stays inside.
    enqueue_message(
        complaint,
        kind=MessageKind.JAWABAN_DITARIK,
        at=now,
        extra={"nomor_surat": withdrawn},
    )
    return draft


@transaction.atomic(durable=True)
def record_satisfaction(
    complaint: Complaint,
    *,
    satisfied: bool,
    reason: str = "",
    actor: User | None = None,
) -> None:
    """The complainant's answer: satisfied closes; not satisfied reopens (seed 003)
    where the profile says so, else it is recorded and the complaint closes."""
    now = timezone.now()
    complaint = lock_complaint(complaint.pk)
    if complaint.status != Status.DIJAWAB:
        raise DomainError(
            ErrorCode.NOT_ALLOWED,
            _("Tanggapan kepuasan hanya untuk pengaduan yang sudah dijawab."),
        )
    if actor is None and not complaint.profile.config.get("satisfaction", {}).get(
        "ask", True
    ):
        raise DomainError(
            ErrorCode.NOT_ALLOWED, _("Instansi ini tidak meminta tanggapan kepuasan.")
        )
    if not satisfied and not reason.strip():
        raise DomainError(
            ErrorCode.REASON_REQUIRED,
            _("Sampaikan alasan Anda belum puas."),
            field="reason",
        )
    reopen = not satisfied and complaint.profile.config.get("satisfaction", {}).get(
        "reopen_on_not_satisfied", False
    )
    as_role = PUBLIC if actor is None else None
    Satisfaction.objects.create(
        complaint=complaint,
        cycle=complaint.cycle,
        satisfied=satisfied,
        reason=reason.strip(),
        at=now,
    )
    record_event(
        complaint,
        EventKind.SATISFACTION,
        at=now,
        actor=actor,
        role=as_role or "",
        is_public=True,
        data={"satisfied": satisfied, "cycle": complaint.cycle},
    )
    if reopen:
        transition(
            complaint,
            Action.REOPEN,
            actor=actor,
            as_role=as_role,
            reason=reason,
            at=now,
        )
        notice = MessageKind.DIBUKA_KEMBALI
    else:
        transition(
            complaint, Action.CLOSE, actor=actor, as_role=as_role, at=now, reason=reason
        )
        notice = MessageKind.SELESAI
    enqueue_message(complaint, kind=notice, at=now, extra={"alasan": reason.strip()})


def close_unanswered(*, now=None) -> int:
    """Close answered complaints whose complainant did not reply in the profile's
    working days; each in its own transaction, safe to run again."""
    from aduan.sla.deadlines import calendar_for

    now = now or timezone.now()
    closed = 0
    waiting = Complaint.objects.filter(status=Status.DIJAWAB).select_related(
        "agency", "profile"
    )
    for complaint in waiting.iterator():
        days = complaint.profile.config.get("satisfaction", {}).get(
            "auto_close_working_days"
        )
        signed = (
            complaint.drafts.filter(cycle=complaint.cycle)
            .values_list("signed_at", flat=True)
            .first()
        )
        if not days or signed is None:
            continue
        if now < calendar_for(complaint.agency).working_deadline(signed, days):
            continue
        # The try is outside the transaction: a refused close (the complainant
        # answered meanwhile) must roll back the "no reply" record with it.
        try:
            with transaction.atomic():
                Satisfaction.objects.create(
                    complaint=complaint, cycle=complaint.cycle, satisfied=None, at=now
                )
                transition(
                    complaint,
                    Action.CLOSE,
                    actor=None,
                    as_role=SYSTEM,
                    at=now,
                    reason=ngettext(
                        "Tidak ada tanggapan pelapor dalam %(n)s hari kerja.",
                        "Tidak ada tanggapan pelapor dalam %(n)s hari kerja.",
                        days,
                    )
                    % {"n": days},
                )
                enqueue_message(complaint, kind=MessageKind.SELESAI, at=now)
        except (DomainError, IntegrityError):
            continue
        closed += 1
    return closed


@transaction.atomic(durable=True)
def extend_answer_deadline(complaint: Complaint, *, actor: User, reason: str) -> None:
    """Extend the answer limit once per cycle by the profile's extendable_by working
    days; the profile names who approves (e.g. "10 working days, extendable by 7")."""
    from aduan.sla.deadlines import answer_limit, calendar_for

    now = timezone.now()
    complaint = lock_complaint(complaint.pk)
    limit = answer_limit(complaint) or {}
    days, approver = limit.get("extendable_by"), limit.get("extension_approver")
    if not days or complaint.answer_due_at is None:
        raise DomainError(
            ErrorCode.NOT_ALLOWED, _("Batas waktu ini tidak dapat diperpanjang.")
        )
    if approver not in roles_of(actor, complaint.agency_id) or is_reported(
        complaint, actor
    ):
        raise DomainError(
            ErrorCode.FORBIDDEN,
            _("Perpanjangan hanya dapat disetujui oleh %(role)s.")
            % {"role": Role(approver).label},
        )
    if not reason.strip():
        raise DomainError(
            ErrorCode.REASON_REQUIRED, _("Alasan wajib diisi."), field="reason"
        )
    if complaint.events.filter(
        kind=EventKind.DEADLINE_EXTENDED, data__cycle=complaint.cycle
    ).exists():
        raise DomainError(
            ErrorCode.NOT_ALLOWED,
            _("Batas waktu siklus ini sudah pernah diperpanjang."),
        )
    previous = complaint.answer_due_at
    complaint.answer_due_at = calendar_for(complaint.agency).working_deadline(
        previous, days
    )
    complaint.save(update_fields=["answer_due_at"])
    record_event(
        complaint,
        EventKind.DEADLINE_EXTENDED,
        at=now,
        actor=actor,
        role=approver,
        is_public=True,
        data={
            "cycle": complaint.cycle,
            "from": previous.isoformat(),
            "due_at": complaint.answer_due_at.isoformat(),
            "days": days,
            "reason": reason.strip(),
            "public_note": reason.strip(),
        },
    )


def can_extend(complaint: Complaint, actor: User) -> bool:
    """Whether the extension step should be offered to this user now."""
    from aduan.sla.deadlines import answer_limit

    limit = answer_limit(complaint) or {}
    return bool(
        limit.get("extendable_by")
        and complaint.answer_due_at
        and limit.get("extension_approver") in roles_of(actor, complaint.agency_id)
        and not complaint.events.filter(
            kind=EventKind.DEADLINE_EXTENDED, data__cycle=complaint.cycle
        ).exists()
    )
