from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aduan.core.errors import DomainError
from aduan.core.forms import add_domain_error
from aduan.intake.selectors import access_complaint
from aduan.intake.views import render_complaint
from aduan.workflow.machine import GUARDS
from aduan.workflow.steps import STEPS, steps_for


@login_required
@require_POST
def complaint_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    complaint = access_complaint(request.user, pk)
    if step not in STEPS:
        raise Http404
    definition = STEPS[step]
    form = definition.form(
        request.POST, request.FILES, complaint=complaint, auto_id=f"id_{step}_%s"
    )
    if step not in steps_for(complaint, request.user):
        form.is_valid()
        # Say why when the rule is known (e.g. who still has to initial).
        guard = GUARDS.get(step)
        reason = guard(complaint) if guard else None
        form.add_error(
            None, reason or _("Langkah ini tidak tersedia untuk Anda saat ini.")
        )
    elif form.is_valid():
        try:
            definition.run(complaint, request.user, form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Tersimpan: %(step)s.") % {"step": definition.label}
            )
            return redirect(complaint)
    return render_complaint(request, complaint, status=422, step_forms={step: form})
