from django.urls import path

from aduan.sla import views

app_name = "sla"
urlpatterns = [
    path("kantor/sla/", views.sla_page, name="figures"),
    path("kantor/kalender/", views.calendar_page, name="calendar"),
]
