from django.urls import path

from aduan.frontdesk import views

app_name = "frontdesk"
urlpatterns = [
    path("kantor/panggilan/", views.call_home, name="call-home"),
    path("kantor/panggilan/<int:pk>/", views.call_detail, name="call-detail"),
    path("kantor/panggilan/jawaban/", views.answer_search, name="answer-search"),
    path("kantor/jawaban-standar/", views.answer_list, name="answer-list"),
    path("kantor/jawaban-standar/<int:pk>/", views.answer_edit, name="answer-edit"),
    path("kantor/janji-temu/", views.appointment_list, name="appointment-list"),
    path(
        "kantor/janji-temu/<int:pk>/",
        views.appointment_detail,
        name="appointment-detail",
    ),
    path(
        "kantor/janji-temu/dari-email/<int:pk>/",
        views.appointment_from_email,
        name="appointment-from-email",
    ),
    path("kantor/resepsionis/", views.reception, name="reception"),
    path("kantor/resepsionis/jadwal/", views.schedule, name="schedule"),
    path("kantor/resepsionis/tamu/", views.walk_in, name="walk-in"),
    path(
        "kantor/resepsionis/hadir/<int:pk>/",
        views.appointment_check_in,
        name="appointment-check-in",
    ),
    path(
        "kantor/resepsionis/kunjungan/<int:pk>/",
        views.visit_action,
        name="visit-action",
    ),
    path(
        "kantor/resepsionis/kunjungan/<int:pk>/pengaduan/",
        views.visit_complaint,
        name="visit-complaint",
    ),
    path(
        "lapor/<slug:agency_code>/janji-temu/",
        views.public_request,
        name="public-request",
    ),
    path(
        "lapor/<slug:agency_code>/tanya-jawab/<int:pk>/terjawab/",
        views.faq_helped,
        name="faq-helped",
    ),
    path(
        "janji-temu/<str:token>/", views.public_appointment, name="public-appointment"
    ),
]
