"""Reference lists an integration needs to fill requests: units, categories."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from aduan.accounts.selectors import agency_ids_of
from aduan.agencies.models import Unit
from aduan.api.v1.common import READ, ApiView
from aduan.intake.choices import Category


class UnitListApi(ApiView):
    """GET /api/v1/units/: the units of the caller's agencies (disposition targets)."""

    scopes = {"GET": READ}

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        agency = serializers.CharField(source="agency.code")
        code = serializers.CharField()
        name = serializers.CharField()
        is_external = serializers.BooleanField()

    @extend_schema(
        operation_id="unit_list", responses={200: OutputSerializer(many=True)}
    )
    def get(self, request: Request) -> Response:
        units = (
            Unit.objects.filter(agency_id__in=agency_ids_of(request.user))
            .select_related("agency")
            .order_by("agency__code", "name")
        )
        return Response(self.OutputSerializer(units, many=True).data)


class CategoryListApi(ApiView):
    """GET /api/v1/categories/: complaint categories (the nine survey elements)."""

    scopes = {"GET": READ}

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        label = serializers.CharField()

    @extend_schema(
        operation_id="category_list", responses={200: OutputSerializer(many=True)}
    )
    def get(self, request: Request) -> Response:
        rows = [{"code": c.value, "label": str(c.label)} for c in Category]
        return Response(self.OutputSerializer(rows, many=True).data)
