"""The call console and the standard answers (seed 000 steps 1-6)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from aduan.accounts.selectors import has_role
from aduan.agencies.selectors import active_profile
from aduan.core.errors import DomainError
from aduan.core.forms import add_domain_error
from aduan.frontdesk import clock
from aduan.frontdesk.forms import (
    STEP_PREFIX,
    AnswerForm,
    CallForm,
)
from aduan.frontdesk.models import StandardAnswer
from aduan.frontdesk.script import console_steps
from aduan.frontdesk.selectors import (
    ANSWER_ROLES,
    access_contact,
    call_counts,
    deflection_counts,
    local_today,
    open_calls,
    recent_calls,
    search_answers,
    staff_agency,
)
from aduan.frontdesk.services import (
    evidence_channels_text,
    finish_call,
    save_standard_answer,
    start_call,
)


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
