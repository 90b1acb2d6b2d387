"""API keys in the admin: issue (the token is shown once), list, revoke."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from aduan.accounts.roles import Role
from aduan.api.models import ApiKey, Scope
from aduan.api.services import check_key_request, create_api_key, revoke_api_key
from aduan.core.errors import DomainError


class ApiKeyCreateForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_l("Cakupan"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    roles = forms.MultipleChoiceField(
        label=_l("Peran akun layanan"),
        choices=[(r.value, r.label) for r in Role if r != Role.PELAPOR],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_l("Kosongkan bila kunci dibatasi pada satu unit."),
    )

    class Meta:
        model = ApiKey
        fields = ["agency", "name", "unit"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            check_key_request(
                cleaned["agency"],
                name=cleaned["name"],
                scopes=cleaned["scopes"],
                roles=cleaned["roles"],
                unit=cleaned.get("unit"),
            )
        except DomainError as error:
            field = error.field if error.field in self.fields else None
            self.add_error(field, error.message)
        return cleaned


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "prefix",
        "agency",
        "unit",
        "scopes",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("agency", "revoked_at")
    search_fields = ("name", "prefix")
    actions = ["revoke"]
    readonly_fields = (
        "agency",
        "name",
        "prefix",
        "scopes",
        "unit",
        "user",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    exclude = ("secret_hash",)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiKeyCreateForm
            kwargs["fields"] = ["agency", "name", "unit", "scopes", "roles"]
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def has_delete_permission(self, request, obj=None) -> bool:
        # Keys are revoked, never deleted: events keep pointing at their account.
        return False

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return
        data = form.cleaned_data
        try:
            key, token = create_api_key(
                data["agency"],
                name=data["name"],
                scopes=data["scopes"],
                roles=data["roles"],
                unit=data["unit"],
                actor=request.user,
            )
        except DomainError as error:
            # The form checked the request; what is left is the actor's right.
            raise PermissionDenied(error.message) from error
        obj.pk = key.pk
        messages.warning(
            request,
            _("Kunci API (disalin sekarang, tidak ditampilkan lagi): %(token)s")
            % {"token": token},
        )

    @admin.action(description=_l("Cabut kunci terpilih"))
    def revoke(self, request, queryset) -> None:
        for key in queryset:
            revoke_api_key(key, actor=request.user)
        messages.success(request, _("%(n)d kunci dicabut.") % {"n": queryset.count()})
