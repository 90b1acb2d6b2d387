"""OpenAPI details drf-spectacular cannot infer: the API-key scheme, and the
error bodies (problem+json for the REST API, Open311's own list for Open311)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as _AutoSchema

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "field": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status", "detail", "code"],
}
OPEN311_ERRORS = {
    "type": "array",
    "description": "GeoReport v2 errors.",
    "items": {
        "type": "object",
        "properties": {
            "code": {"type": "integer"},
            "description": {"type": "string"},
        },
        "required": ["code", "description"],
    },
}
REST_ERRORS = {
    400: "Invalid request",
    401: "Not authenticated",
    403: "Not permitted",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Not allowed in the current state",
    413: "Request body too large",
    415: "Unsupported media type",
    429: "Too many requests",
}
OPEN311_STATUSES = {
    400: "Invalid request",
    403: "Missing or invalid api_key",
    404: "Not found",
    405: "Method not allowed",
    413: "Request body too large",
    429: "Too many requests",
}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "aduan.api.auth.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An agency API key: `Authorization: Bearer adn_…`.",
        }


def add_error_responses(result, generator, request, public):
    """Document every error an operation can answer with, in its real format."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM
    schemas["Open311Errors"] = OPEN311_ERRORS
    for path, operations in result.get("paths", {}).items():
        open311 = path.startswith("/open311/")
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for code, text in (OPEN311_STATUSES if open311 else REST_ERRORS).items():
                if str(code) in responses:
                    continue
                if open311:
                    content = {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Open311Errors"}
                        },
                        "text/xml": {"schema": {"type": "string"}},
                    }
                else:
                    content = {
                        "application/problem+json": {
                            "schema": {"$ref": "#/components/schemas/Problem"}
                        }
                    }
                responses[str(code)] = {"description": text, "content": content}
    return result


class AutoSchema(_AutoSchema):
    """Names components after their view: ComplaintListApi.OutputSerializer is
    "ComplaintListOutput", not one of many "Output"s."""

    def get_serializer_name(self, serializer, direction) -> str:
        qualname = type(serializer).__qualname__
        if "." in qualname:
            outer, inner = qualname.rsplit(".", 1)
            outer = outer.split(".")[-1].removesuffix("Api")
            return outer + inner.removesuffix("Serializer")
        return super().get_serializer_name(serializer, direction)


class Open311ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "aduan.api.open311.views.ApiKeyParameter"
    name = "open311ApiKey"

    def get_security_requirement(self, auto_schema):
        # Only POST Service Request requires a key (GeoReport v2).
        return {self.name: []} if auto_schema.method == "POST" else None

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "query",
            "name": "api_key",
            "description": "GeoReport v2 api_key: a form field of the POST body "
            "(the query string is accepted too).",
        }
