import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction

from aduan.accounts.models import User
from aduan.audit.models import ComplaintEvent, PersonalDataAccess
from aduan.intake.models import Complaint

GENESIS = "0" * 64


def event_hash(
    *,
    complaint_id: int,
    seq: int,
    kind: str,
    at: datetime,
    actor_id: int | None,
    actor_label: str,
    data: dict[str, Any],
    is_public: bool,
    prev_hash: str,
) -> str:
    """SHA-256 over a canonical JSON of the event and the previous event's hash."""
    payload = json.dumps(
        {
            "complaint": complaint_id,
            "seq": seq,
            "kind": kind,
            "at": at.isoformat(timespec="microseconds"),
            "actor": actor_id,
            "actor_label": actor_label,
            "data": data,
            "public": is_public,
            "prev": prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _label(actor: User | None, role: str) -> str:
    if actor is None:
        return "pelapor" if not role else role
    name = actor.name or actor.username
    return f"{name} ({role})" if role else name


# No savepoint: events are always written inside the caller's transaction, and a
# savepoint per event would cost two round trips while the register lock is held.
@transaction.atomic(savepoint=False)
def record_event(
    complaint: Complaint,
    kind: str,
    *,
    at: datetime,
    actor: User | None = None,
    role: str = "",
    data: dict[str, Any] | None = None,
    is_public: bool = False,
    first: bool = False,
) -> ComplaintEvent:
    """Append one event to a complaint's chain.

    The caller holds the complaint's row lock (or has just created it: `first`), so
    no two events race for the same sequence number.
    """
    if first:
        seq, prev_hash = 1, GENESIS
    else:
        last = (
            ComplaintEvent.objects.filter(complaint_id=complaint.pk)
            .order_by("-seq")
            .values_list("seq", "hash")
            .first()
        )
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    data = data or {}
    label = _label(actor, role)
    event = ComplaintEvent(
        complaint_id=complaint.pk,
        seq=seq,
        kind=kind,
        at=at,
        actor=actor,
        actor_label=label,
        data=data,
        is_public=is_public,
        prev_hash=prev_hash,
    )
    event.hash = event_hash(
        complaint_id=complaint.pk,
        seq=seq,
        kind=kind,
        at=at,
        actor_id=actor.pk if actor else None,
        actor_label=label,
        data=data,
        is_public=is_public,
        prev_hash=prev_hash,
    )
    event.save(force_insert=True)
    return event


def verify_chain(complaint: Complaint) -> int | None:
    """Return the sequence number of the first broken event, or None if all verify."""
    prev_hash = GENESIS
    expected_seq = 1
    for event in ComplaintEvent.objects.filter(complaint_id=complaint.pk).order_by(
        "seq"
    ):
        recomputed = event_hash(
            complaint_id=event.complaint_id,
            seq=event.seq,
            kind=event.kind,
            at=event.at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            data=event.data,
            is_public=event.is_public,
            prev_hash=event.prev_hash,
        )
        if (
            event.seq != expected_seq
            or event.prev_hash != prev_hash
            or event.hash != recomputed
        ):
            return event.seq
        prev_hash, expected_seq = event.hash, expected_seq + 1
    return None


def log_personal_data_access(
    *,
    user: User,
    complaint: Complaint,
    fields: list[str],
    purpose: str,
    at: datetime,
    ip: str | None = None,
) -> None:
    """Write down that a staff member was shown a reporter's personal data."""
    PersonalDataAccess.objects.create(
        user=user, complaint=complaint, fields=fields, purpose=purpose, at=at, ip=ip
    )


def log_personal_data_reads(
    *,
    user: User,
    complaint_ids: Iterable[int],
    fields: list[str],
    purpose: str,
    at: datetime,
    ip: str | None = None,
) -> int:
    """The same, for many complaints shown at once (a register book with names), in
    batched inserts."""
    rows = PersonalDataAccess.objects.bulk_create(
        (
            PersonalDataAccess(
                user=user, complaint_id=pk, fields=fields, purpose=purpose, at=at, ip=ip
            )
            for pk in complaint_ids
        ),
        batch_size=500,
    )
    return len(rows)
