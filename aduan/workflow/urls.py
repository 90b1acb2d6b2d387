from django.urls import path

from aduan.workflow import views

app_name = "workflow"
urlpatterns = [
    path(
        "kantor/pengaduan/<int:pk>/langkah/<slug:step>/",
        views.complaint_step,
        name="complaint-step",
    ),
]
