"""/api/: the REST API v1, its OpenAPI schema and the self-hosted docs page."""

from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)

from aduan.api.views import not_found

app_name = "api"
urlpatterns = [
    path("v1/", include("aduan.api.v1.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    # Anything else under /api/ is a problem+json 404, never an HTML page.
    re_path(r"^.*$", not_found),
]
