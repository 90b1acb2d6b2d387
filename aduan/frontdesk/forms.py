from datetime import date, datetime, time

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from aduan.agencies.models import Agency, SopProfile
from aduan.core import dates
from aduan.core.text import plain_text
from aduan.frontdesk.models import AnswerKind, AppointmentSource, ContactOutcome
from aduan.frontdesk.selectors import officers, slot_times
from aduan.frontdesk.services import (
    AnswerInput,
    AppointmentRequestInput,
    CallInput,
    WalkInInput,
)
from aduan.frontdesk.slots import Slot
from aduan.intake.choices import Kind
from aduan.intake.validators import clean_nik, clean_phone
from aduan.sla.deadlines import calendar_for

STEP_PREFIX = "durasi_"


class PhoneMixin:
    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])


class CallForm(forms.Form):
    """The console: who called, what they need, and how the call ended."""

    caller_name = forms.CharField(
        label=_l("Nama lengkap"), max_length=150, required=False
    )
    caller_nik = forms.CharField(
        label=_l("NIK"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    caller_phone = forms.CharField(
        label=_l("Nomor telepon/WhatsApp"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    caller_email = forms.EmailField(label=_l("E-mail"), required=False, max_length=254)
    kind = forms.ChoiceField(label=_l("Jenis"), choices=Kind.choices)
    need = forms.CharField(
        label=_l("Keperluan/pokok pengaduan"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    outcome = forms.ChoiceField(
        label=_l("Hasil panggilan"),
        choices=ContactOutcome.choices,
        widget=forms.RadioSelect,
    )
    standard_answer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    answer_text = forms.CharField(
        label=_l("Jawaban yang diberikan/catatan"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    preferred_date = forms.DateField(
        label=_l("Tanggal temu yang diinginkan"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, profile: SopProfile, step_names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.step_names = step_names
        self.fields["kind"].choices = [
            (value, label) for value, label in Kind.choices if value in profile.kinds
        ]
        if "permintaan_informasi" in profile.kinds:
            self.fields["kind"].initial = "permintaan_informasi"
        for name in step_names:
            self.fields[STEP_PREFIX + name] = forms.IntegerField(
                required=False, min_value=0, widget=forms.HiddenInput
            )

    def clean_caller_nik(self) -> str:
        return clean_nik(self.cleaned_data["caller_nik"])

    def clean_caller_phone(self) -> str:
        return clean_phone(self.cleaned_data["caller_phone"])

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in ("caller_name", "need", "answer_text"):
            if isinstance(cleaned.get(name), str):
                cleaned[name] = plain_text(cleaned[name])
        return cleaned

    def to_input(self) -> CallInput:
        c = self.cleaned_data
        return CallInput(
            outcome=c["outcome"],
            caller_name=c["caller_name"],
            caller_nik=c["caller_nik"],
            caller_phone=c["caller_phone"],
            caller_email=c["caller_email"],
            need=c["need"],
            kind=c["kind"],
            step_seconds={
                name: c[STEP_PREFIX + name]
                for name in self.step_names
                if c.get(STEP_PREFIX + name) is not None
            },
            standard_answer_id=c["standard_answer"],
            answer_text=c["answer_text"],
            preferred_date=c["preferred_date"],
        )


class AnswerForm(forms.Form):
    question = forms.CharField(label=_l("Pertanyaan"), max_length=300)
    answer = forms.CharField(
        label=_l("Jawaban"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )
    kind = forms.ChoiceField(label=_l("Jenis"), choices=AnswerKind.choices)
    keywords = forms.CharField(
        label=_l("Kata kunci (dipisah koma)"), max_length=300, required=False
    )
    # The column is a small integer on every database.
    position = forms.IntegerField(
        label=_l("Urutan"), min_value=0, max_value=32767, initial=0
    )
    is_public = forms.BooleanField(
        label=_l("Tampilkan di situs, di atas formulir pengaduan"),
        required=False,
        initial=True,
    )
    is_active = forms.BooleanField(label=_l("Aktif"), required=False, initial=True)

    def to_input(self) -> AnswerInput:
        c = self.cleaned_data
        return AnswerInput(
            question=plain_text(c["question"]),
            answer=plain_text(c["answer"]),
            kind=c["kind"],
            keywords=plain_text(c["keywords"]),
            is_public=c["is_public"],
            is_active=c["is_active"],
            position=c["position"],
        )


class AppointmentRequestForm(PhoneMixin, forms.Form):
    """The complainant asks for a meeting at the complaint desk."""

    name = forms.CharField(label=_l("Nama lengkap"), max_length=150)
    phone = forms.CharField(
        label=_l("Nomor telepon/WhatsApp"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_l("E-mail"), required=False, max_length=254)
    purpose = forms.CharField(
        label=_l("Maksud, tujuan dan permasalahan yang akan dikonsultasikan"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    preferred_date = forms.DateField(
        label=_l("Tanggal yang diinginkan"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    preferred_time = forms.ChoiceField(label=_l("Jam yang diinginkan"), required=False)
    # Bots fill every field; people never see this one.
    homepage = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["preferred_time"].choices = [("", "—")] + [
            (t.strftime("%H:%M"), t.strftime("%H.%M")) for t in slot_times(agency)
        ]

    def clean_homepage(self) -> str:
        if self.cleaned_data["homepage"]:
            raise forms.ValidationError(_("Formulir tidak dapat diproses."))
        return ""

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in ("name", "purpose"):
            if isinstance(cleaned.get(name), str):
                cleaned[name] = plain_text(cleaned[name])
        if not (cleaned.get("phone") or cleaned.get("email")) and not self.errors.get(
            "phone"
        ):
            self.add_error(
                "phone",
                _("Isi nomor telepon/WhatsApp atau e-mail agar jadwal dapat dikirim."),
            )
        return cleaned

    def to_input(self, *, source: str, language: str = "id") -> AppointmentRequestInput:
        c = self.cleaned_data
        return AppointmentRequestInput(
            name=c["name"],
            purpose=c["purpose"],
            source=source,
            phone=c["phone"],
            email=c["email"],
            preferred_date=c["preferred_date"],
            preferred_time=time.fromisoformat(c["preferred_time"])
            if c["preferred_time"]
            else None,
            language=language,
        )


class DeskRequestForm(AppointmentRequestForm):
    """A request that came by e-mail or phone, typed in at the desk."""

    source = forms.ChoiceField(
        label=_l("Diterima melalui"),
        choices=[
            (AppointmentSource.EMAIL, AppointmentSource.EMAIL.label),
            (AppointmentSource.TELEPON, AppointmentSource.TELEPON.label),
            (AppointmentSource.LANGSUNG, AppointmentSource.LANGSUNG.label),
        ],
    )

    field_order = ["source"]


class SlotForm(forms.Form):
    """The desk sets a slot: a day, a start time and the officer."""

    day = forms.DateField(
        label=_l("Tanggal"), widget=forms.DateInput(attrs={"type": "date"})
    )
    time = forms.ChoiceField(label=_l("Jam"))
    officer = forms.ModelChoiceField(label=_l("Petugas"), queryset=None, required=False)

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["time"].choices = [
            (t.strftime("%H:%M"), t.strftime("%H.%M")) for t in slot_times(agency)
        ]
        self.fields["officer"].queryset = officers(agency)

    @property
    def start(self) -> datetime:
        c = self.cleaned_data
        return datetime.combine(
            c["day"],
            time.fromisoformat(c["time"]),
            tzinfo=calendar_for(self.agency).zone,
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_l("Alasan"), max_length=300, required=False, widget=forms.TextInput
    )


class PublicSlotForm(forms.Form):
    """The complainant picks another free slot."""

    start = forms.ChoiceField(label=_l("Pilih waktu lain"))

    def __init__(self, *args, free: list[tuple[date, list[Slot]]], tz: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].choices = [
            (
                dates.format_date(day),
                [
                    (
                        slot.start.isoformat(),
                        dates.format_time(slot.start, tz),
                    )
                    for slot in slots
                ],
            )
            for day, slots in free
        ]

    @property
    def moment(self) -> datetime:
        return datetime.fromisoformat(self.cleaned_data["start"])


class WalkInForm(PhoneMixin, forms.Form):
    name = forms.CharField(label=_l("Nama tamu"), max_length=150)
    phone = forms.CharField(
        label=_l("Nomor telepon/WhatsApp"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    purpose = forms.CharField(label=_l("Keperluan"), max_length=2000, required=False)

    def to_input(self) -> WalkInInput:
        c = self.cleaned_data
        return WalkInInput(
            name=plain_text(c["name"]),
            phone=c["phone"],
            purpose=plain_text(c["purpose"]),
        )


class OfficerForm(forms.Form):
    officer = forms.ModelChoiceField(label=_l("Petugas"), queryset=None, required=False)

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers(agency)
