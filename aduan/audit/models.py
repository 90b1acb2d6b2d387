from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Pengaduan didaftarkan")
    DETAILS_UPDATED = "details_updated", _("Data pengaduan dilengkapi/diralat")
    EMPLOYEE_ADDED = "employee_added", _("Pegawai yang diadukan dicatat")
    ATTACHMENT_ADDED = "attachment_added", _("Lampiran ditambahkan")
    INFO_ADDED = "info_added", _("Informasi tambahan dari pelapor")
    NOTE = "note", _("Catatan internal")
    STATUS_CHANGED = "status_changed", _("Status berubah")
    DISPOSED = "disposed", _("Disposisi diberikan")
    UNIT_REPLIED = "unit_replied", _("Unit mengirim tanggapan")
    DRAFT_SAVED = "draft_saved", _("Konsep jawaban disimpan")
    INITIALLED = "initialled", _("Konsep diparaf")
    SIGNED = "signed", _("Jawaban ditandatangani")
    SATISFACTION = "satisfaction", _("Tanggapan kepuasan pelapor")
    DEADLINE_SET = "deadline_set", _("Batas waktu ditetapkan")
    DEADLINE_MET = "deadline_met", _("Batas waktu terpenuhi")
    DEADLINE_MISSED = "deadline_missed", _("Batas waktu terlampaui")
    FLAGS_CHANGED = "flags_changed", _("Kerahasiaan diperketat")
    DOCUMENT_ISSUED = "document_issued", _("Dokumen diterbitkan")
    DOCUMENT_DELIVERED = "document_delivered", _("Dokumen diserahkan")
    DOCUMENT_CANCELLED = "document_cancelled", _("Dokumen dibatalkan")
    DEADLINE_EXTENDED = "deadline_extended", _("Batas waktu diperpanjang")
    REMINDED = "reminded", _("Pengingat batas waktu dikirim")
    ESCALATED = "escalated", _("Eskalasi: batas waktu terlampaui")


class ComplaintEvent(models.Model):
    """One immutable line of a complaint's timeline, chained to the previous by SHA-256.

    Rows are only ever inserted, through audit.services.record_event.
    """

    # Indexed by event_seq_unique (complaint, seq), so no index of its own.
    complaint = models.ForeignKey(
        "intake.Complaint",
        on_delete=models.PROTECT,
        related_name="events",
        db_index=False,
    )
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=40, choices=EventKind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Frozen at the time: who acted and as what, even if the user changes later.
    actor_label = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    is_public = models.BooleanField(default=False)
    prev_hash = models.CharField(max_length=64)
    # Not indexed: nothing looks an event up by its hash; verify_chain walks the
    # chain by (complaint, seq), which event_seq_unique keeps unique.
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "seq"], name="event_seq_unique"
            )
        ]
        ordering = ["complaint_id", "seq"]

    def __str__(self) -> str:
        return f"{self.complaint_id}#{self.seq} {self.kind}"

    def save(self, *args, **kwargs) -> None:
        # Append-only: an existing row is evidence and is never rewritten.
        if not self._state.adding:
            raise ValueError("ComplaintEvent is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("ComplaintEvent is append-only")


class PersonalDataAccess(models.Model):
    """A staff member saw a reporter's personal data (NIK, phone, address, identity)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    complaint = models.ForeignKey("intake.Complaint", on_delete=models.PROTECT)
    fields = models.JSONField(default=list)
    purpose = models.CharField(max_length=100)
    at = models.DateTimeField()
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["complaint", "-at"], name="pii_access_recent")]
