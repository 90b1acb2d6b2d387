from django.urls import path, re_path, register_converter

from aduan.api.open311 import views


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "open311_format")

app_name = "open311"
urlpatterns = [
    path(
        "v2/discovery.<open311_format:fmt>",
        views.DiscoveryApi.as_view(),
        name="discovery",
    ),
    path(
        "v2/services.<open311_format:fmt>",
        views.ServiceListApi.as_view(),
        name="service-list",
    ),
    path(
        "v2/services/<str:service_code>.<open311_format:fmt>",
        views.ServiceDefinitionApi.as_view(),
        name="service-definition",
    ),
    path(
        "v2/requests.<open311_format:fmt>",
        views.ServiceRequestsApi.as_view(),
        name="request-list",
    ),
    path(
        "v2/requests/<path:service_request_id>.<open311_format:fmt>",
        views.ServiceRequestDetailApi.as_view(),
        name="request-detail",
    ),
    path(
        "v2/tokens/<str:token>.<open311_format:fmt>",
        views.TokenDetailApi.as_view(),
        name="token-detail",
    ),
    re_path(r"^.*$", views.not_found),
]
