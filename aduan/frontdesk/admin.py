from django.contrib import admin

from aduan.frontdesk.models import (
    Appointment,
    Contact,
    FrontdeskSettings,
    PublicNotice,
    StandardAnswer,
    Visit,
)
from aduan.frontdesk.selectors import forget_public_answers


@admin.register(FrontdeskSettings)
class FrontdeskSettingsAdmin(admin.ModelAdmin):
    list_display = (
        "agency",
        "visit_opens_at",
        "visit_closes_at",
        "slot_minutes",
        "capacity",
        "location",
    )


@admin.register(StandardAnswer)
class StandardAnswerAdmin(admin.ModelAdmin):
    list_display = (
        "question",
        "agency",
        "kind",
        "is_public",
        "is_active",
        "times_used",
    )
    list_filter = ("agency", "kind", "is_public", "is_active")
    search_fields = ("question", "answer", "keywords")
    readonly_fields = ("times_used",)

    # The public form caches each agency's FAQ list (selectors.public_answers).
    def save_model(self, request, obj, form, change):
        before = form.initial.get("agency") if change else None
        super().save_model(request, obj, form, change)
        forget_public_answers(*{obj.agency_id, before or obj.agency_id})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        forget_public_answers(obj.agency_id)

    def delete_queryset(self, request, queryset):
        agencies = set(queryset.values_list("agency_id", flat=True))
        super().delete_queryset(request, queryset)
        forget_public_answers(*agencies)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what happened: changed only through the front desk's services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "agency", "channel", "agent", "outcome")
    list_filter = ("agency", "channel", "outcome")
    date_hierarchy = "started_at"


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ("name", "agency", "status", "slot_start", "officer", "source")
    list_filter = ("agency", "status", "source")
    exclude = ("manage_token",)


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ("day", "queue_number", "name", "agency", "status", "officer")
    list_filter = ("agency", "status")
    date_hierarchy = "day"


@admin.register(PublicNotice)
class PublicNoticeAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "agency", "kind", "channel")
    list_filter = ("agency", "kind", "channel")
    exclude = ("recipient",)
