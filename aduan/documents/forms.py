from datetime import date

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aduan.core import dates
from aduan.documents.models import (
    ON_BEHALF_PREFIXES,
    DeliveryVia,
    DocumentKind,
    DocumentTemplate,
    LetterSettings,
)
from aduan.documents.placeholders import PLACEHOLDERS, template_errors


class DeliveryForm(forms.Form):
    via = forms.ChoiceField(label=_("Cara penyerahan"), choices=DeliveryVia.choices)
    on = forms.DateField(
        label=_("Tanggal diserahkan"), widget=forms.DateInput(attrs={"type": "date"})
    )
    recipient = forms.CharField(label=_("Diterima oleh"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("Berkas PDF"))


class RegisterForm(forms.Form):
    FORMATS = (("xlsx", "XLSX"), ("pdf", "PDF"))

    dari = forms.DateField(
        label=_("Dari tanggal"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"), widget=forms.DateInput(attrs={"type": "date"})
    )
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, initial="xlsx")

    # No register predates the system; the bound also keeps day arithmetic on
    # 0001-01-01 or 9999-12-31 from overflowing.
    EARLIEST = date(dates.FIRST_YEAR, 1, 1)

    def _in_range(self, name: str) -> date:
        value = self.cleaned_data[name]
        latest = dates.a_year_after(date.today())
        if not self.EARLIEST <= value <= latest:
            raise forms.ValidationError(
                _("Pilih tanggal antara %(first)s dan %(last)s.")
                % {
                    "first": self.EARLIEST.strftime("%d-%m-%Y"),
                    "last": latest.strftime("%d-%m-%Y"),
                }
            )
        return value

    def clean_dari(self) -> date:
        return self._in_range("dari")

    def clean_sampai(self) -> date:
        return self._in_range("sampai")

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["sampai"] < data["dari"]:
            raise forms.ValidationError(_("Tanggal akhir sebelum tanggal awal."))
        return data


def placeholder_help() -> str:
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["agency", "kind", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18, "cols": 100})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DocumentKind.choices
        self.fields["body"].help_text = _(
            "Penanda yang boleh dipakai: %(names)s. "
            "Paragraf dipisah baris kosong; baris "
            "berawalan '1.' menjadi butir."
        ) % {"names": placeholder_help()}

    def clean_body(self):
        body = self.cleaned_data["body"]
        errors = template_errors(body)
        if errors:
            raise forms.ValidationError(errors)
        return body


class LetterSettingsForm(forms.ModelForm):
    FIELDS = [
        "agency",
        "signing_prefix",
        "on_behalf_of",
        "copies_heading",
        "copies",
        "closing_rule",
        "contact_labels",
        "paraf_table",
    ]

    class Meta:
        model = LetterSettings
        fields = [
            "agency",
            "signing_prefix",
            "on_behalf_of",
            "copies_heading",
            "copies",
            "closing_rule",
            "contact_labels",
            "paraf_table",
        ]
        widgets = {
            "on_behalf_of": forms.Textarea(attrs={"rows": 2}),
            "copies": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Lines of a letter's foot, not documents: bounded so that a paste of a
        # whole file cannot push the signature off the page.
        for name, limit in (("on_behalf_of", 500), ("copies", 2000)):
            field = self.fields[name]
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs["maxlength"] = limit

    def clean(self):
        data = super().clean()
        if (
            data.get("signing_prefix") in ON_BEHALF_PREFIXES
            and not (data.get("on_behalf_of") or "").strip()
        ):
            self.add_error(
                "on_behalf_of", _("Awalan a.n./u.b. memerlukan jabatan yang diwakili.")
            )
        return data
