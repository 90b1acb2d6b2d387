from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from aduan.accounts.roles import Role
from aduan.accounts.selectors import has_role, primary_agency_id
from aduan.agencies.models import Agency
from aduan.core import dates
from aduan.core.errors import DomainError
from aduan.core.forms import id_param
from aduan.sla.deadlines import calendar_for
from aduan.sla.models import CalendarDay
from aduan.sla.selectors import sla_figures
from aduan.sla.services import remove_calendar_day, set_calendar_day


@login_required
def sla_page(request: HttpRequest) -> HttpResponse:
    """SLA figures of the user's agency for a month (?bulan=2026-11)."""
    agency_id = primary_agency_id(request.user)
    if agency_id is None:
        raise Http404
    agency = get_object_or_404(Agency, pk=agency_id)
    today = dates.local(timezone.now(), agency.timezone).date()
    try:
        year, month = (int(x) for x in request.GET.get("bulan", "")[:7].split("-"))
        chosen = date(year, month, 1)
        if not dates.in_calendar(chosen):
            raise ValueError(chosen)
    except ValueError:
        chosen = today.replace(day=1)
    return render(
        request,
        "sla/figures.html",
        {
            "agency": agency,
            "month": chosen,
            "figures": sla_figures(agency, chosen),
            "month_label": f"{dates.MONTHS_ID[chosen.month - 1]} {chosen.year}",
        },
    )


class CalendarDayForm(forms.Form):
    day = forms.DateField(
        label=_l("Tanggal"), widget=forms.DateInput(attrs={"type": "date"})
    )
    is_working = forms.BooleanField(
        label=_l("Jadikan hari kerja (batalkan libur/cuti bersama)"), required=False
    )
    note = forms.CharField(label=_l("Keterangan/dasar keputusan"), max_length=200)

    def clean_day(self) -> date:
        day = self.cleaned_data["day"]
        if not dates.in_calendar(day):
            raise forms.ValidationError(
                _("Pilih tanggal antara tahun %(first)s dan %(last)s.")
                % {"first": dates.FIRST_YEAR, "last": dates.LAST_YEAR}
            )
        return day


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """A year of the agency's calendar; the admin adds or cancels days off."""
    agency_id = primary_agency_id(request.user)
    if agency_id is None:
        raise Http404
    agency = get_object_or_404(Agency, pk=agency_id)
    today = dates.local(timezone.now(), agency.timezone).date()
    year_text = request.GET.get("tahun", "")
    year = id_param(year_text)
    if year is None or not dates.FIRST_YEAR <= year <= dates.LAST_YEAR:
        year = today.year
    form = CalendarDayForm(request.POST or None)
    if request.method == "POST":
        try:
            if "hapus" in request.POST:
                day = date.fromisoformat(request.POST["hapus"][:10])
                remove_calendar_day(agency, actor=request.user, day=day)
                return redirect(f"{request.path}?tahun={day.year}")
            if form.is_valid():
                set_calendar_day(agency, actor=request.user, **form.cleaned_data)
                return redirect(f"{request.path}?tahun={form.cleaned_data['day'].year}")
        except (DomainError, ValueError) as error:
            form.is_valid()
            form.add_error(None, getattr(error, "message", _("Tanggal tidak sah.")))
    calendar = calendar_for(agency)
    off_days = [
        (day, name)
        for day, name in calendar.off_days_in_year(year)
        if day.weekday() < 5
    ]
    return render(
        request,
        "sla/calendar.html",
        {
            "agency": agency,
            "year": year,
            "off_days": off_days,
            "form": form,
            "changes": CalendarDay.objects.filter(agency=agency, day__year=year),
            "working_days": len(calendar.working_days_in_year(year)),
            "can_edit": has_role(request.user, agency.pk, {Role.ADMIN}),
        },
        status=422 if request.method == "POST" else 200,
    )
