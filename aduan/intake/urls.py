from django.urls import path

from aduan.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.public_home, name="public-home"),
    path("lapor/<slug:agency_code>/", views.public_form, name="public-form"),
    path("lacak/", views.track_lookup, name="track-lookup"),
    path("lacak/<str:code>/", views.track_detail, name="track-detail"),
    path("lacak/<str:code>/tanda-terima/", views.public_receipt, name="public-receipt"),
    path("kantor/", views.staff_home, name="home"),
    path("kantor/pengaduan/baru/", views.complaint_new, name="complaint-new"),
    path("kantor/pengaduan/<int:pk>/", views.complaint_detail, name="complaint-detail"),
    path(
        "kantor/pengaduan/<int:pk>/ralat/",
        views.complaint_correct,
        name="complaint-correct",
    ),
    path(
        "kantor/pengaduan/<int:pk>/terlapor/",
        views.complaint_employee_add,
        name="complaint-employee-add",
    ),
    path(
        "kantor/pengaduan/<int:pk>/lampiran/",
        views.complaint_attachment_add,
        name="complaint-attachment-add",
    ),
    path(
        "kantor/pengaduan/<int:pk>/kerahasiaan/",
        views.complaint_confidentiality,
        name="complaint-confidentiality",
    ),
    path(
        "kantor/lampiran/<int:pk>/",
        views.attachment_download,
        name="attachment-download",
    ),
]
