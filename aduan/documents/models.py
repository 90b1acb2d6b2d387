"""Issued documents (PDF, stored once by SHA-256), their wording per agency, and the
signature images of signers."""

from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """The documents of DOCUMENTS.md that Aduan prints and issues."""

    TANDA_TERIMA = "tanda_terima", _("Tanda Terima Pengaduan")
    LEMBAR_DISPOSISI = "lembar_disposisi", _("Lembar Disposisi")
    SURAT_JAWABAN = "surat_jawaban", _("Surat Jawaban Pengaduan")
    BAPP = "bapp", _("Berita Acara Penyelesaian Pengaduan")
    FORM_PENERIMAAN_LAYANAN = "form_penerimaan_layanan", _("Form Penerimaan Layanan")


# Documents that are letters: numbered from the letter register at signing.
LETTER_KINDS = frozenset({DocumentKind.SURAT_JAWABAN, DocumentKind.BAPP})


class DeliveryVia(models.TextChoices):
    LANGSUNG = "langsung", _("Diserahkan langsung")
    POS = "pos", _("Pos/kurir")
    EMAIL = "email", _("E-mail")


class Document(models.Model):
    """One issued PDF; never rewritten. A cancelled letter keeps its number."""

    complaint = models.ForeignKey(
        "intake.Complaint", on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(
        _("jenis dokumen"), max_length=30, choices=DocumentKind.choices
    )
    # What the document was issued from (a draft, a cycle's dispositions...): one
    # valid document per source, so issuing twice returns the first.
    source_key = models.CharField(max_length=100)
    draft = models.ForeignKey(
        "workflow.Draft",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    number = models.CharField(_("nomor"), max_length=100)
    template_version = models.PositiveIntegerField(default=0)
    # The LetterSettings version printed (0: Aduan's defaults).
    settings_version = models.PositiveIntegerField(default=0)
    file = models.FileField(max_length=200)
    # The pertinggal of a letter, with the paraf table (DOCUMENTS.md §1.5); staff only.
    archive_file = models.FileField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    # The key of the public verification page; random, never the number.
    token = models.CharField(max_length=40, unique=True)
    dated = models.DateField(_("tanggal dokumen"))
    issued_at = models.DateTimeField(_("diterbitkan pada"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who signs, frozen as printed (the user may change jabatan later).
    signer_name = models.CharField(_("penanda tangan"), max_length=200, blank=True)
    signer_nip = models.CharField(_("NIP"), max_length=30, blank=True)
    signer_title = models.CharField(_("jabatan"), max_length=300, blank=True)
    signer_rank = models.CharField(_("pangkat/golongan"), max_length=100, blank=True)
    cancelled_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True)
    delivered_on = models.DateField(_("tanggal diserahkan"), null=True, blank=True)
    delivered_via = models.CharField(
        _("cara penyerahan"), max_length=20, choices=DeliveryVia.choices, blank=True
    )
    delivered_to = models.CharField(_("diterima oleh"), max_length=200, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    delivery_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "kind", "source_key"],
                condition=models.Q(cancelled_at__isnull=True),
                name="one_valid_document_per_source",
            ),
        ]
        ordering = ["issued_at", "id"]
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("documents:document-download", args=[self.pk])

    @property
    def archive_sha256(self) -> str:
        """The staff copy's hash: it is stored under it (documents.services.store_pdf)."""
        return PurePosixPath(self.archive_file.name).stem if self.archive_file else ""

    @property
    def verify_path(self) -> str:
        return reverse("documents:verify", args=[self.token])


class DocumentTemplate(models.Model):
    """One version of an agency's wording for a document kind; never edited."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="document_templates"
    )
    kind = models.CharField(
        _("jenis dokumen"), max_length=30, choices=DocumentKind.choices
    )
    version = models.PositiveIntegerField(_("versi"))
    body = models.TextField(
        _("isi"),
        help_text=_(
            "Teks biasa. Paragraf dipisah baris kosong. Hanya penanda "
            "seperti {nomor} atau {nama_pelapor} yang diganti."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "version"],
                name="document_template_version_unique",
            ),
        ]
        ordering = ["agency", "kind", "-version"]
        verbose_name = _("templat dokumen")
        verbose_name_plural = _("templat dokumen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class SignerMark(models.Model):
    """A signer's signature image and the office stamp, placed only once signed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signer_marks"
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+"
    )
    signature = models.FileField(
        _("gambar tanda tangan (PNG)"), upload_to="signatures/", blank=True
    )
    stamp = models.FileField(
        _("gambar cap dinas (PNG)"), upload_to="stamps/", blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency"], name="signer_mark_unique"
            ),
        ]
        verbose_name = _("tanda tangan dan cap")
        verbose_name_plural = _("tanda tangan dan cap")

    def __str__(self) -> str:
        return str(self.user)


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Sedang disiapkan")
    DONE = "done", _("Siap diunduh")
    FAILED = "failed", _("Gagal")


class RegisterExport(models.Model):
    """A register book PDF too long to print within a request: a task writes it and
    the officer who asked downloads it from the register page."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    start = models.DateField(_("dari tanggal"))
    end = models.DateField(_("sampai tanggal"))
    # Frozen at request time: what the officer may see then is what is printed.
    identity = models.BooleanField()
    printed = models.DateField()
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="register/", max_length=200, blank=True)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("unduhan buku register")
        verbose_name_plural = _("unduhan buku register")

    def __str__(self) -> str:
        return f"{self.agency_id} {self.start}–{self.end}"


class SigningPrefix(models.TextChoices):
    NONE = "", _("Tanpa awalan")
    AN = "a.n.", _("a.n. (atas nama)")
    UB = "u.b.", _("u.b. (untuk beliau)")
    PLT = "Plt.", _("Plt. (pelaksana tugas)")
    PLH = "Plh.", _("Plh. (pelaksana harian)")
    PJ = "Pj.", _("Pj. (penjabat)")


# Prefixes that sign for someone else: the letter names on whose behalf.
ON_BEHALF_PREFIXES = frozenset({SigningPrefix.AN, SigningPrefix.UB})


class CopiesHeading(models.TextChoices):
    SHORT = "Tembusan:", "Tembusan:"
    LONG = "Tembusan disampaikan kepada Yth.:", "Tembusan disampaikan kepada Yth.:"


class ClosingRule(models.TextChoices):
    DOUBLE = "double", _("Garis tebal dan tipis")
    SINGLE = "single", _("Satu garis tebal")


class ContactLabels(models.TextChoices):
    LONG = "long", "Telepon / Faksimile / Laman / Pos-el"
    SHORT = "short", "Telp. / Fax / Website / Email"


class LetterSettings(models.Model):
    """One version of how an agency writes its letters (DOCUMENTS.md §1.1, §1.4,
    §1.5): kop variant, signing prefix, tembusan, paraf table; never edited."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="letter_settings"
    )
    version = models.PositiveIntegerField(_("versi"))
    signing_prefix = models.CharField(
        _("awalan penanda tangan"),
        max_length=5,
        choices=SigningPrefix.choices,
        blank=True,
    )
    on_behalf_of = models.TextField(
        _("atas nama"),
        blank=True,
        help_text=_(
            "Untuk a.n./u.b.: jabatan yang diwakili, misalnya BUPATI CONTOH; "
            "satu baris per jenjang."
        ),
    )
    copies_heading = models.CharField(
        _("judul tembusan"),
        max_length=40,
        choices=CopiesHeading.choices,
        default=CopiesHeading.SHORT,
    )
    copies = models.TextField(
        _("tembusan"), blank=True, help_text=_("Satu penerima per baris, urut.")
    )
    closing_rule = models.CharField(
        _("garis penutup kop"),
        max_length=10,
        choices=ClosingRule.choices,
        default=ClosingRule.DOUBLE,
    )
    contact_labels = models.CharField(
        _("label kontak pada kop"),
        max_length=10,
        choices=ContactLabels.choices,
        default=ContactLabels.LONG,
    )
    paraf_table = models.BooleanField(_("tabel paraf pada salinan arsip"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "version"], name="letter_settings_version_unique"
            ),
        ]
        ordering = ["agency", "-version"]
        verbose_name = _("pengaturan naskah dinas")
        verbose_name_plural = _("pengaturan naskah dinas")

    def __str__(self) -> str:
        return f"{self.agency} v{self.version}"

    def copy_lines(self) -> list[str]:
        """The tembusan as printed: ';' after each entry, '.' after the last."""
        lines = [line.strip().rstrip(";.") for line in self.copies.splitlines()]
        lines = [line for line in lines if line]
        return [
            line + (";" if n < len(lines) else ".") for n, line in enumerate(lines, 1)
        ]
