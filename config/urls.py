from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("akun/", include("aduan.accounts.urls")),
    path("", include("aduan.workflow.urls")),
    path("", include("aduan.sla.urls")),
    path("", include("aduan.documents.urls")),
    path("", include("aduan.intake.urls")),
]
