"""Pages for the public: asking for a meeting, its private link, the FAQs."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aduan.agencies.selectors import access_public_agency
from aduan.core.errors import DomainError
from aduan.core.forms import add_domain_error
from aduan.frontdesk import clock
from aduan.frontdesk.forms import (
    AppointmentRequestForm,
    PublicSlotForm,
    ReasonForm,
)
from aduan.frontdesk.models import (
    AppointmentSource,
    AppointmentStatus,
    StandardAnswer,
)
from aduan.frontdesk.selectors import (
    appointment_by_token,
    free_slots,
    frontdesk_settings,
)
from aduan.frontdesk.services import (
    accept_proposal,
    cancel_appointment,
    record_deflection,
    request_appointment,
    reschedule_appointment,
)


def public_request(request: HttpRequest, agency_code: str) -> HttpResponse:
    """The complainant asks for an on-site meeting (onsite step 1)."""
    agency = access_public_agency(agency_code)
    form = AppointmentRequestForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = request_appointment(
                agency,
                data=form.to_input(
                    source=AppointmentSource.WEBSITE,
                    # The person's messages in the language of the page they used.
                    language="en" if (get_language() or "").startswith("en") else "id",
                ),
                actor=None,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect(
                "frontdesk:public-appointment", token=appointment.manage_token
            )
    return render(
        request,
        "frontdesk/public_request.html",
        {"agency": agency, "form": form, "settings": frontdesk_settings(agency)},
        status=422 if request.method == "POST" else 200,
    )


def public_appointment(request: HttpRequest, token: str) -> HttpResponse:
    """The complainant's private page: confirm a proposal, move or cancel."""
    appointment = appointment_by_token(token)
    if appointment is None:
        raise Http404
    agency = appointment.agency
    now = clock.now()
    action = request.POST.get("aksi", "")
    free = free_slots(agency, now=now)
    slot_form = PublicSlotForm(
        request.POST if action == "pindah" else None, free=free, tz=agency.timezone
    )
    reason_form = ReasonForm(request.POST if action == "batal" else None)
    if request.method == "POST":
        try:
            if action == "setuju":
                accept_proposal(appointment)
                messages.success(request, _("Terima kasih, janji temu dikonfirmasi."))
                return redirect(request.path)
            if action == "pindah" and slot_form.is_valid():
                reschedule_appointment(appointment, actor=None, start=slot_form.moment)
                messages.success(request, _("Janji temu dipindahkan."))
                return redirect(request.path)
            if action == "batal" and reason_form.is_valid():
                cancel_appointment(
                    appointment, actor=None, reason=reason_form.cleaned_data["reason"]
                )
                messages.success(request, _("Janji temu dibatalkan."))
                return redirect(request.path)
        except DomainError as error:
            add_domain_error(reason_form if action == "batal" else slot_form, error)
    response = render(
        request,
        "frontdesk/public_appointment.html",
        {
            "agency": agency,
            "appointment": appointment,
            "slot_form": slot_form,
            "reason_form": reason_form,
            "settings": frontdesk_settings(agency),
            "can_move": appointment.status
            in {AppointmentStatus.DIUSULKAN, AppointmentStatus.DIKONFIRMASI},
            "can_cancel": appointment.status
            in {
                AppointmentStatus.DIMINTA,
                AppointmentStatus.DIUSULKAN,
                AppointmentStatus.DIKONFIRMASI,
            },
        },
        status=422 if request.method == "POST" else 200,
    )
    # The token is in the address: keep it out of other sites' logs.
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_POST
def faq_helped(request: HttpRequest, agency_code: str, pk: int) -> HttpResponse:
    """A standard answer answered the visitor before the complaint form: count it."""
    agency = access_public_agency(agency_code)
    answer = get_object_or_404(
        StandardAnswer, pk=pk, agency=agency, is_public=True, is_active=True
    )
    try:
        record_deflection(answer)
    except DomainError as error:
        raise Http404 from error
    messages.success(request, _("Terima kasih. Senang pertanyaan Anda sudah terjawab."))
    return redirect("intake:public-form", agency_code=agency.code)
