"""Admin: each agency's wording of every message (every save is a new version), and
the outbox and inbound messages, read only, with "resend" for failed messages."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from aduan.core.errors import DomainError
from aduan.notify import services
from aduan.notify.models import (
    DeliveryAttempt,
    InboundMessage,
    MessageTemplate,
    OutboundMessage,
)
from aduan.notify.wording import PLACEHOLDERS, default_wording


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["agency", "kind", "channel", "language", "subject", "body"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            services.check_message_template(
                cleaned["agency"],
                kind=cleaned["kind"],
                channel=cleaned["channel"],
                language=cleaned["language"],
                subject=cleaned.get("subject", ""),
                body=cleaned["body"],
            )
        except DomainError as error:
            self.add_error(
                error.field if error.field in self.fields else None, error.message
            )
        return cleaned


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    form = MessageTemplateForm
    list_display = ["agency", "kind", "channel", "language", "version", "created_by"]
    list_filter = ["agency", "kind", "channel", "language"]
    readonly_fields = ["version", "created_by", "created_at", "placeholders"]
    fields = [
        "agency",
        "kind",
        "channel",
        "language",
        "subject",
        "body",
        "placeholders",
        "version",
        "created_by",
        "created_at",
    ]

    @admin.display(description=_("penanda yang tersedia"))
    def placeholders(self, obj: MessageTemplate | None = None) -> str:
        return ", ".join("{" + name + "}" for name in PLACEHOLDERS)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        kind = initial.setdefault("kind", "tiket")
        channel = initial.setdefault("channel", "email")
        language = initial.setdefault("language", "id")
        wording = default_wording(kind, channel, language)
        initial.setdefault("subject", wording.subject)
        initial.setdefault("body", wording.body)
        return initial

    def save_model(self, request, obj, form, change) -> None:
        # A wording that was sent is evidence: saving always makes the next version.
        saved = services.save_message_template(
            obj.agency,
            kind=obj.kind,
            channel=obj.channel,
            language=obj.language,
            subject=obj.subject,
            body=obj.body,
            actor=request.user,
        )
        obj.pk, obj.version, obj.created_by = saved.pk, saved.version, saved.created_by
        obj.created_at = saved.created_at
        obj._state.adding = False
        messages.info(
            request, _("Disimpan sebagai versi %(v)s.") % {"v": saved.version}
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = [
        "number",
        "started_at",
        "finished_at",
        "ok",
        "provider_id",
        "error",
        "retry_at",
    ]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "agency",
        "complaint",
        "kind",
        "channel",
        "to",
        "status",
        "attempts",
        "next_attempt_at",
        "provider_id",
    ]
    list_filter = ["status", "channel", "kind", "agency"]
    list_select_related = ["agency", "complaint"]
    # Front-desk messages to the public have no complaint (shown as "-").
    search_fields = ["to", "idempotency_key", "provider_id"]
    inlines = [DeliveryAttemptInline]
    actions = ["resend"]

    @admin.action(description=_("Kirim ulang pesan yang gagal"))
    def resend(self, request, queryset) -> None:
        done = 0
        for message in queryset:
            try:
                services.resend_message(message, actor=request.user)
                done += 1
            except DomainError as error:
                messages.warning(request, f"{message}: {error.message}")
        messages.info(request, _("%(n)s pesan dijadwalkan ulang.") % {"n": done})

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = [
        "received_at",
        "channel",
        "sender",
        "subject",
        "status",
        "complaint",
    ]
    list_filter = ["status", "channel", "agency"]
    search_fields = ["sender", "subject", "provider_id"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
