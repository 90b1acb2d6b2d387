"""Rate limits, read from settings on each request (so tests and deployments can
change them), counted in the default cache. Several web workers need a shared
cache (Redis) for the limits to hold across them."""

from django.core.cache import cache
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.throttling import (
    AnonRateThrottle,
    BaseThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
)


class _RateFromSettings:
    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonymousThrottle(_RateFromSettings, AnonRateThrottle):
    """Anonymous callers (Open311 readers, the schema), per IP address."""

    scope = "anon"


class CallerThrottle(_RateFromSettings, UserRateThrottle):
    """Staff sessions and API keys, per account."""

    scope = "user"


class Open311PostThrottle(_RateFromSettings, UserRateThrottle):
    """New Open311 requests, per API key (they create complaints)."""

    scope = "open311_post"


class KeyGuessingGuard(BaseThrottle):
    """Wrong API keys per address: past the limit, further tries are refused
    before any key is looked up (authentication runs before rate limits, so the
    other throttles never see a refused key)."""

    scope = "key_failures"
    default_rate = "20/minute"

    def _key(self, request) -> str:
        return f"aduan-api-key-failures-{self.get_ident(request)}"

    def _rate(self) -> tuple[int, int]:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope, self.default_rate)
        return SimpleRateThrottle.parse_rate(None, rate)

    def check(self, request) -> None:
        limit, period = self._rate()
        if cache.get(self._key(request), 0) >= limit:
            raise exceptions.Throttled(wait=period)

    def record_failure(self, request) -> None:
        key = self._key(request)
        _, period = self._rate()
        if cache.add(key, 1, timeout=period):
            return
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=period)
