from django.urls import path

from aduan.notify import views

app_name = "notify"
urlpatterns = [
    path("kantor/pesan/", views.outbox_list, name="outbox"),
    path(
        "kantor/pesan/<int:pk>/kirim-ulang/", views.outbox_resend, name="outbox-resend"
    ),
    path("webhooks/sms/<slug:agency_code>/", views.webhook_sms, name="webhook-sms"),
    path(
        "webhooks/whatsapp/<slug:agency_code>/",
        views.webhook_whatsapp,
        name="webhook-whatsapp",
    ),
]
