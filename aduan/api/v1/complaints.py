"""Complaints: list, register, read, timeline. The same selectors and services
as the staff pages; personal data masked and its reads logged as on the web."""

from datetime import date

import rules
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from aduan.accounts.selectors import roles_of
from aduan.api.v1.common import READ, WRITE, ApiView, caller_agency, client_ip
from aduan.audit.services import log_personal_data_access
from aduan.core import dates
from aduan.core.forms import MAX_ID
from aduan.core.text import plain_text
from aduan.intake.choices import Category, Channel, Document, Kind, Source
from aduan.intake.selectors import access_complaint, reporter_view
from aduan.intake.services import TEXT_FIELDS as COMPLAINT_TEXT_FIELDS
from aduan.intake.services import (
    ComplaintInput,
    EmployeeInput,
    ReporterInput,
    register_complaint,
)
from aduan.intake.validators import clean_nik, clean_nip, clean_phone
from aduan.workflow.selectors import InboxFilters, _after, inbox
from aduan.workflow.status import Status
from aduan.workflow.steps import steps_for

PERSONAL_FIELDS = ["name", "nik", "phone", "email", "address"]


class ComplaintRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    register_number = serializers.CharField(allow_null=True)
    subject = serializers.CharField()
    kind = serializers.CharField()
    channel = serializers.CharField()
    category = serializers.CharField()
    status = serializers.CharField()
    received_at = serializers.DateTimeField()
    answer_due_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)


class ComplaintListApi(ApiView):
    """GET /api/v1/complaints/: the caller's complaints, soonest deadline first."""

    scopes = {"GET": READ}

    class FilterSerializer(serializers.Serializer):
        view = serializers.ChoiceField(
            choices=["perlu", "terlambat", "semua"],
            default="semua",
            help_text="perlu: needs the caller now; terlambat: overdue; semua: all.",
        )
        q = serializers.CharField(max_length=100, required=False, default="")
        status = serializers.ChoiceField(choices=Status.choices, required=False)
        channel = serializers.ChoiceField(choices=Channel.choices, required=False)
        kind = serializers.ChoiceField(choices=Kind.choices, required=False)
        unit = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
        cursor = serializers.CharField(max_length=200, required=False)
        agency = serializers.SlugField(max_length=40, required=False)

        def validate_cursor(self, value: str) -> str:
            # The inbox's own keyset cursor; a mangled one is refused, not ignored.
            if _after(value) is None:
                raise serializers.ValidationError(_("Kursor tidak sah."))
            return value

    class OutputSerializer(serializers.Serializer):
        results = ComplaintRowSerializer(many=True)
        next_cursor = serializers.CharField(
            allow_null=True, help_text="Pass as cursor for the next page."
        )
        counts = serializers.DictField(child=serializers.IntegerField())

    @extend_schema(
        operation_id="complaint_list",
        parameters=[FilterSerializer],
        responses={200: OutputSerializer},
    )
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        agency = caller_agency(request, data.get("agency", ""))
        page = inbox(
            request.user,
            agency.pk,
            InboxFilters(
                view=data["view"],
                query=data["q"],
                status=data.get("status", ""),
                channel=data.get("channel", ""),
                kind=data.get("kind", ""),
                unit=data.get("unit"),
            ),
            cursor=data.get("cursor", ""),
        )
        return Response(
            {
                "results": ComplaintRowSerializer(page.rows, many=True).data,
                "next_cursor": page.next_cursor,
                "counts": page.counts,
            }
        )


class ReporterInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False, default="")
    nik = serializers.CharField(max_length=24, required=False, default="")
    phone = serializers.CharField(max_length=30, required=False, default="")
    email = serializers.EmailField(required=False, default="")
    address = serializers.CharField(max_length=300, required=False, default="")
    organisation = serializers.CharField(max_length=200, required=False, default="")
    is_anonymous = serializers.BooleanField(default=False)
    is_confidential = serializers.BooleanField(default=False)

    def validate_nik(self, value: str) -> str:
        return clean_nik(value)

    def validate_phone(self, value: str) -> str:
        return clean_phone(value)

    def validate(self, attrs: dict) -> dict:
        for name in ("name", "address", "organisation"):
            attrs[name] = plain_text(attrs[name])
        return attrs


class EmployeeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    nip = serializers.CharField(max_length=24, required=False, default="")
    unit_name = serializers.CharField(max_length=200, required=False, default="")

    def validate_nip(self, value: str) -> str:
        return clean_nip(value)

    def validate_name(self, value: str) -> str:
        value = plain_text(value)
        if not value:
            raise serializers.ValidationError(_("Isi nama pegawai."))
        return value


def _text(max_length: int) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=False, default="")


class ComplaintCreateApi(ApiView):
    """POST /api/v1/complaints/create/: register a complaint (desk or integration);
    the register number and tracking code come back at once."""

    scopes = {"POST": WRITE}

    class InputSerializer(serializers.Serializer):
        TEXT_FIELDS = (*COMPLAINT_TEXT_FIELDS, "compensation_basis", "referral_number")

        agency = serializers.SlugField(max_length=40, required=False)
        kind = serializers.ChoiceField(choices=Kind.choices)
        channel = serializers.ChoiceField(choices=Channel.choices)
        what = serializers.CharField(max_length=8000)
        subject = _text(200)
        who = _text(2000)
        when = _text(200)
        incident_date = serializers.DateField(required=False, allow_null=True)
        where = _text(300)
        how = _text(4000)
        service_name = _text(200)
        service_date = serializers.DateField(required=False, allow_null=True)
        expected_outcome = _text(2000)
        location = _text(300)
        category = serializers.ChoiceField(
            choices=Category.choices, required=False, default=""
        )
        is_secret = serializers.BooleanField(default=False)
        wants_updates = serializers.BooleanField(default=False)
        language = serializers.ChoiceField(choices=["id", "en"], default="id")
        documents_received = serializers.ListField(
            child=serializers.ChoiceField(choices=Document.choices),
            max_length=len(Document.choices),
            default=list,
        )
        source = serializers.ChoiceField(
            choices=Source.choices, default=Source.LANGSUNG
        )
        referral_number = _text(100)
        referral_date = serializers.DateField(required=False, allow_null=True)
        compensation_amount = serializers.DecimalField(
            max_digits=15,
            decimal_places=2,
            min_value=0,
            required=False,
            allow_null=True,
        )
        compensation_basis = _text(2000)
        reporter = ReporterInputSerializer(required=False, allow_null=True)
        employees = EmployeeInputSerializer(many=True, required=False, max_length=20)

        def _not_future(self, value: date | None) -> date | None:
            today = dates.local(timezone.now(), self.context["timezone"]).date()
            if value and value > today:
                raise serializers.ValidationError(
                    _("Tanggal tidak boleh di masa depan.")
                )
            return value

        def validate_service_date(self, value):
            return self._not_future(value)

        def validate_incident_date(self, value):
            return self._not_future(value)

        def validate_referral_date(self, value):
            return self._not_future(value)

        def validate(self, attrs: dict) -> dict:
            for name in self.TEXT_FIELDS:
                attrs[name] = plain_text(attrs[name])
            errors = {}
            if not attrs["what"]:
                errors["what"] = _("Uraikan apa yang terjadi.")
            if attrs.get("compensation_amount") and not attrs["compensation_basis"]:
                errors["compensation_basis"] = _("Jelaskan dasar tuntutan ganti rugi.")
            reporter = attrs.get("reporter") or {}
            if attrs["wants_updates"] and not (
                reporter.get("email") or reporter.get("phone")
            ):
                errors["wants_updates"] = _(
                    "Isi e-mail atau nomor telepon agar kami dapat mengirim kabar."
                )
            if attrs["source"] != Source.LANGSUNG and not attrs["referral_number"]:
                errors["referral_number"] = _(
                    "Rekomendasi/limpahan perlu nomor surat rujukannya."
                )
            if errors:
                raise serializers.ValidationError(errors)
            return attrs

        def to_input(self) -> ComplaintInput:
            data = dict(self.validated_data)
            data.pop("agency", None)
            reporter = data.pop("reporter", None)
            employees = data.pop("employees", [])
            return ComplaintInput(
                **{
                    **data,
                    "documents_received": tuple(data["documents_received"]),
                    "reporter": ReporterInput(**reporter) if reporter else None,
                    "employees": tuple(EmployeeInput(**e) for e in employees),
                }
            )

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        register_number = serializers.CharField()
        tracking_code = serializers.CharField()
        status = serializers.CharField()
        received_at = serializers.DateTimeField()
        answer_due_at = serializers.DateTimeField(allow_null=True)

    @extend_schema(
        operation_id="complaint_create",
        request=InputSerializer,
        responses={201: OutputSerializer},
    )
    def post(self, request: Request) -> Response:
        code = request.data.get("agency", "") if isinstance(request.data, dict) else ""
        agency = caller_agency(request, code if isinstance(code, str) else "")
        data = self.InputSerializer(
            data=request.data, context={"timezone": agency.timezone}
        )
        data.is_valid(raise_exception=True)
        roles = ",".join(sorted(roles_of(request.user, agency.pk)))
        complaint = register_complaint(
            agency=agency, data=data.to_input(), actor=request.user, role=roles
        )
        return Response(
            self.OutputSerializer(complaint).data, status=status.HTTP_201_CREATED
        )


class ReporterOutputSerializer(serializers.Serializer):
    name = serializers.CharField()
    nik = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()
    organisation = serializers.CharField()
    is_anonymous = serializers.BooleanField()
    is_confidential = serializers.BooleanField()
    masked = serializers.BooleanField(
        help_text="True when personal data is hidden from this caller."
    )


class ComplaintDetailApi(ApiView):
    """GET /api/v1/complaints/{id}/: everything the caller may see of one
    complaint, with the life-cycle steps they may take now."""

    scopes = {"GET": READ}

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        agency = serializers.CharField(source="agency.code")
        register_number = serializers.CharField(allow_null=True)
        tracking_code = serializers.CharField()
        kind = serializers.CharField()
        channel = serializers.CharField()
        subject = serializers.CharField()
        what = serializers.CharField()
        who = serializers.CharField()
        when = serializers.CharField()
        incident_date = serializers.DateField(allow_null=True)
        where = serializers.CharField()
        how = serializers.CharField()
        service_name = serializers.CharField()
        service_date = serializers.DateField(allow_null=True)
        expected_outcome = serializers.CharField()
        location = serializers.CharField()
        category = serializers.CharField()
        is_secret = serializers.BooleanField()
        documents_received = serializers.ListField(child=serializers.CharField())
        status = serializers.CharField()
        status_label = serializers.CharField(source="get_status_display")
        cycle = serializers.IntegerField()
        outcome = serializers.CharField()
        time_class = serializers.CharField()
        source = serializers.CharField()
        referral_number = serializers.CharField()
        referral_date = serializers.DateField(allow_null=True)
        compensation_amount = serializers.DecimalField(
            max_digits=15, decimal_places=2, allow_null=True
        )
        compensation_basis = serializers.CharField()
        forwarded_to = serializers.CharField()
        received_at = serializers.DateTimeField()
        answer_due_at = serializers.DateTimeField(allow_null=True)
        closed_at = serializers.DateTimeField(allow_null=True)
        updated_at = serializers.DateTimeField()
        reporter = serializers.SerializerMethodField()
        reported_employees = serializers.SerializerMethodField()
        allowed_actions = serializers.SerializerMethodField()

        @extend_schema_field(ReporterOutputSerializer(allow_null=True))
        def get_reporter(self, complaint) -> dict | None:
            reporter = complaint.reporter
            shown = reporter_view(reporter, full=self.context["full"])
            if shown is None:
                return None
            return {
                **shown,
                "is_anonymous": reporter.is_anonymous,
                "is_confidential": reporter.is_confidential,
                "masked": bool(shown["masked"]),
            }

        @extend_schema_field(EmployeeInputSerializer(many=True))
        def get_reported_employees(self, complaint) -> list[dict]:
            return [
                {"name": e.name, "nip": e.nip, "unit_name": e.unit_name}
                for e in complaint.reported_employees.all()
            ]

        @extend_schema_field(serializers.ListField(child=serializers.CharField()))
        def get_allowed_actions(self, complaint) -> list[str]:
            return self.context["actions"]

    @extend_schema(operation_id="complaint_retrieve", responses={200: OutputSerializer})
    def get(self, request: Request, pk: int) -> Response:
        complaint = access_complaint(request.user, pk)
        # rules.has_perm, as on the web: no superuser bypass of identity rules.
        full = rules.has_perm("intake.view_personal_data", request.user, complaint)
        if full and complaint.reporter_id:
            log_personal_data_access(
                user=request.user,
                complaint=complaint,
                purpose="api_complaint_detail",
                fields=PERSONAL_FIELDS,
                at=timezone.now(),
                ip=client_ip(request),
            )
        context = {"full": full, "actions": steps_for(complaint, request.user)}
        return Response(self.OutputSerializer(complaint, context=context).data)


class ComplaintEventListApi(ApiView):
    """GET /api/v1/complaints/{id}/events/: the hash-chained timeline, in order."""

    scopes = {"GET": READ}

    class OutputSerializer(serializers.Serializer):
        seq = serializers.IntegerField()
        kind = serializers.CharField()
        kind_label = serializers.CharField(source="get_kind_display")
        at = serializers.DateTimeField()
        actor_label = serializers.CharField()
        is_public = serializers.BooleanField()
        data = serializers.JSONField()
        prev_hash = serializers.CharField()
        hash = serializers.CharField()

    @extend_schema(
        operation_id="complaint_event_list",
        responses={200: OutputSerializer(many=True)},
    )
    def get(self, request: Request, pk: int) -> Response:
        complaint = access_complaint(request.user, pk)
        events = complaint.events.order_by("seq")
        return Response(self.OutputSerializer(events, many=True).data)
