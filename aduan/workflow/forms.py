from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from aduan.agencies.models import Unit
from aduan.core.forms import IdsField
from aduan.core.text import plain_text
from aduan.intake.choices import Document, Outcome, RejectReason
from aduan.intake.forms import AttachmentForm, MultipleFileField
from aduan.intake.models import Complaint
from aduan.workflow.models import DraftKind, Instruction


class StepForm(forms.Form):
    """A form for one life-cycle step; built with the complaint it acts on."""

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.complaint = complaint

    def clean(self) -> dict:
        # Reasons, notes and addressees are plain text: control characters go, and
        # a required one left blank by invisible characters is asked for again.
        cleaned = super().clean()
        for name, field in self.fields.items():
            if type(field) is forms.CharField and isinstance(cleaned.get(name), str):
                cleaned[name] = plain_text(cleaned[name])
                if field.required and not cleaned[name]:
                    self.add_error(name, field.error_messages["required"])
        return cleaned


class EmptyForm(StepForm):
    pass


class VerifyForm(StepForm):
    documents = forms.MultipleChoiceField(
        label=_l("Berkas yang sudah diterima"),
        choices=Document.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    time_class = forms.ChoiceField(label=_l("Kelas waktu penyelesaian"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required = self.complaint.profile.required_documents(self.complaint.channel)
        if required:
            self.fields["documents"].choices = [
                (code, label) for code, label in Document.choices if code in required
            ]
            self.fields["documents"].initial = self.complaint.documents_received
        else:
            del self.fields["documents"]
        classes = self.complaint.profile.config.get("time_classes", []) or []
        self.fields["time_class"].choices = [("", _("Sesuai SOP"))] + [
            (
                c["code"],
                _("%(label)s (%(n)s hari kerja)")
                % {"label": c.get("label", c["code"]), "n": c["working_days"]},
            )
            for c in classes
            if "working_days" in c
        ]
        if not classes:
            del self.fields["time_class"]


class ReturnForm(StepForm):
    missing = forms.MultipleChoiceField(
        label=_l("Berkas yang kurang"),
        choices=Document.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_l("Catatan untuk pelapor"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CompleteForm(StepForm):
    documents = forms.MultipleChoiceField(
        label=_l("Berkas yang kini diterima"),
        choices=Document.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class DirectAnswerForm(StepForm):
    answer = forms.CharField(
        label=_l("Jawaban/informasi yang diberikan"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RejectForm(StepForm):
    reason = forms.ChoiceField(label=_l("Alasan"), choices=RejectReason.choices)
    duplicate_of = forms.CharField(
        label=_l("Nomor register aslinya (jika duplikat)"),
        required=False,
        max_length=60,
    )
    note = forms.CharField(
        label=_l("Penjelasan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_duplicate_of(self) -> Complaint | None:
        number = self.cleaned_data["duplicate_of"].strip()
        if not number:
            return None
        original = Complaint.objects.filter(
            agency_id=self.complaint.agency_id, register_number=number
        ).first()
        if original is None:
            raise forms.ValidationError(_("Nomor register tidak ditemukan."))
        return original


class ForwardForm(StepForm):
    to = forms.CharField(label=_l("Diteruskan kepada"), max_length=200)
    note = forms.CharField(
        label=_l("Catatan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DispositionForm(StepForm):
    units = IdsField(
        label=_l("Diteruskan kepada"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    instruction = forms.ChoiceField(
        label=_l("Dengan hormat harap"), choices=Instruction.choices
    )
    note = forms.CharField(
        label=_l("Catatan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_date = forms.DateField(
        label=_l("Batas waktu"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_l("Kosong: 3 hari kerja."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(
            agency_id=self.complaint.agency_id
        )


class ReplyForm(StepForm):
    disposition = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_l("Tanggapan, bahan, atau tindakan yang diambil"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = MultipleFileField(label=_l("Lampiran"), required=False)

    clean_files = AttachmentForm.clean_files

    def clean_disposition(self):
        disposition = (
            self.complaint.dispositions.filter(pk=self.cleaned_data["disposition"])
            .select_related("unit", "complaint")
            .first()
        )
        if disposition is None:
            raise forms.ValidationError(_("Disposisi tidak ditemukan."))
        return disposition


class DraftForm(StepForm):
    kind = forms.ChoiceField(label=_l("Jenis dokumen"), choices=DraftKind.choices)
    outcome = forms.ChoiceField(
        label=_l("Hasil penanganan"),
        choices=[
            (value, label)
            for value, label in Outcome.choices
            if value in {"terselesaikan", "sebagian", "tidak_terbukti"}
        ],
    )
    body = forms.CharField(
        label=_l("Isi jawaban"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class CommentForm(StepForm):
    comment = forms.CharField(
        label=_l("Catatan (opsional)"), required=False, max_length=2000
    )


class ReasonForm(StepForm):
    comment = forms.CharField(
        label=_l("Alasan/perbaikan yang diminta"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SatisfactionForm(StepForm):
    satisfied = forms.TypedChoiceField(
        label=_l("Apakah Anda puas dengan jawaban ini?"),
        choices=[("1", _l("Ya, puas")), ("0", _l("Belum puas"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_l("Alasan (wajib bila belum puas)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_reason(self) -> str:
        return plain_text(self.cleaned_data["reason"])


class ExtendForm(StepForm):
    reason = forms.CharField(
        label=_l("Alasan perpanjangan (disampaikan kepada pelapor)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
