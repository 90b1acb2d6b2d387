"""THE life cycle (DESIGN.md): the only code that assigns Complaint.status.

Every arrow of the life cycle is one Rule. transition() locks the complaint, checks
the state, the actor's role and the profile, moves the status, writes one event and
starts or stops the clocks, all in the caller's transaction.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from aduan.accounts.models import User
from aduan.accounts.roles import Role
from aduan.accounts.selectors import roles_of
from aduan.audit.models import ComplaintEvent, EventKind
from aduan.audit.services import record_event
from aduan.core.errors import DomainError, ErrorCode
from aduan.intake.locks import lock_complaint
from aduan.intake.models import Complaint, ReportedEmployee
from aduan.sla import deadlines
from aduan.workflow.status import Status

SYSTEM = "sistem"
PUBLIC = Role.PELAPOR.value


class Action(models.TextChoices):
    RETURN = "kembalikan", _l("Kembalikan (berkas belum lengkap)")
    COMPLETE = "lengkapi", _l("Berkas dilengkapi")
    ANSWER_DIRECT = "jawab_langsung", _l("Jawab langsung")
    CLOSE_DIRECT = "tutup_langsung", _l("Tutup setelah dijawab langsung")
    REJECT = "tolak", _l("Tolak")
    FORWARD = "teruskan", _l("Teruskan ke instansi lain")
    VERIFY = "verifikasi", _l("Verifikasi dan daftarkan")
    DISPOSE = "disposisi", _l("Disposisikan")
    PROCESS = "proses", _l("Proses")
    SUBMIT = "ajukan", _l("Ajukan konsep untuk persetujuan")
    SEND_BACK = "kembalikan_konsep", _l("Kembalikan konsep")
    SIGN = "tanda_tangan", _l("Tanda tangani")
    WITHDRAW = "tarik_jawaban", _l("Tarik jawaban (batalkan surat, perbaiki konsep)")
    CLOSE = "tutup", _l("Tutup (pelapor puas / tanpa jawaban)")
    REOPEN = "buka_kembali", _l("Buka kembali (pelapor belum puas)")


@dataclass(frozen=True)
class Rule:
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    needs_reason: bool = False


def _rule(sources, target, roles, needs_reason=False) -> Rule:
    return Rule(frozenset(sources), target, frozenset(roles), needs_reason)


S, R = Status, Role
RULES: Final[Mapping[str, Rule]] = {
    Action.RETURN: _rule(
        {S.DITERIMA, S.TERVERIFIKASI},
        S.DIKEMBALIKAN,
        {R.PETUGAS, R.RESEPSIONIS, R.ANALIS},
        needs_reason=True,
    ),
    Action.COMPLETE: _rule(
        {S.DIKEMBALIKAN}, S.DITERIMA, {R.PETUGAS, R.RESEPSIONIS, PUBLIC}
    ),
    Action.ANSWER_DIRECT: _rule(
        {S.DITERIMA}, S.DIJAWAB_LANGSUNG, {R.PETUGAS}, needs_reason=True
    ),
    Action.CLOSE_DIRECT: _rule({S.DIJAWAB_LANGSUNG}, S.SELESAI, {R.PETUGAS, SYSTEM}),
    Action.REJECT: _rule(
        {S.DITERIMA, S.DIKEMBALIKAN, S.TERVERIFIKASI},
        S.DITOLAK,
        {R.PETUGAS, R.ANALIS},
        needs_reason=True,
    ),
    Action.FORWARD: _rule(
        {S.DITERIMA, S.TERVERIFIKASI},
        S.DITERUSKAN,
        {R.PETUGAS, R.ANALIS},
        needs_reason=True,
    ),
    Action.VERIFY: _rule({S.DITERIMA}, S.TERVERIFIKASI, {R.PETUGAS, R.ANALIS}),
    Action.DISPOSE: _rule(
        {S.TERVERIFIKASI, S.DIDISPOSISIKAN, S.DIPROSES, S.DIBUKA_KEMBALI},
        S.DIDISPOSISIKAN,
        {R.PETUGAS, R.ANALIS, R.PEMARAF, R.PENANDATANGAN},
    ),
    Action.PROCESS: _rule(
        {S.TERVERIFIKASI, S.DIDISPOSISIKAN, S.DIBUKA_KEMBALI},
        S.DIPROSES,
        {R.ANALIS, R.PETUGAS, R.UNIT},
    ),
    Action.SUBMIT: _rule({S.DIPROSES}, S.MENUNGGU_PERSETUJUAN, {R.ANALIS, R.PETUGAS}),
    Action.SEND_BACK: _rule(
        {S.MENUNGGU_PERSETUJUAN},
        S.DIPROSES,
        {R.PEMARAF, R.PENANDATANGAN},
        needs_reason=True,
    ),
    Action.SIGN: _rule({S.MENUNGGU_PERSETUJUAN}, S.DIJAWAB, {R.PENANDATANGAN}),
    # A signed letter found wrong before the complainant closed it: the signer
    # withdraws it (it keeps its number) and the answer is redone in the same cycle.
    Action.WITHDRAW: _rule(
        {S.DIJAWAB}, S.DIPROSES, {R.PENANDATANGAN}, needs_reason=True
    ),
    Action.CLOSE: _rule(
        {S.DIJAWAB}, S.SELESAI, {PUBLIC, R.PETUGAS, R.RESEPSIONIS, SYSTEM}
    ),
    Action.REOPEN: _rule(
        {S.DIJAWAB},
        S.DIBUKA_KEMBALI,
        {PUBLIC, R.PETUGAS, R.RESEPSIONIS},
        needs_reason=True,
    ),
}
del S, R

# Statuses that end a complaint (the answer clock stops, closed_at is set).
FINAL = frozenset({Status.SELESAI, Status.DITOLAK, Status.DITERUSKAN})


def _guard_direct_answer(complaint: Complaint) -> str | None:
    if complaint.kind not in complaint.profile.config.get("direct_answer_kinds", []):
        return _("Jenis laporan ini tidak dapat dijawab langsung menurut SOP instansi.")
    return None


def _guard_verify(complaint: Complaint) -> str | None:
    missing = missing_documents(complaint)
    if missing:
        return _("Berkas belum lengkap (%(docs)s): kembalikan kepada pelapor.") % {
            "docs": ", ".join(missing)
        }
    return None


def _guard_submit(complaint: Complaint) -> str | None:
    from aduan.workflow.models import Decision

    draft = complaint.drafts.filter(cycle=complaint.cycle).first()
    latest = draft.latest_version() if draft else None
    if latest is None:
        return _("Belum ada konsep jawaban untuk diajukan.")
    if draft.approvals.filter(
        version=latest.number, decision=Decision.KEMBALIKAN
    ).exists():
        return _("Konsep ini dikembalikan: simpan konsep yang sudah diperbaiki dahulu.")
    return None


def _guard_sign(complaint: Complaint) -> str | None:
    draft = complaint.drafts.filter(cycle=complaint.cycle).first()
    initials = complaint.profile.config.get("approval_chain", {}).get("initials", [])
    if draft is None or draft.step < len(initials):
        return _("Konsep belum diparaf lengkap oleh: %(who)s.") % {
            "who": ", ".join(i["title"] for i in initials[draft.step if draft else 0 :])
        }
    return None


def _guard_reopen(complaint: Complaint) -> str | None:
    if not complaint.profile.config.get("satisfaction", {}).get(
        "reopen_on_not_satisfied", False
    ):
        return _("SOP instansi ini tidak membuka kembali pengaduan yang sudah dijawab.")
    return None


GUARDS: Final[Mapping[str, Callable[[Complaint], str | None]]] = {
    Action.ANSWER_DIRECT: _guard_direct_answer,
    Action.VERIFY: _guard_verify,
    Action.SUBMIT: _guard_submit,
    Action.SIGN: _guard_sign,
    Action.REOPEN: _guard_reopen,
}


def missing_documents(complaint: Complaint) -> list[str]:
    """Documents the profile requires for this channel that were not received."""
    from aduan.intake.choices import Document

    required = complaint.profile.required_documents(complaint.channel)
    received = set(complaint.documents_received)
    return [str(Document(code).label) for code in required if code not in received]


def acting_role(
    complaint: Complaint,
    actor: User | None,
    as_role: str | None,
    allowed: frozenset[str],
) -> str | None:
    """The role under which the actor may take a step, or None."""
    if actor is None:
        return as_role if as_role in allowed and as_role in {PUBLIC, SYSTEM} else None
    held = roles_of(actor, complaint.agency_id)
    for role in sorted(held & allowed):
        return role
    return None


def is_reported(complaint: Complaint, actor: User | None) -> bool:
    if actor is None:
        return False
    named = ReportedEmployee.objects.filter(complaint_id=complaint.pk)
    if actor.nip:
        return named.filter(models.Q(user=actor) | models.Q(nip=actor.nip)).exists()
    return named.filter(user=actor).exists()


def allowed_actions(complaint: Complaint, actor: User) -> list[str]:
    """The steps this user may take now: the complaint page shows only these."""
    if is_reported(complaint, actor):
        return []
    held = roles_of(actor, complaint.agency_id)
    # Verification is offered even with documents missing: its form records
    # what arrived, and the guard explains what is still lacking.
    return [
        action
        for action, rule in RULES.items()
        if complaint.status in rule.sources
        and held & rule.roles
        and (
            action not in GUARDS
            or action == Action.VERIFY
            or GUARDS[action](complaint) is None
        )
    ]


@transaction.atomic
def transition(
    complaint: Complaint,
    action: str,
    *,
    actor: User | None,
    as_role: str | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> ComplaintEvent:
    """Move a complaint one step; the only writer of Complaint.status."""
    now = at or timezone.now()
    rule = RULES[action]
    complaint = lock_complaint(complaint.pk)
    if complaint.status not in rule.sources:
        raise DomainError(
            ErrorCode.NOT_ALLOWED,
            _(
                "Langkah “%(action)s” tidak berlaku untuk pengaduan berstatus %(status)s."
            )
            % {
                "action": Action(action).label,
                "status": complaint.get_status_display(),
            },
        )
    role = acting_role(complaint, actor, as_role, rule.roles)
    if role is None or is_reported(complaint, actor):
        raise DomainError(
            ErrorCode.FORBIDDEN, _("Anda tidak berwenang melakukan langkah ini.")
        )
    if rule.needs_reason and not reason.strip():
        raise DomainError(
            ErrorCode.REASON_REQUIRED, _("Alasan wajib diisi."), field="reason"
        )
    guard = GUARDS.get(action)
    problem = guard(complaint) if guard else None
    if problem:
        raise DomainError(ErrorCode.NOT_ALLOWED, problem)

    previous = complaint.status
    complaint.status = rule.target
    fields = ["status", "updated_at"]
    if action == Action.REOPEN:
        # seed 003 step f: the handling cycle repeats from the analysis.
        complaint.cycle += 1
        fields.append("cycle")
    if rule.target in FINAL:
        complaint.closed_at = now
        fields.append("closed_at")
    complaint.save(update_fields=fields)
    event = record_event(
        complaint,
        EventKind.STATUS_CHANGED,
        at=now,
        actor=actor,
        role=role,
        is_public=True,
        data={
            "from": previous,
            "to": rule.target,
            "action": action,
            "reason": reason.strip(),
            **(data or {}),
        },
    )
    deadlines.on_transition(
        complaint, previous=previous, action=action, at=now, actor=actor, role=role
    )
    return event
