"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), one agency per
jurisdiction. Field names, formats and errors follow the spec; a new request is
registered through register_complaint like the public web form."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.authentication import BaseAuthentication
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from aduan.api.errors import DOMAIN_STATUS, _flatten
from aduan.api.models import Scope
from aduan.api.open311 import render
from aduan.api.open311.selectors import (
    Open311Error,
    RequestFilters,
    as_service_requests,
    attributes,
    jurisdiction,
    public_request,
    public_requests,
    required_attributes,
    service_codes,
)
from aduan.api.selectors import api_key_by_token
from aduan.api.services import touch_api_key
from aduan.api.throttling import (
    AnonymousThrottle,
    KeyGuessingGuard,
    Open311PostThrottle,
)
from aduan.core import dates
from aduan.core.errors import DomainError
from aduan.core.text import plain_text
from aduan.intake.choices import Channel, Kind
from aduan.intake.selectors import complaint_by_tracking_code
from aduan.intake.services import ComplaintInput, ReporterInput, register_complaint
from aduan.intake.validators import clean_phone

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this discovery document last changed (the spec's "changeset").
CHANGESET = "2026-11-25T00:00:00Z"
BODY_LIMIT = 64 * 1024
MAX_SPAN = timedelta(days=90)
MAX_IDS = 100
ATTRIBUTE_KEY = re.compile(r"^attribute\[([A-Za-z0-9_]+)\](\[\])?$")

# Named fmt: DRF leaves paths ending in ".{format}" out of the schema.
FORMAT = OpenApiParameter(
    "fmt",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    enum=["json", "xml"],
    description="Response format (the spec's [format] suffix).",
)
JURISDICTION = OpenApiParameter(
    "jurisdiction_id",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    description="Agency code (or website host); optional while one agency serves.",
)


def _responses(serializer) -> dict:
    return {(200, "application/json"): serializer, (200, "text/xml"): OpenApiTypes.STR}


def open311_exception_handler(exc, context) -> HttpResponse | None:
    """Every refusal in GeoReport's error format, in the format the URL asked."""
    view = context.get("view")
    fmt = view.kwargs.get("fmt", "xml") if view else "xml"
    headers = {}
    if isinstance(exc, Open311Error):
        status, descriptions = exc.status, [exc.description]
    elif isinstance(exc, DomainError):
        # GeoReport: 403 for keys, 404 for what does not exist, 400 for the rest.
        status = DOMAIN_STATUS.get(exc.code, 400)
        status = status if status in {403, 404, 413} else 400
        descriptions = [f"{exc.field}: {exc.message}" if exc.field else exc.message]
    elif isinstance(exc, Http404):
        status, descriptions = 404, [_("Tidak ditemukan.")]
    elif isinstance(exc, RequestDataTooBig):
        status, descriptions = 413, [_("Isi permintaan terlalu besar.")]
    elif isinstance(exc, SuspiciousOperation):
        status, descriptions = 400, [_("Permintaan tidak dapat dibaca.")]
    elif isinstance(exc, exceptions.ValidationError):
        status = 400
        descriptions = [
            f"{field}: {message}" if field != "non_field_errors" else message
            for field, messages in _flatten(exc.detail).items()
            for message in messages
        ]
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        status, descriptions = 403, [str(exc.detail)]
    elif isinstance(exc, exceptions.APIException):
        status, descriptions = exc.status_code, [str(exc.detail)]
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            headers["Retry-After"] = str(int(exc.wait) + 1)
        if isinstance(exc, exceptions.UnsupportedMediaType):
            status = 400
    else:
        return None
    response = render.errors(fmt, status, descriptions)
    for name, value in headers.items():
        response[name] = value
    return response


class AnyAccept(DefaultContentNegotiation):
    """The URL's suffix picks the format, whatever the Accept header says."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ApiKeyParameter(BaseAuthentication):
    """POST requests carry `api_key` (GeoReport v2), and so do reads of requests:
    the public sees a complaint only through its tracking code (non-negotiable 5),
    so listing or fetching requests is for the agency's integrations only."""

    def authenticate(self, request: Request):
        view = (request.parser_context or {}).get("view")
        if request.method != "POST" and not getattr(view, "key_for_reads", False):
            return None
        token = request.data.get("api_key") or request.query_params.get("api_key")
        if not token:
            raise exceptions.NotAuthenticated(_("api_key wajib diisi."))
        guard = KeyGuessingGuard()
        guard.check(request)
        key = api_key_by_token(str(token))
        if key is None:
            guard.record_failure(request)
        if key is None or Scope.OPEN311 not in key.scopes:
            raise exceptions.AuthenticationFailed(
                _("api_key tidak sah atau sudah dicabut.")
            )
        touch_api_key(key, at=timezone.now())
        return key.user, key


def _require_key_of(request: Request, agency) -> None:
    key = request.auth
    if key is None:
        raise Open311Error(401, _("api_key wajib diisi."))
    if key.agency_id != agency.pk:
        raise Open311Error(403, _("api_key tidak berlaku untuk yurisdiksi ini."))


class Open311View(APIView):
    authentication_classes = [ApiKeyParameter]
    permission_classes = [AllowAny]
    throttle_classes = [AnonymousThrottle]
    parser_classes = [FormParser, MultiPartParser]
    content_negotiation_class = AnyAccept

    def get_exception_handler(self):
        return open311_exception_handler

    def initial(self, request: Request, *args, **kwargs) -> None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > BODY_LIMIT:
            raise Open311Error(413, _("Isi permintaan terlalu besar."))
        super().initial(request, *args, **kwargs)

    def agency(self, request: Request):
        return jurisdiction(str(request.query_params.get("jurisdiction_id", ""))[:200])


class DiscoverySerializer(serializers.Serializer):
    class EndpointSerializer(serializers.Serializer):
        specification = serializers.CharField()
        url = serializers.CharField()
        changeset = serializers.CharField()
        type = serializers.CharField()
        formats = serializers.ListField(child=serializers.CharField())

    changeset = serializers.CharField()
    contact = serializers.CharField()
    key_service = serializers.CharField()
    endpoints = EndpointSerializer(many=True)


class DiscoveryApi(Open311View):
    """GET /open311/v2/discovery.{format}: where the GeoReport v2 endpoint is."""

    @extend_schema(
        operation_id="open311_discovery",
        parameters=[FORMAT],
        responses=_responses(DiscoverySerializer),
    )
    def get(self, request: Request, fmt: str) -> HttpResponse:
        base = request.build_absolute_uri(reverse("open311:discovery", args=["xml"]))
        url = base.rsplit("/", 1)[0]
        body = {
            "changeset": CHANGESET,
            "contact": _("Hubungi admin instansi untuk bantuan integrasi."),
            "key_service": _(
                "Kunci API diterbitkan oleh admin instansi (manage.py api_key)."
            ),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": url,
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        }
        return render.respond(fmt, "discovery", body)


class ServiceSerializer(serializers.Serializer):
    service_code = serializers.CharField()
    service_name = serializers.CharField()
    description = serializers.CharField()
    metadata = serializers.BooleanField()
    type = serializers.ChoiceField(choices=["realtime", "batch", "blackbox"])
    keywords = serializers.CharField()
    group = serializers.CharField()


class ServiceListApi(Open311View):
    """GET /open311/v2/services.{format}: the kinds of report the agency takes."""

    @extend_schema(
        operation_id="open311_service_list",
        parameters=[FORMAT, JURISDICTION],
        responses=_responses(ServiceSerializer(many=True)),
    )
    def get(self, request: Request, fmt: str) -> HttpResponse:
        agency = self.agency(request)
        body = [
            {
                "service_code": code,
                "service_name": str(Kind(code).label),
                "description": _("%(kind)s kepada %(agency)s")
                % {"kind": Kind(code).label, "agency": agency.name},
                # Always true: every service has the complaint's 5W1H attributes.
                "metadata": True,
                # The register number is given at once (DESIGN.md: Numbers).
                "type": "realtime",
                "keywords": code.replace("_", " "),
                "group": "pengaduan",
            }
            for code in service_codes(agency)
        ]
        return render.respond(fmt, "services", body)


class AttributeSerializer(serializers.Serializer):
    variable = serializers.BooleanField()
    code = serializers.CharField()
    datatype = serializers.CharField()
    required = serializers.BooleanField()
    datatype_description = serializers.CharField(allow_null=True)
    order = serializers.IntegerField()
    description = serializers.CharField()
    values = serializers.ListField(child=serializers.DictField(), required=False)


class ServiceDefinitionSerializer(serializers.Serializer):
    service_code = serializers.CharField()
    attributes = AttributeSerializer(many=True)


class ServiceDefinitionApi(Open311View):
    """GET /open311/v2/services/{service_code}.{format}: the attributes a request
    for this service may carry, marked required as the agency's SOP requires."""

    @extend_schema(
        operation_id="open311_service_definition",
        parameters=[FORMAT, JURISDICTION],
        responses=_responses(ServiceDefinitionSerializer),
    )
    def get(self, request: Request, service_code: str, fmt: str) -> HttpResponse:
        agency = self.agency(request)
        if service_code not in service_codes(agency):
            raise Open311Error(404, _("service_code tidak ditemukan."))
        required = required_attributes(agency)
        items = []
        for order, attribute in enumerate(attributes(), start=1):
            item = {
                "variable": True,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.code in required,
                "datatype_description": (
                    _("Tanggal ISO 8601, mis. 2026-11-22")
                    if attribute.datatype == "datetime"
                    else None
                ),
                "order": order,
                "description": str(attribute.description),
            }
            if attribute.values:
                item["values"] = [{"key": k, "name": n} for k, n in attribute.values]
            items.append(item)
        body = {"service_code": service_code, "attributes": items}
        return render.respond(fmt, "service_definition", body)


class ServiceRequestSerializer(serializers.Serializer):
    service_request_id = serializers.CharField()
    status = serializers.ChoiceField(choices=["open", "closed"])
    status_notes = serializers.CharField(allow_null=True)
    service_name = serializers.CharField()
    service_code = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    agency_responsible = serializers.CharField(allow_null=True)
    service_notice = serializers.CharField(allow_null=True)
    requested_datetime = serializers.CharField()
    updated_datetime = serializers.CharField(allow_null=True)
    expected_datetime = serializers.CharField(allow_null=True)
    address = serializers.CharField(allow_null=True)
    address_id = serializers.CharField(allow_null=True)
    zipcode = serializers.CharField(allow_null=True)
    lat = serializers.FloatField(allow_null=True)
    long = serializers.FloatField(allow_null=True)
    media_url = serializers.CharField(allow_null=True)


def _moment(text: str, tz: str) -> datetime:
    value = parse_datetime(text)
    if value is None:
        day = parse_date(text)
        if day is None:
            raise ValueError
        value = datetime(day.year, day.month, day.day)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, ZoneInfo(tz))
    return value


class ServiceRequestListApi(Open311View):
    """GET /open311/v2/requests.{format}: non-secret complaints, newest first
    (api_key of the jurisdiction required)."""

    key_for_reads = True

    class FilterSerializer(serializers.Serializer):
        jurisdiction_id = serializers.CharField(required=False)
        service_request_id = serializers.CharField(required=False, max_length=4000)
        service_code = serializers.CharField(required=False, max_length=500)
        start_date = serializers.CharField(required=False, max_length=40)
        end_date = serializers.CharField(required=False, max_length=40)
        status = serializers.CharField(required=False, max_length=40)

    @extend_schema(
        operation_id="open311_request_list",
        parameters=[FORMAT, FilterSerializer],
        responses=_responses(ServiceRequestSerializer(many=True)),
    )
    def get(self, request: Request, fmt: str) -> HttpResponse:
        agency = self.agency(request)
        _require_key_of(request, agency)
        params = ServiceRequestListApi.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = self._filters(params.validated_data, agency)
        rows = list(public_requests(agency, filters, viewer=request.auth.user))
        return render.respond(fmt, "service_requests", as_service_requests(rows))

    @staticmethod
    def _list(value: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))

    def _filters(self, data: dict, agency) -> RequestFilters:
        ids = self._list(data.get("service_request_id", ""))
        if len(ids) > MAX_IDS:
            raise Open311Error(400, _("Paling banyak 100 service_request_id."))
        if ids:
            return RequestFilters(ids=ids)
        codes = self._list(data.get("service_code", ""))
        unknown = set(codes) - set(Kind.values)
        if unknown:
            raise Open311Error(
                400, _("service_code tidak dikenal: %(c)s") % {"c": ", ".join(unknown)}
            )
        statuses = self._list(data.get("status", ""))
        if set(statuses) - {"open", "closed"}:
            raise Open311Error(400, _("status hanya open atau closed."))
        tz = agency.timezone
        try:
            start = _moment(data["start_date"], tz) if data.get("start_date") else None
            end = _moment(data["end_date"], tz) if data.get("end_date") else None
            # The range is searched in UTC and widened by up to 90 days: far ends of
            # the calendar would overflow.
            for moment in (start, end):
                if moment is not None and not dates.in_calendar(moment.date()):
                    raise ValueError(moment)
        except (ValueError, OverflowError) as error:
            raise Open311Error(
                400,
                _("start_date/end_date harus ISO 8601, mis. 2026-01-01T00:00:00Z."),
            ) from error
        # "When not specified, the range defaults to most recent 90 days."
        if start is None and end is None:
            end = timezone.now()
        if start is None:
            start = end - MAX_SPAN
        if end is None:
            end = start + MAX_SPAN
        if end < start:
            raise Open311Error(400, _("end_date sebelum start_date."))
        if end - start > MAX_SPAN:
            raise Open311Error(400, _("Rentang tanggal paling lama 90 hari."))
        return RequestFilters(
            service_codes=codes, start=start, end=end, statuses=statuses
        )


class ServiceRequestInputSerializer(serializers.Serializer):
    api_key = serializers.CharField(max_length=200)
    jurisdiction_id = serializers.CharField(required=False, max_length=200)
    service_code = serializers.ChoiceField(choices=Kind.values)
    lat = serializers.FloatField(required=False, min_value=-90, max_value=90)
    long = serializers.FloatField(required=False, min_value=-180, max_value=180)
    address_string = serializers.CharField(required=False, max_length=250)
    address_id = serializers.CharField(required=False, max_length=100)
    email = serializers.EmailField(required=False)
    device_id = serializers.CharField(required=False, max_length=200)
    account_id = serializers.CharField(required=False, max_length=200)
    first_name = serializers.CharField(required=False, max_length=70)
    last_name = serializers.CharField(required=False, max_length=70)
    phone = serializers.CharField(required=False, max_length=30)
    description = serializers.CharField(max_length=4000)
    media_url = serializers.URLField(required=False, max_length=500)

    def validate_phone(self, value: str) -> str:
        return clean_phone(value)

    def validate(self, attrs: dict) -> dict:
        has_lat, has_long = "lat" in attrs, "long" in attrs
        if has_lat != has_long:
            raise serializers.ValidationError(_("lat dan long harus dikirim bersama."))
        if not (has_lat or attrs.get("address_string") or attrs.get("address_id")):
            raise serializers.ValidationError(
                _("Lokasi wajib: lat & long, address_string, atau address_id.")
            )
        attrs["description"] = plain_text(attrs["description"])
        if not attrs["description"]:
            raise serializers.ValidationError(
                {"description": _("Uraikan apa yang terjadi.")}
            )
        return attrs


class PostResponseSerializer(serializers.Serializer):
    service_request_id = serializers.CharField()
    service_notice = serializers.CharField()
    account_id = serializers.CharField(allow_null=True)


def _attributes(data, agency) -> dict:
    """attribute[code]=value pairs, checked against the service definition."""
    known = {a.code: a for a in attributes()}
    values: dict = {}
    for key in data:
        match = ATTRIBUTE_KEY.match(key)
        if match is None:
            continue
        code = match.group(1)
        if code not in known:
            raise Open311Error(400, _("attribute[%(c)s] tidak dikenal.") % {"c": code})
        value = str(data.get(key, "")).strip()
        attribute = known[code]
        if attribute.values and value and value not in dict(attribute.values):
            raise Open311Error(
                400, _("attribute[%(c)s]: nilai tidak dikenal.") % {"c": code}
            )
        if attribute.datatype == "datetime" and value:
            try:
                day = parse_date(value[:10])
            except ValueError:  # well formed but impossible, e.g. 2026-02-30
                day = None
            if day is None or not dates.in_calendar(day):
                raise Open311Error(
                    400, _("attribute[%(c)s]: tanggal ISO 8601.") % {"c": code}
                )
            values[code] = day
        else:
            values[code] = value[:4000]
    missing = sorted(required_attributes(agency) - {k for k, v in values.items() if v})
    if missing:
        raise Open311Error(
            400,
            _("Atribut wajib: %(codes)s")
            % {"codes": ", ".join(f"attribute[{c}]" for c in missing)},
        )
    return values


class ServiceRequestCreateApi(Open311View):
    """POST /open311/v2/requests.{format}: a new complaint from a citizen app
    (api_key required); the register number comes back as service_request_id."""

    @extend_schema(
        operation_id="open311_request_create",
        parameters=[FORMAT],
        request={"application/x-www-form-urlencoded": ServiceRequestInputSerializer},
        responses=_responses(PostResponseSerializer(many=True)),
    )
    def post(self, request: Request, fmt: str) -> HttpResponse:
        key = request.auth
        code = request.data.get("jurisdiction_id") or ""
        agency = jurisdiction(str(code)[:200]) if code else key.agency
        if agency.pk != key.agency_id:
            raise Open311Error(403, _("api_key tidak berlaku untuk yurisdiksi ini."))
        data = ServiceRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        if fields["service_code"] not in service_codes(agency):
            raise Open311Error(404, _("service_code tidak ditemukan."))
        extra = _attributes(request.data, agency)
        today = dates.local(timezone.now(), agency.timezone).date()
        for name in ("service_date", "incident_date"):
            if isinstance(extra.get(name), date) and extra[name] > today:
                raise Open311Error(
                    400, _("attribute[%(c)s] di masa depan.") % {"c": name}
                )
        complaint = register_complaint(
            agency=agency,
            data=self._input(fields, extra),
            actor=None,
            role=f"pelapor via Open311 ({key.name})"[:120],
        )
        track = settings.SITE_URL.rstrip("/") + reverse(
            "intake:track-detail", args=[complaint.tracking_code]
        )
        notice = _(
            "Nomor register %(number)s. Kode lacak %(code)s (rahasia): pantau di "
            "%(url)s"
        ) % {
            "number": complaint.register_number,
            "code": complaint.tracking_code,
            "url": track,
        }
        body = [
            {
                "service_request_id": complaint.register_number,
                "service_notice": notice,
                "account_id": None,
            }
        ]
        return render.respond(fmt, "service_requests", body)

    @staticmethod
    def _input(fields: dict, extra: dict) -> ComplaintInput:
        location = fields.get("address_string", "").strip()
        if not location and fields.get("address_id"):
            location = _("ID alamat %(id)s") % {"id": fields["address_id"]}
        coordinates = {}
        if "lat" in fields:
            coordinates = {
                "latitude": Decimal(f"{fields['lat']:.6f}"),
                "longitude": Decimal(f"{fields['long']:.6f}"),
            }
            location = location or _("Titik koordinat")
        what = fields["description"]
        if fields.get("media_url"):
            what = f"{what}\n\nMedia: {fields['media_url']}"
        name = " ".join(
            plain_text(fields.get(n, "")) for n in ("first_name", "last_name")
        ).strip()
        email, phone = fields.get("email", ""), fields.get("phone", "")
        confidential = extra.get("is_confidential") == "true"
        reporter = (
            ReporterInput(
                name=name, email=email, phone=phone, is_confidential=confidential
            )
            if name or email or phone
            else None
        )

        def text(code: str) -> str:
            value = extra.get(code, "")
            return plain_text(value) if isinstance(value, str) else ""

        return ComplaintInput(
            kind=fields["service_code"],
            channel=Channel.WEBSITE,
            what=what,
            subject=text("subject")[:200],
            who=text("who"),
            when=text("when")[:200],
            incident_date=extra.get("incident_date") or None,
            where=text("where")[:300],
            how=text("how"),
            service_name=text("service_name")[:200],
            service_date=extra.get("service_date") or None,
            expected_outcome=text("expected_outcome"),
            location=plain_text(location)[:300],
            **coordinates,
            category=extra.get("category", ""),
            is_secret=extra.get("is_secret") == "true",
            wants_updates=bool(email or phone),
            reporter=reporter,
        )


class ServiceRequestsApi(ServiceRequestListApi, ServiceRequestCreateApi):
    """The spec's requests.{format} answers GET (list) and POST (create)."""

    def get_throttles(self):
        if self.request.method == "POST":
            return [Open311PostThrottle()]
        return super().get_throttles()


class ServiceRequestDetailApi(Open311View):
    """GET /open311/v2/requests/{service_request_id}.{format}: one request (api_key
    of the jurisdiction required)."""

    key_for_reads = True

    @extend_schema(
        operation_id="open311_request_retrieve",
        parameters=[FORMAT, JURISDICTION],
        responses=_responses(ServiceRequestSerializer(many=True)),
    )
    def get(self, request: Request, service_request_id: str, fmt: str):
        agency = self.agency(request)
        _require_key_of(request, agency)
        complaint = public_request(
            agency, service_request_id[:60], viewer=request.auth.user
        )
        return render.respond(fmt, "service_requests", as_service_requests([complaint]))


class TokenSerializer(serializers.Serializer):
    service_request_id = serializers.CharField()
    token = serializers.CharField()


class TokenDetailApi(Open311View):
    """GET /open311/v2/tokens/{token}.{format}: requests get their number at
    once, so the only token Aduan knows is a complaint's tracking code."""

    @extend_schema(
        operation_id="open311_token_retrieve",
        parameters=[FORMAT, JURISDICTION],
        responses=_responses(TokenSerializer(many=True)),
    )
    def get(self, request: Request, token: str, fmt: str) -> HttpResponse:
        agency = self.agency(request)
        complaint = complaint_by_tracking_code(token[:40])
        if complaint is None or complaint.agency_id != agency.pk:
            raise Open311Error(404, _("token tidak ditemukan."))
        body = [{"service_request_id": complaint.register_number, "token": token}]
        return render.respond(fmt, "service_requests", body)


def not_found(request: HttpRequest) -> HttpResponse:
    """An unknown address under /open311/, as a GeoReport error."""
    fmt = "json" if request.path.endswith(".json") else "xml"
    return render.errors(fmt, 404, [_("Alamat Open311 ini tidak ada.")])
