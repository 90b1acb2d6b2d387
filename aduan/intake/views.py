from urllib.parse import urlencode

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aduan.accounts.roles import INTAKE_ROLES
from aduan.accounts.selectors import has_role, primary_agency_id, roles_of
from aduan.agencies.models import Agency, SopProfile
from aduan.agencies.selectors import (
    access_public_intake,
    active_profile,
    public_agencies,
)
from aduan.audit.models import ComplaintEvent
from aduan.audit.services import log_personal_data_access
from aduan.core import dates
from aduan.core.errors import DomainError
from aduan.core.forms import add_domain_error, id_param
from aduan.frontdesk.selectors import public_answers
from aduan.intake.choices import Channel, Document, Kind
from aduan.intake.forms import (
    AttachmentForm,
    ConfidentialityForm,
    CorrectionForm,
    EmployeeForm,
    OfficerIntakeForm,
    PublicComplaintForm,
    PublicInfoForm,
    TrackLookupForm,
    new_submission_key,
)
from aduan.intake.models import Complaint
from aduan.intake.selectors import (
    access_complaint,
    complaint_by_tracking_code,
    open_attachment,
    reporter_view,
)
from aduan.intake.services import (
    AlreadyRegistered,
    add_attachments,
    add_public_information,
    add_reported_employee,
    correct_complaint,
    register_complaint,
    tighten_confidentiality,
)
from aduan.workflow.status import Status

RECEIPT_SALT = "aduan.receipt"
RECEIPT_MAX_AGE = 30 * 60  # seconds the receipt with the name stays openable


def _receipt_token_valid(code: str, token: str) -> bool:
    try:
        signing.TimestampSigner(salt=RECEIPT_SALT).unsign(
            f"{code}:{token[:100]}", max_age=RECEIPT_MAX_AGE
        )
    except signing.BadSignature:
        return False
    return True


def _language() -> str:
    return (get_language() or "id")[:2]


# --- Public ---------------------------------------------------------------------------


def public_home(request: HttpRequest) -> HttpResponse:
    agencies = public_agencies()
    if len(agencies) == 1:
        return redirect("intake:public-form", agency_code=agencies[0].code)
    return render(request, "intake/public_home.html", {"agencies": agencies})


def public_form(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency, profile = access_public_intake(agency_code)
    if request.method != "POST":
        # The empty form's fields come from the template cache; the form is built
        # only when that cache has to be filled.
        return _render_public_form(
            request,
            agency,
            profile,
            SimpleLazyObject(
                lambda: PublicComplaintForm(agency=agency, profile=profile)
            ),
            submission_key=new_submission_key(),
        )
    form = PublicComplaintForm(
        request.POST, request.FILES, agency=agency, profile=profile
    )
    if form.is_valid():
        try:
            complaint = register_complaint(
                agency=agency, data=form.to_input(language=_language()), actor=None
            )
        except AlreadyRegistered as already:
            # The same page sent twice: the receipt of the first send.
            return _receipt_redirect(already.complaint)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _receipt_redirect(complaint)
    return _render_public_form(
        request,
        agency,
        profile,
        form,
        status=422,
        submission_key=form.cleaned_data.get("kunci") or new_submission_key(),
    )


def _receipt_redirect(complaint: Complaint) -> HttpResponse:
    # The receipt shows the reporter's name only with this short-lived signed
    # token (no session row is written for the public).
    signed = signing.TimestampSigner(salt=RECEIPT_SALT).sign(complaint.tracking_code)
    token = signed.split(":", 1)[1]  # "timestamp:signature"; codes have no ":"
    url = reverse("intake:public-receipt", args=[complaint.tracking_code])
    return redirect(f"{url}?{urlencode({'t': token})}")


def _render_public_form(
    request: HttpRequest,
    agency: Agency,
    profile: SopProfile,
    form: PublicComplaintForm,
    *,
    submission_key: str,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "intake/public_form.html",
        {
            "agency": agency,
            "profile": profile,
            "form": form,
            "bound": status != 200,
            "submission_key": submission_key,
            # Issue G: the agency's FAQs above the form answer simple questions.
            "faqs": public_answers(agency),
        },
        status=status,
    )


def public_receipt(request: HttpRequest, code: str) -> HttpResponse:
    complaint = complaint_by_tracking_code(code)
    if complaint is None:
        raise Http404
    own = _receipt_token_valid(complaint.tracking_code, request.GET.get("t", ""))
    return render(
        request,
        "intake/receipt.html",
        {
            "complaint": complaint,
            "agency": complaint.agency,
            "own": own,
            "reporter": complaint.reporter if own else None,
            # The canonical public address, not whatever host this request came in on.
            "track_url": settings.SITE_URL.rstrip("/")
            + reverse("intake:track-detail", args=[complaint.tracking_code]),
            "required_documents": [
                Document(code).label
                for code in complaint.profile.required_documents(complaint.channel)
            ],
        },
    )


def track_lookup(request: HttpRequest) -> HttpResponse:
    form = TrackLookupForm(request.GET or None)
    if request.GET and form.is_valid():
        complaint = complaint_by_tracking_code(form.cleaned_data["kode"])
        if complaint is not None:
            return redirect("intake:track-detail", code=complaint.tracking_code)
        form.add_error(
            "kode",
            _("Kode lacak tidak ditemukan. Periksa kembali huruf dan angkanya."),
        )
    status = 404 if request.GET and form.errors else 200
    return render(request, "intake/track_lookup.html", {"form": form}, status=status)


def track_detail(request: HttpRequest, code: str) -> HttpResponse:
    from aduan.workflow.forms import SatisfactionForm
    from aduan.workflow.services import complete_complaint, record_satisfaction
    from aduan.workflow.status import Status

    complaint = complaint_by_tracking_code(code)
    if complaint is None:
        raise Http404
    if code != complaint.tracking_code:
        return redirect("intake:track-detail", code=complaint.tracking_code)
    posted = request.method == "POST"
    asks_satisfaction = posted and "satisfied" in request.POST
    form = PublicInfoForm(
        request.POST if posted and not asks_satisfaction else None,
        request.FILES or None,
    )
    satisfaction = SatisfactionForm(
        request.POST if asks_satisfaction else None, complaint=complaint
    )
    try:
        if asks_satisfaction and satisfaction.is_valid():
            record_satisfaction(
                complaint,
                actor=None,
                satisfied=satisfaction.cleaned_data["satisfied"],
                reason=satisfaction.cleaned_data["reason"],
            )
            messages.success(request, _("Terima kasih atas tanggapan Anda."))
            return redirect("intake:track-detail", code=complaint.tracking_code)
        if posted and not asks_satisfaction and form.is_valid():
            add_public_information(
                complaint,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            )
            if complaint.status == Status.DIKEMBALIKAN:
                # The complainant completed a returned file: back to the officer.
                complete_complaint(complaint, actor=None)
            messages.success(
                request, _("Terima kasih, informasi tambahan sudah diterima.")
            )
            return redirect("intake:track-detail", code=complaint.tracking_code)
    except DomainError as error:
        add_domain_error(satisfaction if asks_satisfaction else form, error)
    events = ComplaintEvent.objects.filter(
        complaint=complaint, is_public=True
    ).order_by("seq")
    return render(
        request,
        "intake/track_detail.html",
        {
            "complaint": complaint,
            "agency": complaint.agency,
            "events": events,
            "form": form,
            "satisfaction_form": satisfaction,
            "asks_satisfaction": complaint.status == Status.DIJAWAB
            and complaint.profile.config.get("satisfaction", {}).get("ask", True),
            "closed": complaint.status
            in {Status.SELESAI, Status.DITOLAK, Status.DITERUSKAN},
            "signed": complaint.drafts.filter(signed_at__isnull=False)
            .order_by("-cycle")
            .first(),
        },
        status=422 if posted else 200,
    )


# --- Staff ----------------------------------------------------------------------------


def _staff_agency(request: HttpRequest) -> Agency:
    agency_id = primary_agency_id(request.user)
    if agency_id is None:
        raise Http404
    return get_object_or_404(Agency, pk=agency_id)


def _role_label(request: HttpRequest, agency_id: int) -> str:
    roles = roles_of(request.user, agency_id)
    return ",".join(sorted(roles))


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """The inbox: what needs me now, soonest deadline first."""
    from aduan.workflow.selectors import InboxFilters, inbox

    agency = _staff_agency(request)
    get = request.GET
    unit = get.get("unit", "")
    filters = InboxFilters(
        view=get.get("tampil", "perlu")
        if get.get("tampil") in {"perlu", "terlambat", "semua"}
        else "perlu",
        query=get.get("q", "")[:100],
        status=get.get("status", "")[:30],
        channel=get.get("saluran", "")[:30],
        kind=get.get("jenis", "")[:30],
        unit=id_param(unit),
    )
    page = inbox(request.user, agency.pk, filters, cursor=get.get("setelah", "")[:200])
    next_query = get.copy()
    if page.next_cursor:
        next_query["setelah"] = page.next_cursor
    return render(
        request,
        "intake/staff_home.html",
        {
            "agency": agency,
            "page": page,
            "filters": filters,
            "now": timezone.now(),
            "next_query": next_query.urlencode() if page.next_cursor else "",
            "statuses": Status.choices,
            "channels": Channel.choices,
            "kinds": Kind.choices,
            "units": agency.units.all(),
            "can_register": has_role(request.user, agency.pk, INTAKE_ROLES),
        },
    )


@login_required
def complaint_new(request: HttpRequest) -> HttpResponse:
    agency = _staff_agency(request)
    if not has_role(request.user, agency.pk, INTAKE_ROLES):
        raise Http404
    profile = active_profile(agency)
    form = OfficerIntakeForm(
        request.POST or None,
        request.FILES or None,
        agency=agency,
        profile=profile,
        initial={
            "channel": request.GET.get("saluran", "langsung"),
            "kunci": new_submission_key(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            complaint = register_complaint(
                agency=agency,
                data=form.to_input(language=_language()),
                actor=request.user,
                role=_role_label(request, agency.pk),
            )
        except AlreadyRegistered as already:
            messages.info(
                request,
                _("Sudah tersimpan sebelumnya. Nomor register: %(number)s")
                % {"number": already.complaint.register_number},
            )
            return redirect(already.complaint)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Tersimpan. Nomor register: %(number)s")
                % {"number": complaint.register_number},
            )
            return redirect(complaint)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "intake/complaint_new.html",
        {"agency": agency, "profile": profile, "form": form},
        status=status,
    )


def render_complaint(
    request: HttpRequest,
    complaint: Complaint,
    *,
    status: int = 200,
    step_forms: dict | None = None,
    document_form: dict | None = None,
    **forms,
) -> HttpResponse:
    """The complaint page: everything about it, and only the steps this user may take."""
    from aduan.workflow.steps import STEPS, steps_for

    # rules.has_perm, not user.has_perm: a Django superuser must not bypass the
    # profile's identity_visible_to.
    full = rules.has_perm("intake.view_personal_data", request.user, complaint)
    if full and complaint.reporter_id:
        log_personal_data_access(
            user=request.user,
            complaint=complaint,
            purpose="complaint_detail",
            fields=["name", "nik", "phone", "email", "address"],
            at=timezone.now(),
            ip=request.META.get("REMOTE_ADDR"),
        )
    can_edit = has_role(request.user, complaint.agency_id, INTAKE_ROLES)
    step_forms = step_forms or {}
    names = steps_for(complaint, request.user)
    # A refused step keeps its form on screen so its error is seen.
    names = [name for name in step_forms if name not in names] + names
    steps = [
        (
            STEPS[name],
            step_forms.get(name)
            or STEPS[name].form(
                complaint=complaint,
                auto_id=f"id_{name}_%s",
                initial=_step_initial(name, complaint, request.user),
            ),
        )
        for name in names
    ]
    correction_initial = {
        name: getattr(complaint, name) for name in CorrectionForm.base_fields
    }
    drafts = complaint.drafts.prefetch_related("versions", "approvals__actor").order_by(
        "cycle"
    )
    window = complaint.profile.config.get("complaint_window_days")
    late_by = None
    if window and complaint.service_date:
        received = dates.local(complaint.received_at, complaint.agency.timezone).date()
        late_by = (received - complaint.service_date).days - window
    context = {
        "complaint": complaint,
        "agency": complaint.agency,
        "window_days": window,
        "late_by": late_by if late_by and late_by > 0 else None,
        "reporter": reporter_view(complaint.reporter, full=full),
        "employees": complaint.reported_employees.all(),
        "attachments": complaint.attachments.filter(reply__isnull=True),
        "dispositions": complaint.dispositions.select_related(
            "unit", "given_by"
        ).prefetch_related("replies__author", "replies__attachments"),
        "drafts": drafts,
        "events": complaint.events.select_related("actor").order_by("seq"),
        "can_edit": can_edit,
        "steps": steps,
        "open_step": next(iter(step_forms), ""),
        "correction_form": forms.get("correction_form")
        or CorrectionForm(initial=correction_initial, agency=complaint.agency),
        "employee_form": forms.get("employee_form") or EmployeeForm(),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "confidentiality_form": ConfidentialityForm(
            initial={
                "is_secret": complaint.is_secret,
                "is_confidential": bool(
                    complaint.reporter and complaint.reporter.is_confidential
                ),
            }
        ),
        "open_panel": next(iter(forms), ""),
        # A document's delivery or cancel form that was refused, kept as typed.
        "document_form": document_form,
    }
    return render(request, "intake/complaint_detail.html", context, status=status)


def _step_initial(name: str, complaint: Complaint, user) -> dict:
    if name == "konsep":
        draft = complaint.drafts.filter(cycle=complaint.cycle).first()
        latest = draft.versions.order_by("-number").first() if draft else None
        if latest:
            return {"body": latest.body, "outcome": draft.outcome, "kind": draft.kind}
        return {
            "kind": complaint.profile.config.get("answer_document", "surat_jawaban")
        }
    if name == "tanggapi":
        units = user.memberships.filter(agency_id=complaint.agency_id).values("unit")
        mine = complaint.dispositions.filter(cycle=complaint.cycle, unit__in=units)
        disposition = (
            mine.first() or complaint.dispositions.filter(cycle=complaint.cycle).first()
        )
        return {"disposition": disposition.pk if disposition else None}
    return {}


@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_complaint(request, access_complaint(request.user, pk))


def _submit(
    request: HttpRequest, complaint: Complaint, form, *, panel: str, run, done: str
) -> HttpResponse:
    """Validate a panel's form, run its service, redirect or show the errors."""
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, done)
            return redirect(complaint)
    return render_complaint(request, complaint, status=422, **{panel: form})


@login_required
@require_POST
def complaint_correct(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = access_complaint(request.user, pk)
    form = CorrectionForm(request.POST, agency=complaint.agency)
    return _submit(
        request,
        complaint,
        form,
        panel="correction_form",
        done=_("Perubahan data disimpan."),
        run=lambda data: correct_complaint(
            complaint,
            actor=request.user,
            changes=form.changes(),
            role=_role_label(request, complaint.agency_id),
        ),
    )


@login_required
@require_POST
def complaint_employee_add(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = access_complaint(request.user, pk)
    form = EmployeeForm(request.POST)
    return _submit(
        request,
        complaint,
        form,
        panel="employee_form",
        done=_("Pegawai yang diadukan dicatat."),
        run=lambda data: add_reported_employee(
            complaint,
            actor=request.user,
            employee=form.to_input(),
            role=_role_label(request, complaint.agency_id),
        ),
    )


@login_required
@require_POST
def complaint_attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = access_complaint(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    return _submit(
        request,
        complaint,
        form,
        panel="attachment_form",
        done=_("Lampiran ditambahkan."),
        run=lambda data: add_attachments(
            complaint,
            actor=request.user,
            files=data["files"],
            role=_role_label(request, complaint.agency_id),
        ),
    )


@login_required
@require_POST
def complaint_confidentiality(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = access_complaint(request.user, pk)
    form = ConfidentialityForm(request.POST)
    if form.is_valid():
        try:
            tighten_confidentiality(complaint, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Kerahasiaan disimpan."))
    return redirect(complaint)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = open_attachment(
        request.user,
        pk,
        purpose="attachment_download",
        ip=request.META.get("REMOTE_ADDR"),
    )
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=request.GET.get("lihat") != "1",
        filename=attachment.original_name,
    )
    # A served upload must never run as a page of this site.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
