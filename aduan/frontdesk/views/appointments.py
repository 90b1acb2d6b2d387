"""Appointment requests for the desk: set a time, propose, move, cancel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aduan.core.errors import DomainError
from aduan.core.forms import add_domain_error
from aduan.frontdesk import clock
from aduan.frontdesk.forms import (
    DeskRequestForm,
    ReasonForm,
    SlotForm,
)
from aduan.frontdesk.models import AppointmentStatus
from aduan.frontdesk.selectors import (
    access_appointment,
    emailed_meeting_requests,
    local_today,
    pending_appointments,
    slots_of_day,
    staff_agency,
    upcoming_appointments,
)
from aduan.frontdesk.services import (
    cancel_appointment,
    confirm_appointment,
    mark_no_show,
    propose_appointment,
    request_appointment,
    request_from_complaint,
    reschedule_appointment,
)
from aduan.frontdesk.views.reception import day_param
from aduan.intake.selectors import access_complaint


@login_required
def appointment_list(request: HttpRequest) -> HttpResponse:
    """Requests to confirm or propose a time for, upcoming meetings, and a form for a
    request that came by e-mail or phone."""
    agency = staff_agency(request.user)
    form = DeskRequestForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = request_appointment(
                agency,
                data=form.to_input(source=form.cleaned_data["source"]),
                actor=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Permintaan janji temu dicatat."))
            return redirect("frontdesk:appointment-detail", pk=appointment.pk)
    return render(
        request,
        "frontdesk/appointment_list.html",
        {
            "agency": agency,
            "pending": pending_appointments(agency),
            "emailed": emailed_meeting_requests(request.user, agency),
            "upcoming": upcoming_appointments(agency, clock.now()),
            "form": form,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def appointment_from_email(request: HttpRequest, pk: int) -> HttpResponse:
    """An e-mail filed as a complaint asks for a meeting: record the request."""
    complaint = access_complaint(request.user, pk)
    try:
        appointment = request_from_complaint(complaint, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("frontdesk:appointment-list")
    messages.success(request, _("Permintaan janji temu dicatat."))
    return redirect("frontdesk:appointment-detail", pk=appointment.pk)


@login_required
def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One appointment: pick a slot and officer to confirm or propose, move, cancel."""
    appointment = access_appointment(request.user, pk)
    agency = appointment.agency
    now = clock.now()
    action = request.POST.get("aksi", "")
    slot_form = SlotForm(
        request.POST if action in {"konfirmasi", "usulkan", "pindah"} else None,
        agency=agency,
        initial={
            "day": appointment.preferred_date or local_today(agency, now),
            "time": appointment.preferred_time.strftime("%H:%M")
            if appointment.preferred_time
            else None,
            "officer": appointment.officer,
        },
    )
    reason_form = ReasonForm(request.POST if action == "batal" else None)
    if request.method == "POST":
        try:
            if action in {"konfirmasi", "usulkan", "pindah"} and slot_form.is_valid():
                run = {
                    "konfirmasi": confirm_appointment,
                    "usulkan": propose_appointment,
                    "pindah": reschedule_appointment,
                }[action]
                run(
                    appointment,
                    actor=request.user,
                    start=slot_form.start,
                    officer=slot_form.cleaned_data["officer"],
                )
                messages.success(request, _("Jadwal disimpan dan dikirim ke pelapor."))
                return redirect("frontdesk:appointment-detail", pk=appointment.pk)
            if action == "batal" and reason_form.is_valid():
                cancel_appointment(
                    appointment,
                    actor=request.user,
                    reason=reason_form.cleaned_data["reason"],
                )
                messages.success(request, _("Janji temu dibatalkan."))
                return redirect("frontdesk:appointment-detail", pk=appointment.pk)
            if action == "tidak_hadir":
                mark_no_show(appointment, actor=request.user)
                return redirect("frontdesk:appointment-detail", pk=appointment.pk)
        except DomainError as error:
            if action == "tidak_hadir":
                # No form of its own: a button. Say why on the page it came from.
                messages.error(request, error.message)
                return redirect("frontdesk:appointment-detail", pk=appointment.pk)
            add_domain_error(reason_form if action == "batal" else slot_form, error)
    day = day_param(request, appointment.preferred_date or local_today(agency, now))
    if slot_form.is_bound and slot_form.is_valid():
        day = slot_form.cleaned_data["day"]
    return render(
        request,
        "frontdesk/appointment_detail.html",
        {
            "agency": agency,
            "appointment": appointment,
            "slot_form": slot_form,
            "reason_form": reason_form,
            "day": day,
            "slots": slots_of_day(agency, day),
            "now": now,
            "notices": appointment.notices.select_related("message"),
            "open": appointment.status
            in {
                AppointmentStatus.DIMINTA,
                AppointmentStatus.DIUSULKAN,
                AppointmentStatus.DIKONFIRMASI,
            },
        },
        status=422 if request.method == "POST" else 200,
    )
