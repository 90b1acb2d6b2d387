"""Reads of intake; every staff read of a complaint goes through access_complaint."""

import re

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from aduan.accounts.models import Membership, User
from aduan.accounts.roles import Role
from aduan.accounts.selectors import roles_of
from aduan.agencies.models import SopProfile
from aduan.core import codes
from aduan.intake.models import Attachment, Complaint, ReportedEmployee, Reporter
from aduan.workflow.models import Disposition

REPORTER_MATCH_LIMIT = 500
REGISTER_LIKE = re.compile(r"^[\w.-]+(/[\w.-]+)+$")

# Roles that see every complaint of their agency (unit staff see only what is routed).
AGENCY_WIDE_ROLES = frozenset(Role) - {Role.UNIT, Role.PELAPOR}


def complaints_visible_to(user: User) -> QuerySet[Complaint]:
    """Complaints a staff user may see; never one that names them as reported."""
    if not user.is_authenticated:
        return Complaint.objects.none()
    memberships = list(
        Membership.objects.filter(user=user).values_list("agency_id", "role", "unit_id")
    )
    wide = {agency for agency, role, _ in memberships if role in AGENCY_WIDE_ROLES}
    units = {unit for _, role, unit in memberships if role == Role.UNIT and unit}
    visible = Q(agency_id__in=wide)
    if units:
        # Unit staff: only what was routed to their unit (any cycle).
        visible |= Q(
            pk__in=Disposition.objects.filter(unit_id__in=units).values("complaint_id")
        )
    return Complaint.objects.filter(visible).exclude(pk__in=naming(user))


def naming(user: User) -> QuerySet:
    """The ids of complaints that name the user as a reported employee: they never
    see those, whatever role they hold (inbox, page, API, register book)."""
    named = Q(user=user)
    if user.nip:
        named |= Q(nip=user.nip)
    return ReportedEmployee.objects.filter(named).values("complaint_id")


def sees_confidential_identities(
    user: User, agency_id: int, *, also: frozenset[str] = frozenset()
) -> bool:
    """Whether the agency's profile lets this user's roles (or one of `also`) know
    who a confidential or anonymous reporter is (identity_visible_to)."""
    allowed = (
        SopProfile.objects.filter(agency_id=agency_id, is_active=True)
        .values_list("config__identity_visible_to", flat=True)
        .first()
    )
    return bool(roles_of(user, agency_id) & (set(allowed or []) | also))


def named_among(complaint: Complaint, users: list[User]) -> set[int]:
    """The ids of those users the complaint names as reported employees (by user or
    NIP, the rule of `naming`)."""
    named = ReportedEmployee.objects.filter(complaint=complaint)
    user_ids = set(named.exclude(user=None).values_list("user_id", flat=True))
    nips = set(named.exclude(nip="").values_list("nip", flat=True))
    return {u.pk for u in users if u.pk in user_ids or (u.nip and u.nip in nips)}


def access_complaint(user: User, pk: int) -> Complaint:
    """The complaint if the user may see it; the same 404 for missing and forbidden."""
    complaint = (
        complaints_visible_to(user)
        .select_related("agency", "profile", "reporter", "registered_by")
        .filter(pk=pk)
        .first()
    )
    if complaint is None:
        raise Http404
    return complaint


def complaint_by_tracking_code(text: str) -> Complaint | None:
    """The public's only key to a complaint: its tracking code, as typed."""
    canonical = codes.normalize(text)
    if canonical is None:
        return None
    return (
        Complaint.objects.select_related("agency", "profile")
        .filter(tracking_code=canonical)
        .first()
    )


def search_complaints(
    queryset: QuerySet[Complaint], query: str, *, confidential_names: bool = False
) -> QuerySet[Complaint]:
    """Match a register number, tracking code, reporter name or text. A confidential
    or anonymous reporter's name matches only for those who may know it: a hit would
    tell the searcher who filed the complaint."""
    query = query.strip()
    if not query:
        return queryset
    # A register number or a tracking code is an exact, indexed look-up: the desk
    # types these most, and they must stay instant in an agency with millions of rows.
    canonical = codes.normalize(query)
    if canonical:
        return queryset.filter(tracking_code=canonical)
    if REGISTER_LIKE.match(query):
        exact = queryset.filter(register_number=query.upper())
        if exact.exists():
            return exact
    condition = (
        Q(register_number__icontains=query)
        | Q(subject__icontains=query)
        | Q(what__icontains=query)
    )
    # Reporter names are matched first into a bounded list, so the database can
    # combine the indexes (trigram and reporter_id) instead of scanning complaints.
    reporters = Reporter.objects.filter(name__icontains=query)
    if not confidential_names:
        reporters = reporters.filter(is_confidential=False, is_anonymous=False)
    reporter_ids = list(reporters.values_list("pk", flat=True)[:REPORTER_MATCH_LIMIT])
    if reporter_ids:
        condition |= Q(reporter_id__in=reporter_ids)
    return queryset.filter(condition)


def mask_nik(nik: str) -> str:
    return f"{nik[:4]}{'*' * 8}{nik[-4:]}" if len(nik) == 16 else ("*" * len(nik))


def mask_phone(phone: str) -> str:
    return f"{phone[:5]}{'*' * max(len(phone) - 8, 0)}{phone[-3:]}" if phone else ""


def mask_email(email: str) -> str:
    if "@" not in email:
        return ""
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"


def reporter_view(reporter: Reporter | None, *, full: bool) -> dict[str, str] | None:
    """What a staff page shows of the reporter: everything, or a masked summary."""
    if reporter is None:
        return None
    if full:
        return {
            "name": reporter.name,
            "nik": reporter.nik,
            "phone": reporter.phone,
            "email": reporter.email,
            "address": reporter.address,
            "organisation": reporter.organisation,
            "masked": "",
        }
    hidden = reporter.is_confidential or reporter.is_anonymous
    return {
        "name": "" if hidden else reporter.name,
        "nik": mask_nik(reporter.nik) if reporter.nik and not hidden else "",
        "phone": mask_phone(reporter.phone) if not hidden else "",
        "email": mask_email(reporter.email) if not hidden else "",
        "address": "",
        "organisation": "" if hidden else reporter.organisation,
        "masked": "1",
    }


def open_attachment(user: User, pk: int, *, purpose: str, ip: str | None) -> Attachment:
    """An attachment of a complaint the user sees, its read logged: the SOPs ask for
    a copy of the KTP, so any attachment may carry personal data."""
    from aduan.audit.services import log_personal_data_access

    row = Attachment.objects.filter(pk=pk).values_list("complaint_id", flat=True)
    complaint_id = row.first()
    if complaint_id is None:
        raise Http404
    complaint = access_complaint(user, complaint_id)
    attachment = Attachment.objects.get(pk=pk)
    log_personal_data_access(
        user=user,
        complaint=complaint,
        fields=[f"attachment:{attachment.pk}"],
        purpose=purpose,
        at=timezone.now(),
        ip=ip,
    )
    return attachment
