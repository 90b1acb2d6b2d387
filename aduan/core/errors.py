"""Domain errors: services raise these, views and the API turn them into messages."""

from enum import Enum


class ErrorCode(Enum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    NOT_ALLOWED = "not_allowed"
    REASON_REQUIRED = "reason_required"
    TOO_LARGE = "too_large"
    UNSUPPORTED_FILE = "unsupported_file"
    PROFILE_INVALID = "profile_invalid"


class DomainError(Exception):
    """A rule of the domain refused the request; `message` is shown to the user."""

    def __init__(self, code: ErrorCode, message: str, *, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
