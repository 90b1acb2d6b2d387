from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from aduan.accounts.selectors import primary_agency_id
from aduan.agencies.models import Agency
from aduan.core import dates
from aduan.sla.selectors import sla_figures


@login_required
def sla_page(request: HttpRequest) -> HttpResponse:
    """SLA figures of the user's agency for a month (?bulan=2026-11)."""
    agency_id = primary_agency_id(request.user)
    if agency_id is None:
        raise Http404
    agency = get_object_or_404(Agency, pk=agency_id)
    today = dates.local(timezone.now(), agency.timezone).date()
    try:
        year, month = (int(x) for x in request.GET.get("bulan", "").split("-"))
        chosen = date(year, month, 1)
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
