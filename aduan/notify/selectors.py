"""Reads of notify: the outbox and the inbound messages an agency's staff may see."""

import rules
from django.db.models import Q, QuerySet
from django.http import Http404

from aduan.accounts.models import User
from aduan.accounts.selectors import agency_ids_of, has_role
from aduan.intake.models import Complaint
from aduan.intake.selectors import complaints_visible_to, mask_email, mask_phone
from aduan.notify.models import InboundMessage, OutboundMessage
from aduan.notify.services import OUTBOX_ROLES


def outbox_agency_ids(user: User) -> list[int]:
    """Agencies whose outbox this user may see (front desk, officers, admins)."""
    return [pk for pk in agency_ids_of(user) if has_role(user, pk, OUTBOX_ROLES)]


def outbound_visible_to(user: User) -> QuerySet[OutboundMessage]:
    """Messages about complaints the user may see (never one naming them), and the
    front desk's messages to the public, which belong to no complaint."""
    return OutboundMessage.objects.filter(
        Q(complaint__isnull=True) | Q(complaint__in=complaints_visible_to(user)),
        agency_id__in=outbox_agency_ids(user),
    ).select_related("complaint__reporter", "complaint__profile")


def inbound_visible_to(user: User) -> QuerySet[InboundMessage]:
    """What arrived: unfiled mail, and mail filed on complaints the user may see."""
    return InboundMessage.objects.filter(
        Q(complaint__isnull=True) | Q(complaint__in=complaints_visible_to(user)),
        agency_id__in=outbox_agency_ids(user),
    ).select_related("complaint__reporter", "complaint__profile")


def access_outbound(user: User, pk: int) -> OutboundMessage:
    """The message if the user may see it; the same 404 for missing and forbidden."""
    message = outbound_visible_to(user).filter(pk=pk).first()
    if message is None:
        raise Http404
    return message


def shown_address(user: User, complaint: Complaint | None, address: str) -> str:
    """An address as this user may read it: masked where the reporter's contact data
    is not theirs to see (a confidential reporter, profile's identity_visible_to)."""
    # rules.has_perm, not user.has_perm: a Django superuser must not bypass the
    # profile's identity_visible_to.
    if complaint is None or rules.has_perm(
        "intake.view_personal_data", user, complaint
    ):
        return address
    return mask_email(address) if "@" in address else mask_phone(address)
