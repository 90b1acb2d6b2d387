"""Every REST API error as RFC 9457 problem details (application/problem+json).

Members: type (about:blank: the HTTP status says what kind of problem it is),
title (the status phrase), status, detail (for people), and the extensions code
(for programs: DomainError codes or DRF's), field (the input at fault, if one)
and errors (every invalid field with its messages).
"""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from aduan.core.errors import DomainError, ErrorCode

PROBLEM_JSON = "application/problem+json"

DOMAIN_STATUS = {
    ErrorCode.INVALID: status.HTTP_400_BAD_REQUEST,
    ErrorCode.REASON_REQUIRED: status.HTTP_400_BAD_REQUEST,
    ErrorCode.NOT_FOUND: status.HTTP_404_NOT_FOUND,
    ErrorCode.FORBIDDEN: status.HTTP_403_FORBIDDEN,
    ErrorCode.NOT_ALLOWED: status.HTTP_409_CONFLICT,
    ErrorCode.TOO_LARGE: status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    ErrorCode.UNSUPPORTED_FILE: status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    ErrorCode.PROFILE_INVALID: status.HTTP_409_CONFLICT,
}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large."
    default_code = "too_large"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Not allowed in the current state."
    default_code = "not_allowed"


def problem(
    status_code: int,
    detail: str,
    *,
    code: str,
    field: str | None = None,
    errors: dict | None = None,
) -> dict:
    """The body of one problem."""
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
        "code": code,
    }
    if field:
        body["field"] = field
    if errors:
        body["errors"] = errors
    return body


def problem_response(body: dict, *, headers: dict | None = None) -> Response:
    return Response(
        body, status=body["status"], headers=headers, content_type=PROBLEM_JSON
    )


def _flatten(detail) -> dict[str, list[str]]:
    """DRF's nested validation detail as {"field" or "a.b": [messages]}."""
    flat: dict[str, list[str]] = {}

    def walk(value, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif (
            isinstance(value, list)
            and value
            and not all(isinstance(v, str) for v in value)
        ):
            for index, item in enumerate(value):
                walk(item, f"{path}.{index}" if path else str(index))
        else:
            items = value if isinstance(value, list) else [value]
            flat.setdefault(path or "non_field_errors", []).extend(
                str(v) for v in items
            )

    walk(detail, "")
    return flat


def _validation_problem(exc: exceptions.ValidationError) -> dict:
    errors = _flatten(exc.detail)
    field, messages = next(iter(errors.items()))
    detail = messages[0] if field == "non_field_errors" else f"{field}: {messages[0]}"
    return problem(
        exc.status_code,
        detail,
        code="invalid",
        field=None if field == "non_field_errors" else field,
        errors=errors,
    )


def problem_exception_handler(exc, context):
    """DRF's exception handler, answering in problem+json."""
    if isinstance(exc, DomainError):
        body = problem(
            DOMAIN_STATUS.get(exc.code, status.HTTP_400_BAD_REQUEST),
            exc.message,
            code=exc.code.value,
            field=exc.field,
        )
        return problem_response(body)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(_("Isi permintaan terlalu besar."))
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(_("Permintaan tidak dapat dibaca."))
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = _validation_problem(exc)
    else:
        codes = exc.get_codes()
        body = problem(
            response.status_code,
            str(exc.detail),
            code=codes if isinstance(codes, str) else "error",
        )
    response.data = body
    response.content_type = PROBLEM_JSON
    return response
