"""Who is calling: a staff session (the web's login) or an integration's API key.

A key authenticates as its service account, so every rule of the web (roles,
unit visibility, reported employees, personal data) applies to it unchanged;
scopes only narrow what a key may call on top of that.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from aduan.api.models import ApiKey
from aduan.api.selectors import api_key_by_token
from aduan.api.services import touch_api_key
from aduan.api.throttling import KeyGuessingGuard


class ApiKeyAuthentication(BaseAuthentication):
    """`Authorization: Bearer adn_<prefix>_<secret>`."""

    keyword = b"bearer"

    def authenticate(self, request: Request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Header Authorization harus berbentuk: Bearer <kunci>.")
            )
        guard = KeyGuessingGuard()
        guard.check(request)
        try:
            key = api_key_by_token(header[1].decode("ascii"))
        except UnicodeDecodeError:
            key = None
        if key is None:
            guard.record_failure(request)
            raise exceptions.AuthenticationFailed(
                _("Kunci API tidak sah atau sudah dicabut.")
            )
        touch_api_key(key, at=timezone.now())
        return key.user, key

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="aduan"'


def key_of(request: Request) -> ApiKey | None:
    return request.auth if isinstance(request.auth, ApiKey) else None


class HasScope(BasePermission):
    """A key needs the scope the view names for the method; a session has all."""

    message = _("Kunci API ini tidak mencakup operasi tersebut.")

    def has_permission(self, request: Request, view) -> bool:
        key = key_of(request)
        if key is None:
            return True
        if not hasattr(view, request.method.lower()):
            return True  # the view answers 405 itself
        method = "GET" if request.method in {"HEAD", "OPTIONS"} else request.method
        needed = getattr(view, "scopes", {}).get(method)
        # A view that names no scope for the method is closed to keys.
        return needed is not None and needed in key.scopes
