"""Pages of the front desk: each view authorises, parses, calls one service, renders."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aduan.accounts.selectors import has_role
from aduan.agencies.selectors import access_public_agency, active_profile
from aduan.core import dates
from aduan.core.errors import DomainError
from aduan.core.forms import add_domain_error
from aduan.frontdesk import clock
from aduan.frontdesk.forms import (
    STEP_PREFIX,
    AnswerForm,
    AppointmentRequestForm,
    CallForm,
    DeskRequestForm,
    OfficerForm,
    PublicSlotForm,
    ReasonForm,
    SlotForm,
    WalkInForm,
)
from aduan.frontdesk.models import (
    AppointmentSource,
    AppointmentStatus,
    StandardAnswer,
)
from aduan.frontdesk.script import console_steps
from aduan.frontdesk.selectors import (
    ANSWER_ROLES,
    access_appointment,
    access_contact,
    access_visit,
    appointment_by_token,
    appointments_of_day,
    call_counts,
    deflection_counts,
    emailed_meeting_requests,
    free_slots,
    frontdesk_settings,
    local_today,
    officer_schedules,
    officers,
    open_calls,
    pending_appointments,
    recent_calls,
    search_answers,
    slots_of_day,
    staff_agency,
    upcoming_appointments,
    visits_of_day,
    waiting_minutes,
)
from aduan.frontdesk.services import (
    accept_proposal,
    call_visitor,
    cancel_appointment,
    check_in,
    confirm_appointment,
    evidence_channels_text,
    finish_call,
    finish_visit,
    hand_schedule,
    mark_no_show,
    propose_appointment,
    record_deflection,
    record_walk_in,
    register_visit_complaint,
    request_appointment,
    request_from_complaint,
    reschedule_appointment,
    save_standard_answer,
    start_call,
)
from aduan.intake.forms import OfficerIntakeForm
from aduan.intake.selectors import access_complaint


def _day_param(request: HttpRequest, default: date) -> date:
    try:
        return date.fromisoformat(request.GET.get("tanggal", "")[:10])
    except ValueError:
        return default


# --- Call console ----------------------------------------------------------------


@login_required
def call_home(request: HttpRequest) -> HttpResponse:
    """Start a call; today's calls by outcome (they count for reports)."""
    agency = staff_agency(request.user)
    if request.method == "POST":
        try:
            contact = start_call(agency, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return redirect("frontdesk:call-detail", pk=contact.pk)
        return redirect("frontdesk:call-home")
    today = local_today(agency, clock.now())
    return render(
        request,
        "frontdesk/call_home.html",
        {
            "agency": agency,
            "counts": call_counts(agency, today, today),
            "open_calls": open_calls(agency, request.user),
            "recent": recent_calls(agency),
        },
    )


@login_required
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The console: the profile's script with a timer per step, and the outcome."""
    contact = access_contact(request.user, pk)
    agency = contact.agency
    if contact.finished_at is not None:
        return render(
            request, "frontdesk/call_done.html", {"agency": agency, "contact": contact}
        )
    profile = active_profile(agency)
    steps, total = console_steps(profile.config)
    form = CallForm(
        request.POST or None,
        profile=profile,
        step_names=[step.name for step in steps],
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact = finish_call(contact, actor=request.user, data=form.to_input())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Panggilan dicatat: %(outcome)s.")
                % {"outcome": contact.get_outcome_display()},
            )
            if contact.complaint_id:
                return redirect(contact.complaint)
            return redirect("frontdesk:call-home")
    query = request.GET.get("q", "")[:100]
    chosen = form["standard_answer"].value() if form.is_bound else None
    return render(
        request,
        "frontdesk/call_console.html",
        {
            "agency": agency,
            "contact": contact,
            "form": form,
            "steps": [
                (
                    step,
                    step.render(officer=str(request.user)),
                    form[STEP_PREFIX + step.name],
                )
                for step in steps
            ],
            "total_seconds": total,
            "elapsed": int((clock.now() - contact.started_at).total_seconds()),
            "answers": search_answers(agency, query),
            "query": query,
            "chosen_answer": str(chosen or ""),
            "evidence_channels": evidence_channels_text(profile),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def answer_search(request: HttpRequest) -> HttpResponse:
    """Standard answers matching a query (the console's search, via htmx)."""
    agency = staff_agency(request.user)
    query = request.GET.get("q", "")[:100]
    return render(
        request,
        "frontdesk/partials/answer_choices.html",
        {
            "answers": search_answers(agency, query),
            "query": query,
            "chosen_answer": request.GET.get("standard_answer", ""),
        },
    )


# --- Standard answers ----------------------------------------------------------------


@login_required
def answer_list(request: HttpRequest) -> HttpResponse:
    """The agency's standard answers (FAQ), searchable; petugas and admin add more."""
    agency = staff_agency(request.user, roles=ANSWER_ROLES | {"resepsionis"})
    can_edit = has_role(request.user, agency.pk, ANSWER_ROLES)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            save_standard_answer(agency, actor=request.user, data=form.to_input())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Jawaban standar disimpan."))
            return redirect("frontdesk:answer-list")
    query = request.GET.get("q", "")[:100]
    answers = search_answers(agency, query, limit=200, active_only=False)
    today = local_today(agency, clock.now())
    helped = deflection_counts(agency, today - timedelta(days=29), today)
    return render(
        request,
        "frontdesk/answer_list.html",
        {
            "agency": agency,
            "answers": [(a, helped.get(a.pk, 0)) for a in answers],
            "query": query,
            "form": form,
            "can_edit": can_edit,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def answer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = staff_agency(request.user, roles=ANSWER_ROLES)
    answer = get_object_or_404(StandardAnswer, pk=pk, agency=agency)
    initial = {
        name: getattr(answer, name)
        for name in (
            "question",
            "answer",
            "kind",
            "keywords",
            "position",
            "is_public",
            "is_active",
        )
    }
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_standard_answer(
                agency, actor=request.user, data=form.to_input(), answer=answer
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Jawaban standar disimpan."))
            return redirect("frontdesk:answer-list")
    return render(
        request,
        "frontdesk/answer_edit.html",
        {"agency": agency, "answer": answer, "form": form},
        status=422 if request.method == "POST" else 200,
    )


# --- Appointments (staff) -------------------------------------------------------------


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
            add_domain_error(reason_form if action == "batal" else slot_form, error)
    day = _day_param(request, appointment.preferred_date or local_today(agency, now))
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
            "notices": appointment.notices.all(),
            "open": appointment.status
            in {
                AppointmentStatus.DIMINTA,
                AppointmentStatus.DIUSULKAN,
                AppointmentStatus.DIKONFIRMASI,
            },
        },
        status=422 if request.method == "POST" else 200,
    )


# --- Reception ----------------------------------------------------------------------


def _reception(
    request: HttpRequest, *, walk_in_form: WalkInForm | None = None, status: int = 200
) -> HttpResponse:
    agency = staff_agency(request.user)
    now = clock.now()
    today = local_today(agency, now)
    visits = visits_of_day(agency, today)
    waits = [waiting_minutes(v, now) for v in visits]
    return render(
        request,
        "frontdesk/reception.html",
        {
            "agency": agency,
            "today": today,
            "now": now,
            "appointments": appointments_of_day(agency, today),
            "visits": list(zip(visits, waits, strict=True)),
            "waiting": sum(1 for v in visits if v.status == "menunggu"),
            "average_wait": round(sum(waits) / len(waits)) if waits else 0,
            "walk_in_form": walk_in_form or WalkInForm(),
            "officers": list(officers(agency)),
            "settings": frontdesk_settings(agency),
        },
        status=status,
    )


@login_required
def reception(request: HttpRequest) -> HttpResponse:
    """Today's desk: appointments to check in, the queue with waiting times."""
    return _reception(request)


@login_required
@require_POST
def walk_in(request: HttpRequest) -> HttpResponse:
    agency = staff_agency(request.user)
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            visit = record_walk_in(agency, actor=request.user, data=form.to_input())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Tamu dicatat. Nomor antrean: %(q)s") % {"q": visit.queue_label},
            )
            return redirect("frontdesk:reception")
    return _reception(request, walk_in_form=form, status=422)


@login_required
@require_POST
def appointment_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = access_appointment(request.user, pk)
    try:
        visit = check_in(appointment, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s hadir. Nomor antrean: %(q)s")
            % {"name": visit.name, "q": visit.queue_label},
        )
    return redirect("frontdesk:reception")


@login_required
@require_POST
def visit_action(request: HttpRequest, pk: int) -> HttpResponse:
    visit = access_visit(request.user, pk)
    try:
        if request.POST.get("aksi") == "panggil":
            form = OfficerForm(request.POST, agency=visit.agency)
            officer = form.cleaned_data["officer"] if form.is_valid() else None
            call_visitor(visit, actor=request.user, officer=officer)
        elif request.POST.get("aksi") == "selesai":
            finish_visit(visit, actor=request.user)
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("frontdesk:reception")


@login_required
def visit_complaint(request: HttpRequest, pk: int) -> HttpResponse:
    """Register the visitor's complaint from the desk (channel: langsung)."""
    visit = access_visit(request.user, pk)
    agency = visit.agency
    profile = active_profile(agency)
    form = OfficerIntakeForm(
        request.POST or None,
        request.FILES or None,
        agency=agency,
        profile=profile,
        initial={
            "channel": "langsung",
            "name": visit.name,
            "phone": visit.phone,
            "what": visit.purpose,
            "kind": "pengaduan",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            complaint = register_visit_complaint(
                visit,
                actor=request.user,
                data=form.to_input(language=(get_language() or "id")[:2]),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Tersimpan. Nomor register: %(number)s")
                % {"number": complaint.register_number},
            )
            return redirect(complaint)
    return render(
        request,
        "frontdesk/visit_complaint.html",
        {"agency": agency, "visit": visit, "profile": profile, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    """Each officer's meetings of the day, on screen and printable (onsite step 4)."""
    agency = staff_agency(request.user)
    now = clock.now()
    day = _day_param(request, local_today(agency, now))
    if request.method == "POST":
        officer = get_object_or_404(
            officers(agency), pk=request.POST.get("petugas", "0")
        )
        try:
            hand_schedule(agency, actor=request.user, officer=officer, day=day)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Jadwal dikirim kepada %(name)s.") % {"name": officer},
            )
        return redirect(f"{request.path}?tanggal={day.isoformat()}")
    officer_id = request.GET.get("petugas", "")
    return render(
        request,
        "frontdesk/schedule.html",
        {
            "agency": agency,
            "day": day,
            "day_label": f"{dates.DAYS_ID[day.weekday()]}, {dates.format_date(day)}",
            "schedules": officer_schedules(
                agency,
                day,
                officer_id=int(officer_id) if officer_id.isdigit() else None,
            ),
            "settings": frontdesk_settings(agency),
            "printed_at": now,
        },
    )


# --- Public ---------------------------------------------------------------------------


def public_request(request: HttpRequest, agency_code: str) -> HttpResponse:
    """The complainant asks for an on-site meeting (onsite step 1)."""
    agency = access_public_agency(agency_code)
    form = AppointmentRequestForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = request_appointment(
                agency,
                data=form.to_input(source=AppointmentSource.WEBSITE),
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
