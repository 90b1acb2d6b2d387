"""The reception desk's day: check-in, walk-ins, the queue and the schedules."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aduan.agencies.selectors import active_profile
from aduan.core import dates
from aduan.core.errors import DomainError
from aduan.core.forms import add_domain_error, id_param
from aduan.frontdesk import clock
from aduan.frontdesk.forms import OfficerForm, WalkInForm
from aduan.frontdesk.selectors import (
    access_appointment,
    access_visit,
    appointments_of_day,
    frontdesk_settings,
    local_today,
    officer_schedules,
    officers,
    staff_agency,
    visits_of_day,
    waiting_minutes,
)
from aduan.frontdesk.services import (
    call_visitor,
    check_in,
    finish_visit,
    hand_schedule,
    record_walk_in,
    register_visit_complaint,
)
from aduan.intake.forms import OfficerIntakeForm


def day_param(request: HttpRequest, default: date) -> date:
    """The day asked for in ?tanggal=, else the default."""
    try:
        day = date.fromisoformat(request.GET.get("tanggal", "")[:10])
    except ValueError:
        return default
    return day if dates.in_calendar(day) else default


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
    day = day_param(request, local_today(agency, now))
    if request.method == "POST":
        officer = get_object_or_404(
            officers(agency), pk=id_param(request.POST.get("petugas", "")) or 0
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
                officer_id=id_param(officer_id),
            ),
            "settings": frontdesk_settings(agency),
            "printed_at": now,
        },
    )
