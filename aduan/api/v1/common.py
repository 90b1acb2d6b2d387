"""What every v1 view shares: the body limit, scopes, the caller's agency."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.request import Request
from rest_framework.views import APIView

from aduan.accounts.selectors import agency_ids_of, primary_agency_id
from aduan.agencies.models import Agency
from aduan.api.auth import key_of
from aduan.api.errors import PayloadTooLarge
from aduan.api.models import Scope

READ = Scope.COMPLAINTS_READ.value
WRITE = Scope.COMPLAINTS_WRITE.value
# JSON bodies are small; uploads have their own limits (ADUAN_MAX_*).
JSON_BODY_LIMIT = 256 * 1024


class ApiView(APIView):
    """A v1 operation: refuses oversized bodies before anything parses them."""

    scopes: dict[str, str] = {}
    body_limit = JSON_BODY_LIMIT

    def initial(self, request: Request, *args, **kwargs) -> None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = self.body_limit or settings.ADUAN_MAX_REQUEST_MB * 1024 * 1024
        if length > limit:
            raise PayloadTooLarge(
                _("Isi permintaan melebihi %(kb)s KB.") % {"kb": limit // 1024}
            )
        super().initial(request, *args, **kwargs)


def caller_agency(request: Request, code: str = "") -> Agency:
    """The agency the caller works in: the key's, or the staff member's (a code
    picks one when they belong to several); 404 for any other."""
    key = key_of(request)
    if key is not None:
        if code and code != key.agency.code:
            raise Http404
        return key.agency
    ids = agency_ids_of(request.user)
    if code:
        agency = Agency.objects.filter(code=code, pk__in=ids).first()
    else:
        agency_id = primary_agency_id(request.user)
        agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    if agency is None:
        raise Http404
    return agency


def client_ip(request: Request) -> str | None:
    return request.META.get("REMOTE_ADDR")
