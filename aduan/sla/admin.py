from django.contrib import admin

from aduan.sla.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("day", "agency", "is_working", "note")
    list_filter = ("agency", "is_working")
    date_hierarchy = "day"
