"""The framework's own floor for the web form: the same settings and middleware as
Aduan (sessions, locale, CSRF, auth, messages, ...), one view at the form's address.

GET answers a minimal page carrying the CSRF token; POST reads the multipart body,
hashes the attachment and commits one row into the bench's scratch table, then
redirects like the real form. `make bench` serves it under the same gunicorn as the
real form so that the gap between the two is Aduan's own work, not Django's.
Used only by bench/run.py (DJANGO_SETTINGS_MODULE=bench.bare_django).
"""

import hashlib

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.urls import path

from config.settings import *  # noqa: F403 - the real settings, one URL replaced

ROOT_URLCONF = "bench.bare_django"


def bare_form(request: HttpRequest, agency_code: str) -> HttpResponse:
    if request.method == "POST":
        upload = request.FILES["attachments"]
        digest = hashlib.sha256(upload.read()).hexdigest()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_bare (payload, created_at) VALUES (%s, now())",
                [f"{request.POST['what']} {digest}"],
            )
        return HttpResponseRedirect("/lacak/0000000000000000A/tanda-terima/?t=bare")
    token = get_token(request)
    return HttpResponse(
        '<form method="post" enctype="multipart/form-data">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}"></form>'
    )


urlpatterns = [path("lapor/<str:agency_code>/", bare_form)]
