from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Instruction(models.TextChoices):
    """ "Dengan hormat harap" options of the Lembar Disposisi (DOCUMENTS.md §2)."""

    TANGGAPAN = "tanggapan_saran", _("Tanggapan dan saran")
    PROSES = "proses_lanjut", _("Proses lebih lanjut")
    KOORDINASI = "koordinasikan", _("Koordinasikan/konfirmasikan")
    SIAPKAN = "siapkan_bahan", _("Siapkan bahan jawaban")
    TELAAH = "telaah", _("Telaah")
    TINDAK_LANJUT = "tindak_lanjuti", _("Untuk ditindaklanjuti")
    DIKETAHUI = "untuk_diketahui", _("Untuk diketahui")


class Disposition(models.Model):
    """A routing instruction to one unit, with a due date (batas waktu)."""

    complaint = models.ForeignKey(
        "intake.Complaint", on_delete=models.PROTECT, related_name="dispositions"
    )
    unit = models.ForeignKey(
        "agencies.Unit", on_delete=models.PROTECT, related_name="dispositions"
    )
    cycle = models.PositiveSmallIntegerField(default=1)
    instruction = models.CharField(
        _("instruksi"), max_length=30, choices=Instruction.choices
    )
    note = models.TextField(_("catatan"), blank=True)
    due_at = models.DateTimeField(_("batas waktu"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField()
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["unit", "replied_at", "due_at"], name="disposition_open"
            )
        ]
        ordering = ["given_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} → {self.unit}"


class DispositionReply(models.Model):
    """Material or action taken, sent back by the unit."""

    disposition = models.ForeignKey(
        Disposition, on_delete=models.PROTECT, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("tanggapan/bahan"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]


class DraftKind(models.TextChoices):
    SURAT_JAWABAN = "surat_jawaban", _("Surat Jawaban Pengaduan")
    BAPP = "bapp", _("Berita Acara Penyelesaian Pengaduan")


class Draft(models.Model):
    """The answer being prepared for one cycle; each edit is a new DraftVersion."""

    complaint = models.ForeignKey(
        "intake.Complaint", on_delete=models.PROTECT, related_name="drafts"
    )
    cycle = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(
        max_length=20, choices=DraftKind.choices, default=DraftKind.SURAT_JAWABAN
    )
    outcome = models.CharField(max_length=30, blank=True)
    # Index of the next approval step: 0..len(initials)-1 initials, then the signer.
    step = models.PositiveSmallIntegerField(default=0)
    letter_number = models.CharField(_("nomor surat"), max_length=100, blank=True)
    letter_seq = models.PositiveIntegerField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "cycle"], name="one_draft_per_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} draft {self.cycle}"

    def latest_version(self) -> "DraftVersion | None":
        versions = list(self.versions.all())  # uses a prefetch when there is one
        return versions[-1] if versions else None


class DraftVersion(models.Model):
    """One saved text of a draft; never changed afterwards."""

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "number"], name="draft_version_unique"
            )
        ]
        ordering = ["number"]


class Decision(models.TextChoices):
    PARAF = "paraf", _("Paraf")
    KEMBALIKAN = "kembalikan", _("Dikembalikan untuk perbaikan")
    TANDA_TANGAN = "tanda_tangan", _("Tanda tangan")


class Approval(models.Model):
    """One reviewer's decision on one version of a draft (paraf hierarki)."""

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="approvals")
    version = models.PositiveSmallIntegerField()
    step = models.PositiveSmallIntegerField()
    title = models.CharField(_("jabatan"), max_length=200)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]


class LetterCounter(models.Model):
    """Last letter number per agency, year and series (surat, BA); never reused."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=20)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "series"], name="letter_counter_unique"
            )
        ]


class Satisfaction(models.Model):
    """The complainant's answer to "are you satisfied?" for one cycle."""

    complaint = models.ForeignKey(
        "intake.Complaint", on_delete=models.PROTECT, related_name="satisfactions"
    )
    cycle = models.PositiveSmallIntegerField()
    satisfied = models.BooleanField(null=True)  # None: no reply, closed by time
    reason = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "cycle"], name="one_satisfaction_per_cycle"
            )
        ]
