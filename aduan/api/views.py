from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from aduan.api.errors import PROBLEM_JSON, problem


def not_found(request: HttpRequest) -> JsonResponse:
    """An unknown address under /api/."""
    body = problem(404, _("Alamat API ini tidak ada."), code="not_found")
    return JsonResponse(body, status=404, content_type=PROBLEM_JSON)
