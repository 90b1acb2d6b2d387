"""Admin: the wording of each document per agency (every save is a new version, with
a preview), signers' signature and stamp images, and the issued documents (read only)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from aduan.accounts.roles import Role
from aduan.agencies.models import Agency
from aduan.core.errors import DomainError
from aduan.core.forms import id_param
from aduan.documents import services
from aduan.documents.defaults import DEFAULT_BODIES
from aduan.documents.forms import DocumentTemplateForm, LetterSettingsForm
from aduan.documents.models import (
    Document,
    DocumentKind,
    DocumentTemplate,
    LetterSettings,
    SignerMark,
)
from aduan.documents.render import image_data_uri


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = DocumentTemplateForm
    list_display = [
        "agency",
        "kind",
        "version",
        "created_by",
        "created_at",
        "preview_link",
    ]
    list_filter = ["agency", "kind"]
    readonly_fields = ["version", "created_by", "created_at"]
    change_form_template = "documents/admin/template_change_form.html"

    @admin.display(description=_("pratinjau"))
    def preview_link(self, obj: DocumentTemplate) -> str:
        return format_html(
            '<a href="{}" target="_blank">PDF</a>',
            f"../documenttemplate/{obj.pk}/pratinjau/",
        )

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        kind = initial.get("kind") or DocumentKind.SURAT_JAWABAN
        initial.setdefault("kind", kind)
        initial.setdefault("body", DEFAULT_BODIES.get(kind, ""))
        return initial

    def save_model(self, request, obj, form, change) -> None:
        # A wording in use is evidence: saving always makes the next version.
        saved = services.save_template(
            obj.agency, kind=obj.kind, body=obj.body, actor=request.user
        )
        obj.pk, obj.version, obj.created_by = saved.pk, saved.version, saved.created_by
        obj.created_at = saved.created_at
        obj._state.adding = False
        messages.info(
            request, _("Disimpan sebagai versi %(v)s.") % {"v": saved.version}
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            path(
                "pratinjau/",
                self.admin_site.admin_view(self.preview_unsaved),
                name="documents_documenttemplate_preview",
            ),
            path(
                "<int:pk>/pratinjau/",
                self.admin_site.admin_view(self.preview_saved),
                name="documents_documenttemplate_preview_saved",
            ),
        ] + super().get_urls()

    def _pdf(
        self, request: HttpRequest, agency: Agency, kind: str, body: str
    ) -> HttpResponse:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            pdf = services.preview_pdf(agency, kind=kind, body=body)
        except DomainError as error:
            return HttpResponse(error.message, status=422, content_type="text/plain")
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="pratinjau.pdf"'
        return response

    def preview_saved(self, request: HttpRequest, pk: int) -> HttpResponse:
        template = get_object_or_404(DocumentTemplate, pk=pk)
        return self._pdf(request, template.agency, template.kind, template.body)

    def preview_unsaved(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return HttpResponse(status=405)
        agency = get_object_or_404(
            Agency, pk=id_param(request.POST.get("agency", "")) or 0
        )
        kind = request.POST.get("kind", "")
        if kind not in DocumentKind.values:
            return HttpResponse(
                _("Jenis dokumen tidak dikenal."), status=422, content_type="text/plain"
            )
        return self._pdf(request, agency, kind, request.POST.get("body", ""))


@admin.register(LetterSettings)
class LetterSettingsAdmin(admin.ModelAdmin):
    """Kop variant, signing prefix, tembusan and paraf table; every save is a new
    version, like the wording, so an issued letter names the settings it printed."""

    form = LetterSettingsForm
    list_display = ["agency", "version", "signing_prefix", "created_by", "created_at"]
    list_filter = ["agency"]
    readonly_fields = ["version", "created_by", "created_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only agencies this user administers: another one would be refused by the
        # service after the form was accepted.
        if db_field.name == "agency" and not request.user.is_superuser:
            kwargs["queryset"] = Agency.objects.filter(
                memberships__user=request.user, memberships__role=Role.ADMIN
            ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        fields = {name: form.cleaned_data[name] for name in LetterSettingsForm.FIELDS}
        fields.pop("agency")
        saved = services.save_letter_settings(obj.agency, actor=request.user, **fields)
        obj.pk, obj.version, obj.created_by = saved.pk, saved.version, saved.created_by
        obj.created_at = saved.created_at
        obj._state.adding = False
        messages.info(
            request, _("Disimpan sebagai versi %(v)s.") % {"v": saved.version}
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SignerMark)
class SignerMarkAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "signature_preview", "stamp_preview"]
    list_filter = ["agency"]

    @admin.display(description=_("tanda tangan"))
    def signature_preview(self, obj: SignerMark) -> str:
        uri = image_data_uri(obj.signature)
        return format_html('<img src="{}" style="height:40px">', uri) if uri else "-"

    @admin.display(description=_("cap"))
    def stamp_preview(self, obj: SignerMark) -> str:
        uri = image_data_uri(obj.stamp)
        return format_html('<img src="{}" style="height:40px">', uri) if uri else "-"


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "kind",
        "complaint",
        "dated",
        "signer_name",
        "cancelled_at",
        "delivered_on",
    ]
    list_filter = ["kind"]
    search_fields = ["number", "sha256"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
