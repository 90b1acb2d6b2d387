"""Reminders and escalations: found by a sweep, each sent once.

Every item is handled in its own transaction that inserts a Reminder row (unique per
complaint, subject, kind and due instant), the notices and the timeline event; a
worker killed half-way leaves each item either fully done or not done, and the next
sweep finishes the rest without repeating any.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.accounts.roles import Role
from aduan.audit.models import EventKind
from aduan.audit.services import record_event
from aduan.intake.locks import lock_complaint
from aduan.intake.models import Complaint
from aduan.notify.services import notify_users
from aduan.sla.models import Reminder, StepClock
from aduan.workflow.models import Disposition
from aduan.workflow.selectors import NEEDS, OPEN

DEFAULT_ESCALATION = ("pemaraf",)


@dataclass(frozen=True)
class Due:
    """Something with a deadline that someone holds."""

    complaint_id: int
    subject: str
    started_at: datetime
    due_at: datetime
    holders: tuple[int, ...]  # user ids reminded
    supervisors: tuple[int, ...]  # user ids told on breach


def _users(agency_id: int, roles) -> tuple[int, ...]:
    return tuple(
        User.objects.filter(
            memberships__agency_id=agency_id,
            memberships__role__in=list(roles),
            is_active=True,
        )
        .values_list("pk", flat=True)
        .distinct()
    )


def _escalation(complaint: Complaint) -> tuple[int, ...]:
    roles = complaint.profile.config.get("escalate_to") or DEFAULT_ESCALATION
    return _users(complaint.agency_id, roles)


def answer_dues() -> list[Due]:
    """Open complaints whose answer clock runs."""
    dues = []
    rows = Complaint.objects.filter(
        status__in=OPEN, answer_due_at__isnull=False, answer_started_at__isnull=False
    ).select_related("profile")
    for complaint in rows.iterator():
        roles = {
            role
            for role, statuses in NEEDS.items()
            if complaint.status in statuses and role not in {Role.AUDITOR, Role.ADMIN}
        }
        dues.append(
            Due(
                complaint.pk,
                "answer",
                complaint.answer_started_at,
                complaint.answer_due_at,
                _users(complaint.agency_id, roles),
                _escalation(complaint),
            )
        )
    return dues


def disposition_dues() -> list[Due]:
    dues = []
    rows = Disposition.objects.filter(replied_at__isnull=True).select_related(
        "complaint"
    )
    for disposition in rows.iterator():
        unit_staff = tuple(
            User.objects.filter(
                memberships__unit_id=disposition.unit_id, is_active=True
            )
            .values_list("pk", flat=True)
            .distinct()
        )
        dues.append(
            Due(
                disposition.complaint_id,
                f"disposition:{disposition.pk}",
                disposition.given_at,
                disposition.due_at,
                unit_staff,
                (disposition.given_by_id,),
            )
        )
    return dues


def step_dues() -> list[Due]:
    dues = []
    for clock in StepClock.objects.filter(ended_at__isnull=True).select_related(
        "complaint__profile"
    ):
        complaint = clock.complaint
        roles = {
            role
            for role, statuses in NEEDS.items()
            if complaint.status in statuses and role not in {Role.AUDITOR, Role.ADMIN}
        }
        dues.append(
            Due(
                complaint.pk,
                f"step:{clock.step}",
                clock.started_at,
                clock.due_at,
                _users(complaint.agency_id, roles),
                _escalation(complaint),
            )
        )
    return dues


def _send(due: Due, kind: str, *, now: datetime) -> bool:
    """Send one reminder or escalation in its own transaction; False if sent before."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                complaint_id=due.complaint_id,
                subject=due.subject,
                kind=kind,
                due_at=due.due_at,
                sent_at=now,
            )
            complaint = lock_complaint(due.complaint_id)
            if kind == Reminder.Kind.REMIND:
                text = _("Pengingat: %(number)s (%(subject)s) jatuh tempo %(due)s.")
                users, event = due.holders, EventKind.REMINDED
            else:
                text = _("Terlambat: %(number)s (%(subject)s) melewati batas %(due)s.")
                users, event = due.supervisors, EventKind.ESCALATED
            from aduan.core.dates import format_datetime

            message = text % {
                "number": complaint.register_number,
                "subject": due.subject,
                "due": format_datetime(due.due_at, complaint.agency.timezone),
            }
            notify_users(
                User.objects.filter(pk__in=users),
                text=message,
                at=now,
                complaint=complaint,
            )
            record_event(
                complaint,
                event,
                at=now,
                role="sistem",
                data={
                    "subject": due.subject,
                    "due_at": due.due_at.isoformat(),
                    "notified": len(users),
                },
            )
    except IntegrityError:
        return False
    return True


def sweep(*, now: datetime) -> dict[str, int]:
    """Send every reminder and escalation that is due now and not yet sent."""
    share = settings.ADUAN_REMINDER_SHARE
    sent = {"remind": 0, "breach": 0}
    for due in answer_dues() + disposition_dues() + step_dues():
        already = set(
            Reminder.objects.filter(
                complaint_id=due.complaint_id, subject=due.subject, due_at=due.due_at
            ).values_list("kind", flat=True)
        )
        if now > due.due_at and Reminder.Kind.BREACH not in already:
            sent["breach"] += _send(due, Reminder.Kind.BREACH, now=now)
        remind_at = due.started_at + (due.due_at - due.started_at) * share
        if remind_at <= now <= due.due_at and Reminder.Kind.REMIND not in already:
            sent["remind"] += _send(due, Reminder.Kind.REMIND, now=now)
    return sent
