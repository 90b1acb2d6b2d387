"""GeoReport v2 bodies in its two formats. JSON follows the Spark convention the
spec names: a list element (services, service_requests, errors...) becomes an
array, everything else keeps its XML element name."""

import json
from xml.etree import ElementTree

from django.http import HttpResponse

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
# XML element of each item of a list, by the list's element name.
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ElementTree.Element, value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ElementTree.SubElement(element, key), item)
    elif isinstance(value, list):
        tag = ITEM_TAGS[element.tag]
        for item in value:
            _fill(ElementTree.SubElement(element, tag), item)
    else:
        element.text = _text(value)


def to_xml(root: str, value) -> bytes:
    """The XML document of a body, with the declaration the spec requires."""
    element = ElementTree.Element(root)
    _fill(element, value)
    body = ElementTree.tostring(element, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}'.encode()


def respond(fmt: str, root: str, value, *, status: int = 200) -> HttpResponse:
    """One body, rendered in the format the URL asked for (.json or .xml)."""
    if fmt == "json":
        content = json.dumps(value, ensure_ascii=False).encode()
    else:
        fmt = "xml"
        content = to_xml(root, value)
    return HttpResponse(content, status=status, content_type=CONTENT_TYPES[fmt])


def errors(fmt: str, status: int, descriptions: list[str]) -> HttpResponse:
    """GeoReport errors: a list of {code, description}, code = the HTTP status."""
    items = [{"code": status, "description": d} for d in descriptions]
    return respond(fmt, "errors", items, status=status)
