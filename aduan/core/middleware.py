from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class BodySizeLimitMiddleware:
    """Refuse oversized bodies with a readable 413 before anything parses them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.ADUAN_MAX_REQUEST_MB * 1024 * 1024
        if length > limit:
            body = render_to_string(
                "413.html", {"limit_mb": settings.ADUAN_MAX_REQUEST_MB}, request=None
            )
            return HttpResponse(body, status=413)
        return self.get_response(request)
