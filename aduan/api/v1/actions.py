"""Life-cycle steps through the API: the web's STEPS registry, unchanged.

Each step is validated with its own form and run by its own service; only the
steps steps_for() offers the caller are accepted, exactly as on the complaint
page.
"""

from django import forms
from django.http import Http404
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from aduan.accounts.selectors import roles_of
from aduan.api.errors import Conflict
from aduan.api.parsers import JSONParser
from aduan.api.v1.common import READ, WRITE, ApiView
from aduan.intake.models import Complaint
from aduan.intake.selectors import access_complaint
from aduan.workflow.machine import GUARDS, RULES
from aduan.workflow.steps import STEPS, steps_for

STEP_PARAMETER = OpenApiParameter(
    "step", OpenApiTypes.STR, OpenApiParameter.PATH, enum=sorted(STEPS)
)


def _field_type(field: forms.Field) -> str:
    if isinstance(field, forms.FileField):
        return "file"
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return "multiple_choice"
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return "choice"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.IntegerField):
        return "integer"
    return "string"


def _choices(field: forms.Field) -> list[dict] | None:
    if not hasattr(field, "choices"):
        return None
    return [
        {"value": str(getattr(value, "value", value)), "label": str(label)}
        for value, label in field.choices
        if str(getattr(value, "value", value)) != ""
    ]


def describe_step(name: str, complaint: Complaint) -> dict:
    """A step and the fields its form takes, for a client to build its request."""
    step = STEPS[name]
    form = step.form(complaint=complaint)
    return {
        "name": name,
        "label": str(step.label),
        "danger": step.danger,
        "fields": [
            {
                "name": field_name,
                "label": str(field.label or field_name),
                "type": _field_type(field),
                "required": field.required,
                "choices": _choices(field),
            }
            for field_name, field in form.fields.items()
        ],
    }


class FieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    type = serializers.ChoiceField(
        choices=["string", "choice", "multiple_choice", "date", "integer", "file"]
    )
    required = serializers.BooleanField()
    choices = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()), allow_null=True
    )


class ComplaintActionListApi(ApiView):
    """GET /api/v1/complaints/{id}/actions/: the steps the caller may take now."""

    scopes = {"GET": READ}

    class OutputSerializer(serializers.Serializer):
        name = serializers.CharField()
        label = serializers.CharField()
        danger = serializers.BooleanField()
        fields = FieldSerializer(many=True)

    @extend_schema(
        operation_id="complaint_action_list",
        responses={200: OutputSerializer(many=True)},
    )
    def get(self, request: Request, pk: int) -> Response:
        complaint = access_complaint(request.user, pk)
        steps = [
            describe_step(n, complaint) for n in steps_for(complaint, request.user)
        ]
        return Response(self.OutputSerializer(steps, many=True).data)


def _form_data(payload) -> MultiValueDict:
    """JSON values as a form reads them: lists stay lists, true/false are "1"/"0"
    (the choices step forms use), null is absent."""
    if isinstance(payload, MultiValueDict):
        return payload
    if not isinstance(payload, dict):
        raise exceptions.ValidationError(
            {"non_field_errors": [_("Isi permintaan harus berupa objek JSON.")]}
        )
    data = MultiValueDict()
    for key, value in payload.items():
        items = value if isinstance(value, list) else [value]
        values = []
        for item in items:
            if item is None:
                continue
            if isinstance(item, bool):
                values.append("1" if item else "0")
            elif isinstance(item, str | int | float):
                values.append(str(item))
            else:
                raise exceptions.ValidationError(
                    {key: [_("Nilai harus teks, angka, boolean, atau daftar.")]}
                )
        data.setlist(key, values)
    return data


def _form_errors(form: forms.Form) -> dict[str, list[str]]:
    return {
        ("non_field_errors" if field == "__all__" else field): [
            str(m) for m in messages
        ]
        for field, messages in form.errors.items()
    }


class ComplaintActionRunApi(ApiView):
    """POST /api/v1/complaints/{id}/actions/{step}/: take one life-cycle step.

    The body holds the step's form fields (see the actions list); a step that
    takes files is sent as multipart/form-data.
    """

    scopes = {"POST": WRITE}
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    body_limit = 0  # a unit's reply may carry files: the upload limits apply

    class InputSerializer(serializers.Serializer):
        """Free-form: the fields of the step's form."""

        class Meta:
            ref_name = "ActionInput"

    class OutputSerializer(serializers.Serializer):
        step = serializers.CharField()
        status = serializers.CharField()
        status_label = serializers.CharField()
        allowed_actions = serializers.ListField(child=serializers.CharField())

    @extend_schema(
        operation_id="complaint_action_run",
        parameters=[STEP_PARAMETER],
        request={
            "application/json": {"type": "object", "additionalProperties": True},
            "multipart/form-data": {"type": "object", "additionalProperties": True},
        },
        responses={200: OutputSerializer},
    )
    def post(self, request: Request, pk: int, step: str) -> Response:
        complaint = access_complaint(request.user, pk)
        if step not in STEPS:
            raise Http404
        if step not in steps_for(complaint, request.user):
            self._refuse(complaint, step)
        data = _form_data(request.data)
        definition = STEPS[step]
        form = definition.form(data, request.FILES, complaint=complaint)
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        definition.run(complaint, request.user, form.cleaned_data)
        complaint.refresh_from_db(fields=["status"])
        return Response(
            self.OutputSerializer(
                {
                    "step": step,
                    "status": complaint.status,
                    "status_label": complaint.get_status_display(),
                    "allowed_actions": steps_for(complaint, request.user),
                }
            ).data
        )

    def _refuse(self, complaint: Complaint, step: str) -> None:
        """403 when the caller's roles never take this step, 409 when the
        complaint is not in a state for it (with the rule's reason if known)."""
        rule = RULES.get(step)
        held = roles_of(self.request.user, complaint.agency_id)
        if rule is not None and held & rule.roles:
            guard = GUARDS.get(step)
            reason = guard(complaint) if guard else None
            if reason or complaint.status not in rule.sources:
                raise Conflict(
                    reason
                    or _("Langkah ini tidak berlaku untuk pengaduan berstatus %(s)s.")
                    % {"s": complaint.get_status_display()}
                )
        raise exceptions.PermissionDenied(
            _("Langkah ini tidak tersedia untuk Anda saat ini.")
        )
