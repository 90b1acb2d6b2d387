from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("akun/", include("aduan.accounts.urls")),
    path("api/", include("aduan.api.urls")),
    path("open311/", include("aduan.api.open311.urls")),
    path("", include("aduan.workflow.urls")),
    path("", include("aduan.sla.urls")),
    path("", include("aduan.notify.urls")),
    path("", include("aduan.documents.urls")),
    path("", include("aduan.frontdesk.urls")),
    path("", include("aduan.intake.urls")),
]
