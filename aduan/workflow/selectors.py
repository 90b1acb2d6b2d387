"""The inbox: what needs each role now, ordered by deadline, a page at a time."""

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from aduan.accounts.models import User
from aduan.accounts.roles import Role
from aduan.accounts.selectors import roles_of
from aduan.core.forms import MAX_ID
from aduan.intake.models import Complaint
from aduan.intake.selectors import (
    complaints_visible_to,
    search_complaints,
    sees_confidential_identities,
)
from aduan.workflow.models import Disposition
from aduan.workflow.status import Status

PAGE_SIZE = 50
OPEN = [s for s in Status.values if s not in {"selesai", "ditolak", "diteruskan"}]
# What each role acts on (DESIGN.md "People and what they do").
NEEDS = {
    Role.RESEPSIONIS: {Status.DITERIMA, Status.DIJAWAB},
    Role.PETUGAS: {Status.DITERIMA, Status.DIJAWAB_LANGSUNG, Status.DIJAWAB},
    Role.ANALIS: {
        Status.TERVERIFIKASI,
        Status.DIDISPOSISIKAN,
        Status.DIPROSES,
        Status.DIBUKA_KEMBALI,
    },
    Role.PEMARAF: {Status.MENUNGGU_PERSETUJUAN},
    Role.PENANDATANGAN: {Status.MENUNGGU_PERSETUJUAN},
    Role.AUDITOR: set(OPEN),
    Role.ADMIN: set(OPEN),
}


@dataclass(frozen=True)
class InboxFilters:
    view: str = "perlu"  # perlu (needs me) | terlambat (overdue) | semua (all)
    query: str = ""
    status: str = ""
    channel: str = ""
    kind: str = ""
    unit: int | None = None


@dataclass(frozen=True)
class InboxPage:
    rows: list[Complaint]
    next_cursor: str | None
    counts: dict[str, int]


def _needs_me(user: User, agency_id: int) -> Q:
    roles = roles_of(user, agency_id)
    statuses = set().union(*(NEEDS.get(role, set()) for role in roles))
    condition = Q(status__in=sorted(statuses))
    if Role.UNIT in roles:
        units = user.memberships.filter(agency_id=agency_id, role=Role.UNIT).values(
            "unit_id"
        )
        condition |= Q(
            pk__in=Disposition.objects.filter(
                unit_id__in=units, replied_at__isnull=True
            ).values("complaint_id")
        )
    return condition


def encode_cursor(row: Complaint) -> str:
    due = row.answer_due_at.isoformat() if row.answer_due_at else None
    raw = json.dumps([due, row.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _after(cursor: str) -> Q | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        due, pk = json.loads(base64.urlsafe_b64decode(padded))
        pk = int(pk)
        due = datetime.fromisoformat(due) if due else None
        # The database compares in UTC: a time that has none, or none that fits
        # (9999-12-31 at UTC-14), is no cursor we ever gave out.
        if due is not None:
            if due.tzinfo is None:
                return None
            due = due.astimezone(UTC)
    except (ValueError, TypeError, OverflowError, json.JSONDecodeError):
        return None
    if not 0 < pk <= MAX_ID:
        return None
    if due is None:
        return Q(answer_due_at__isnull=True, pk__gt=pk)
    return (
        Q(answer_due_at__gt=due)
        | Q(answer_due_at=due, pk__gt=pk)
        | Q(answer_due_at__isnull=True)
    )


def inbox(
    user: User, agency_id: int, filters: InboxFilters, cursor: str = ""
) -> InboxPage:
    """A page of the user's inbox, soonest deadline first; keyset-paginated."""
    now = timezone.now()
    base: QuerySet[Complaint] = complaints_visible_to(user).filter(agency_id=agency_id)
    needs = _needs_me(user, agency_id)
    overdue = Q(answer_due_at__lt=now)
    # Two indexed counts, not one aggregate over every row of the agency.
    counts = {
        "perlu": base.filter(needs).count(),
        "terlambat": base.filter(overdue).count(),
    }
    rows = base
    if filters.view == "perlu":
        rows = rows.filter(needs)
    elif filters.view == "terlambat":
        rows = rows.filter(overdue)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.unit:
        rows = rows.filter(
            pk__in=Disposition.objects.filter(unit_id=filters.unit).values(
                "complaint_id"
            )
        )
    if filters.query.strip():
        rows = search_complaints(
            rows,
            filters.query,
            confidential_names=sees_confidential_identities(user, agency_id),
        )
    if cursor:
        after = _after(cursor)
        if after is not None:
            rows = rows.filter(after)
    page = list(
        rows.select_related("reporter").order_by(
            F("answer_due_at").asc(nulls_last=True), "pk"
        )[: PAGE_SIZE + 1]
    )
    more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    return InboxPage(
        rows=page, next_cursor=encode_cursor(page[-1]) if more else None, counts=counts
    )
