"""Reads of notify: the outbox and the inbound messages an agency's staff may see."""

from django.db.models import QuerySet
from django.http import Http404

from aduan.accounts.models import User
from aduan.accounts.selectors import agency_ids_of, has_role
from aduan.notify.models import InboundMessage, OutboundMessage
from aduan.notify.services import OUTBOX_ROLES


def outbox_agency_ids(user: User) -> list[int]:
    """Agencies whose outbox this user may see (front desk, officers, admins)."""
    return [pk for pk in agency_ids_of(user) if has_role(user, pk, OUTBOX_ROLES)]


def outbound_visible_to(user: User) -> QuerySet[OutboundMessage]:
    return OutboundMessage.objects.filter(
        agency_id__in=outbox_agency_ids(user)
    ).select_related("complaint")


def inbound_visible_to(user: User) -> QuerySet[InboundMessage]:
    return InboundMessage.objects.filter(
        agency_id__in=outbox_agency_ids(user)
    ).select_related("complaint")


def access_outbound(user: User, pk: int) -> OutboundMessage:
    """The message if the user may see it; the same 404 for missing and forbidden."""
    message = outbound_visible_to(user).filter(pk=pk).first()
    if message is None:
        raise Http404
    return message
