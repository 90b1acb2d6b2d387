import re
import secrets
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from aduan.agencies.models import Agency, SopProfile
from aduan.core import dates
from aduan.core.errors import DomainError
from aduan.core.text import plain_text
from aduan.intake.choices import (
    DESK_CHANNELS,
    Category,
    Channel,
    Document,
    Kind,
    Source,
)
from aduan.intake.services import (
    CORRECTABLE_FIELDS,
    TEXT_FIELDS,
    ComplaintInput,
    EmployeeInput,
    ReporterInput,
)
from aduan.intake.uploads import inspect_uploads
from aduan.intake.validators import clean_nik, clean_nip, clean_phone


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def _inspected(files: list) -> list:
    """Check uploads by content once; services take the inspected files as they are."""
    try:
        return inspect_uploads(files)
    except DomainError as error:
        raise forms.ValidationError(error.message) from error


SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{16,32}")


def new_submission_key() -> str:
    """A fresh key for a form page (128 random bits)."""
    return secrets.token_urlsafe(16)


class TextCleaningMixin:
    text_fields: tuple[str, ...] = ()

    def _clean_texts(self, cleaned: dict) -> None:
        for name in self.text_fields:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = plain_text(cleaned[name])


class ComplaintFormBase(TextCleaningMixin, forms.Form):
    """Fields shared by the officer's desk form and the public web form."""

    text_fields = (
        *TEXT_FIELDS,
        "name",
        "address",
        "organisation",
        "compensation_basis",
    )

    kind = forms.ChoiceField(label=_l("Jenis laporan"), choices=Kind.choices)
    # The page's own random key (see Complaint.submission_key); junk is ignored.
    kunci = forms.CharField(required=False, widget=forms.HiddenInput)
    # Identity (Formulir Pengaduan part A).
    name = forms.CharField(label=_l("Nama lengkap"), max_length=150, required=False)
    nik = forms.CharField(
        label=_l("NIK"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_l("16 digit, sesuai KTP."),
    )
    phone = forms.CharField(
        label=_l("Nomor telepon/WhatsApp"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_l("E-mail"), required=False, max_length=254)
    address = forms.CharField(label=_l("Alamat"), max_length=300, required=False)
    organisation = forms.CharField(
        label=_l("Badan usaha/organisasi (jika ada)"), max_length=200, required=False
    )
    is_confidential = forms.BooleanField(
        label=_l("Rahasiakan identitas saya"),
        required=False,
        help_text=_l("Nama dan kontak hanya dilihat petugas yang berwenang."),
    )
    is_secret = forms.BooleanField(
        label=_l("Pengaduan rahasia"),
        required=False,
        help_text=_l("Isi pengaduan tidak pernah ditampilkan untuk umum."),
    )
    # Pokok aduan (part B) with the 5W1H prompts of seed 002.
    subject = forms.CharField(
        label=_l("Perihal (ringkas)"), max_length=200, required=False
    )
    what = forms.CharField(
        label=_l("Apa yang terjadi?"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    who = forms.CharField(
        label=_l("Siapa yang terlibat atau diadukan?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    when = forms.CharField(label=_l("Kapan terjadi?"), max_length=200, required=False)
    incident_date = forms.DateField(
        label=_l("Tanggal kejadian"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    where = forms.CharField(
        label=_l("Di mana terjadi?"), max_length=300, required=False
    )
    how = forms.CharField(
        label=_l("Bagaimana terjadinya?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    service_name = forms.CharField(
        label=_l("Layanan/izin terkait (dan nomor permohonan)"),
        max_length=200,
        required=False,
    )
    service_date = forms.DateField(
        label=_l("Tanggal menerima layanan"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    expected_outcome = forms.CharField(
        label=_l("Penyelesaian yang diharapkan"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    location = forms.CharField(label=_l("Lokasi"), max_length=300, required=False)
    # UU 25/2009 Pasal 42: ganti rugi, as structured fields.
    compensation_amount = forms.DecimalField(
        label=_l("Ganti rugi yang diminta (Rp, jika ada)"),
        required=False,
        min_value=0,
        max_digits=15,
        decimal_places=2,
    )
    compensation_basis = forms.CharField(
        label=_l("Dasar tuntutan ganti rugi"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    category = forms.ChoiceField(
        label=_l("Kategori"), choices=[("", "—")] + Category.choices, required=False
    )
    wants_updates = forms.BooleanField(
        label=_l("Kirimi saya kabar perkembangan (e-mail/SMS)"), required=False
    )
    attachments = MultipleFileField(
        label=_l("Lampiran (foto, pindaian, PDF, suara, video)"), required=False
    )

    def __init__(self, *args, agency: Agency, profile: SopProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.profile = profile
        self.fields["kind"].choices = [
            (value, label) for value, label in Kind.choices if value in profile.kinds
        ]
        required = set(profile.config.get("required_fields", []))
        if "identity" in required:
            self.fields["name"].required = True
        for name in ("who", "when", "where", "how", "service_date"):
            if name in required:
                self.fields[name].required = True
        if "nik" in required:
            self.fields["nik"].required = True
        if "address" in required:
            self.fields["address"].required = True

    def clean_nik(self) -> str:
        return clean_nik(self.cleaned_data["nik"])

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def _today(self) -> date:
        return dates.local(timezone.now(), self.agency.timezone).date()

    def clean_service_date(self) -> date | None:
        value = self.cleaned_data["service_date"]
        if value and value > self._today():
            raise forms.ValidationError(_("Tanggal layanan tidak boleh di masa depan."))
        return value

    def clean_incident_date(self) -> date | None:
        value = self.cleaned_data["incident_date"]
        if value and value > self._today():
            raise forms.ValidationError(
                _("Tanggal kejadian tidak boleh di masa depan.")
            )
        return value

    def clean_kunci(self) -> str:
        key = self.cleaned_data["kunci"]
        return key if SUBMISSION_KEY.fullmatch(key) else ""

    def clean_attachments(self) -> list:
        return _inspected(self.cleaned_data["attachments"])

    def clean(self) -> dict:
        cleaned = super().clean()
        self._clean_texts(cleaned)
        if "what" in cleaned and not cleaned["what"]:
            self.add_error("what", _("Uraikan apa yang terjadi."))
        if cleaned.get("compensation_amount") and not cleaned.get("compensation_basis"):
            self.add_error(
                "compensation_basis", _("Jelaskan dasar tuntutan ganti rugi.")
            )
        if cleaned.get("wants_updates") and not (
            cleaned.get("email") or cleaned.get("phone")
        ):
            self.add_error(
                "wants_updates",
                _("Isi e-mail atau nomor telepon agar kami dapat mengirim kabar."),
            )
        return cleaned

    def _reporter(self, *, is_anonymous: bool = False) -> ReporterInput | None:
        c = self.cleaned_data
        if is_anonymous or not any(c.get(k) for k in ("name", "nik", "phone", "email")):
            return None if not is_anonymous else ReporterInput(is_anonymous=True)
        return ReporterInput(
            name=c["name"],
            nik=c["nik"],
            phone=c["phone"],
            email=c["email"],
            address=c["address"],
            organisation=c["organisation"],
            is_confidential=c["is_confidential"],
        )

    def _input(self, *, channel: str, language: str, **extra) -> ComplaintInput:
        c = self.cleaned_data
        return ComplaintInput(
            kind=c["kind"],
            channel=channel,
            what=c["what"],
            subject=c["subject"],
            who=c["who"],
            when=c["when"],
            incident_date=c["incident_date"],
            where=c["where"],
            how=c["how"],
            service_name=c["service_name"],
            service_date=c["service_date"],
            expected_outcome=c["expected_outcome"],
            location=c["location"],
            category=c["category"],
            is_secret=c["is_secret"],
            wants_updates=c["wants_updates"],
            language=language,
            compensation_amount=c["compensation_amount"],
            compensation_basis=c["compensation_basis"],
            attachments=tuple(c["attachments"]),
            submission_key=c["kunci"],
            **extra,
        )


class PublicComplaintForm(ComplaintFormBase):
    """The citizen's web form (channel: website)."""

    # Bots fill every field; people never see this one.
    homepage = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_homepage(self) -> str:
        if self.cleaned_data["homepage"]:
            raise forms.ValidationError(_("Formulir tidak dapat diproses."))
        return ""

    def to_input(self, *, language: str) -> ComplaintInput:
        return self._input(
            channel=Channel.WEBSITE, language=language, reporter=self._reporter()
        )


class OfficerIntakeForm(ComplaintFormBase):
    """One fast form for walk-ins, calls, letters, box slips and faxes."""

    channel = forms.ChoiceField(label=_l("Saluran"), choices=())
    documents_received = forms.MultipleChoiceField(
        label=_l("Dokumen yang diterima"),
        choices=Document.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    source = forms.ChoiceField(
        label=_l("Sumber"),
        choices=Source.choices,
        initial=Source.LANGSUNG,
        required=False,
    )
    referral_number = forms.CharField(
        label=_l("Nomor surat rujukan/limpahan"), max_length=100, required=False
    )
    referral_date = forms.DateField(
        label=_l("Tanggal surat rujukan"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    employee_name = forms.CharField(
        label=_l("Nama pegawai yang diadukan"), max_length=150, required=False
    )
    employee_nip = forms.CharField(
        label=_l("NIP pegawai"), max_length=24, required=False
    )
    employee_unit = forms.CharField(
        label=_l("Unit kerja pegawai"), max_length=200, required=False
    )

    field_order = ["channel", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = set(self.profile.channels)
        self.fields["channel"].choices = [
            (c.value, c.label) for c in DESK_CHANNELS if c.value in allowed
        ]
        self.fields["is_secret"].label = _l("Pengaduan rahasia (tidak untuk umum)")
        self.fields["wants_updates"].label = _l(
            "Pelapor ingin memantau (kirim nomor tiket)"
        )

    def clean_referral_date(self) -> date | None:
        value = self.cleaned_data["referral_date"]
        if value and value > self._today():
            raise forms.ValidationError(_("Tanggal surat tidak boleh di masa depan."))
        return value

    def clean_employee_nip(self) -> str:
        return clean_nip(self.cleaned_data["employee_nip"])

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("employee_nip") and not cleaned.get("employee_name"):
            self.add_error("employee_name", _("Isi nama pegawai yang diadukan."))
        referred = cleaned.get("source") not in (None, "", Source.LANGSUNG)
        if referred and not cleaned.get("referral_number"):
            self.add_error(
                "referral_number",
                _("Rekomendasi/limpahan perlu nomor surat rujukannya."),
            )
        return cleaned

    def to_input(self, *, language: str) -> ComplaintInput:
        c = self.cleaned_data
        employees = ()
        if c["employee_name"]:
            employees = (
                EmployeeInput(
                    name=c["employee_name"],
                    nip=c["employee_nip"],
                    unit_name=c["employee_unit"],
                ),
            )
        return self._input(
            channel=c["channel"],
            language=language,
            reporter=self._reporter(),
            documents_received=tuple(c["documents_received"]),
            employees=employees,
            source=c["source"] or Source.LANGSUNG,
            referral_number=c["referral_number"],
            referral_date=c["referral_date"],
        )


class CorrectionForm(TextCleaningMixin, forms.Form):
    """Complete or correct the saved complaint (seed 002 step 5)."""

    text_fields = TEXT_FIELDS

    subject = ComplaintFormBase.base_fields["subject"]
    what = ComplaintFormBase.base_fields["what"]
    who = ComplaintFormBase.base_fields["who"]
    when = ComplaintFormBase.base_fields["when"]
    incident_date = ComplaintFormBase.base_fields["incident_date"]
    where = ComplaintFormBase.base_fields["where"]
    how = ComplaintFormBase.base_fields["how"]
    service_name = ComplaintFormBase.base_fields["service_name"]
    service_date = ComplaintFormBase.base_fields["service_date"]
    expected_outcome = ComplaintFormBase.base_fields["expected_outcome"]
    location = ComplaintFormBase.base_fields["location"]
    category = ComplaintFormBase.base_fields["category"]

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency

    clean_service_date = ComplaintFormBase.clean_service_date
    clean_incident_date = ComplaintFormBase.clean_incident_date
    _today = ComplaintFormBase._today

    def clean(self) -> dict:
        cleaned = super().clean()
        self._clean_texts(cleaned)
        return cleaned

    def changes(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in CORRECTABLE_FIELDS}


class EmployeeForm(forms.Form):
    name = forms.CharField(label=_l("Nama pegawai"), max_length=150)
    nip = forms.CharField(label=_l("NIP"), max_length=24, required=False)
    unit_name = forms.CharField(label=_l("Unit kerja"), max_length=200, required=False)

    def clean_nip(self) -> str:
        return clean_nip(self.cleaned_data["nip"])

    def clean_name(self) -> str:
        value = plain_text(self.cleaned_data["name"])
        if not value:
            raise forms.ValidationError(_("Isi nama pegawai."))
        return value

    def to_input(self) -> EmployeeInput:
        return EmployeeInput(**self.cleaned_data)


class AttachmentForm(forms.Form):
    files = MultipleFileField(label=_l("Berkas"))

    def clean_files(self) -> list:
        return _inspected(self.cleaned_data["files"])


class PublicInfoForm(forms.Form):
    text = forms.CharField(
        label=_l("Informasi tambahan"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = MultipleFileField(label=_l("Berkas pendukung"), required=False)

    clean_files = AttachmentForm.clean_files

    def clean_text(self) -> str:
        return plain_text(self.cleaned_data["text"])


class TrackLookupForm(forms.Form):
    kode = forms.CharField(label=_l("Kode lacak"), max_length=40)


class ConfidentialityForm(forms.Form):
    is_secret = forms.BooleanField(
        label=_l("Pengaduan rahasia (tidak untuk umum)"), required=False
    )
    is_confidential = forms.BooleanField(
        label=_l("Rahasiakan identitas pelapor"), required=False
    )
