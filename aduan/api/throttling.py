"""Rate limits, read from settings on each request (so tests and deployments can
change them), counted in the default cache. Several web workers need a shared
cache (Redis) for the limits to hold across them."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


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
