from django.urls import path

from aduan.frontdesk.views import appointments, calls, public, reception

app_name = "frontdesk"
urlpatterns = [
    path("kantor/panggilan/", calls.call_home, name="call-home"),
    path("kantor/panggilan/<int:pk>/", calls.call_detail, name="call-detail"),
    path("kantor/panggilan/jawaban/", calls.answer_search, name="answer-search"),
    path("kantor/jawaban-standar/", calls.answer_list, name="answer-list"),
    path("kantor/jawaban-standar/<int:pk>/", calls.answer_edit, name="answer-edit"),
    path("kantor/janji-temu/", appointments.appointment_list, name="appointment-list"),
    path(
        "kantor/janji-temu/<int:pk>/",
        appointments.appointment_detail,
        name="appointment-detail",
    ),
    path(
        "kantor/janji-temu/dari-email/<int:pk>/",
        appointments.appointment_from_email,
        name="appointment-from-email",
    ),
    path("kantor/resepsionis/", reception.reception, name="reception"),
    path("kantor/resepsionis/jadwal/", reception.schedule, name="schedule"),
    path("kantor/resepsionis/tamu/", reception.walk_in, name="walk-in"),
    path(
        "kantor/resepsionis/hadir/<int:pk>/",
        reception.appointment_check_in,
        name="appointment-check-in",
    ),
    path(
        "kantor/resepsionis/kunjungan/<int:pk>/",
        reception.visit_action,
        name="visit-action",
    ),
    path(
        "kantor/resepsionis/kunjungan/<int:pk>/pengaduan/",
        reception.visit_complaint,
        name="visit-complaint",
    ),
    path(
        "lapor/<slug:agency_code>/janji-temu/",
        public.public_request,
        name="public-request",
    ),
    path(
        "lapor/<slug:agency_code>/tanya-jawab/<int:pk>/terjawab/",
        public.faq_helped,
        name="faq-helped",
    ),
    path(
        "janji-temu/<str:token>/", public.public_appointment, name="public-appointment"
    ),
]
