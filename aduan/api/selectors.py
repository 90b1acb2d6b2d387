"""Reads of the API app."""

import hmac

from aduan.api.models import ApiKey
from aduan.api.services import TOKEN_PREFIX, hash_token


def api_key_by_token(token: str) -> ApiKey | None:
    """The active key this token belongs to; None for unknown or revoked tokens."""
    parts = token.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or len(token) > 200:
        return None
    key = (
        ApiKey.objects.select_related("agency", "user", "unit")
        .filter(prefix=parts[1])
        .first()
    )
    if key is None or not hmac.compare_digest(key.secret_hash, hash_token(token)):
        return None
    # Both checks, each request: a revoked key is refused at once.
    if key.revoked_at is not None or not key.user.is_active:
        return None
    return key
