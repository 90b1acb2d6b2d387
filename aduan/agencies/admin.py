import yaml
from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aduan.agencies.models import Agency, SopProfile, Unit
from aduan.agencies.profile_schema import profile_errors
from aduan.agencies.services import install_profile


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "timezone", "public_intake")
    inlines = [UnitInline]


class ProfileForm(forms.ModelForm):
    """The profile as YAML; saving never edits a version, it installs a new one."""

    yaml_text = forms.CharField(
        label=_("Isi profil (YAML)"),
        widget=forms.Textarea(attrs={"rows": 40, "cols": 100}),
    )

    class Meta:
        model = SopProfile
        fields = ["agency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["yaml_text"].initial = yaml.safe_dump(
                self.instance.config, allow_unicode=True, sort_keys=False
            )

    def clean_yaml_text(self) -> dict:
        try:
            config = yaml.safe_load(self.cleaned_data["yaml_text"])
        except yaml.YAMLError as error:
            raise forms.ValidationError(
                _("YAML tidak sah: %(e)s") % {"e": error}
            ) from error
        errors = profile_errors(config)
        if errors:
            raise forms.ValidationError(errors)
        return config


@admin.register(SopProfile)
class SopProfileAdmin(admin.ModelAdmin):
    form = ProfileForm
    list_display = ("name", "agency", "code", "version", "is_active", "created_at")
    list_filter = ("agency", "is_active")
    readonly_fields = ("code", "version", "is_active", "created_at")

    def save_model(self, request: HttpRequest, obj, form, change) -> None:
        # A version in use is evidence of the rules a complaint ran under: install a
        # new version (and activate it) instead of changing this one.
        profile = install_profile(
            form.cleaned_data["agency"], form.cleaned_data["yaml_text"]
        )
        messages.info(request, _("Profil aktif: %(p)s") % {"p": profile})
        obj.pk = profile.pk
        self._installed = profile

    def response_change(self, request, obj):
        return HttpResponseRedirect(reverse("admin:agencies_sopprofile_changelist"))

    response_add = response_change
