from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aduan.intake.choices import Category, Channel, Kind, Outcome, Source
from aduan.workflow.status import Status


class Reporter(models.Model):
    """The complainant: a person or a business; may be anonymous or confidential."""

    name = models.CharField(_("nama"), max_length=150, blank=True)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    phone = models.CharField(_("telepon (E.164)"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    organisation = models.CharField(
        _("badan usaha/organisasi"), max_length=200, blank=True
    )
    # anonim: identity hidden from all but the profile's identity_visible_to roles.
    is_anonymous = models.BooleanField(_("anonim"), default=False)
    # rahasia: the reporter asked that their identity be kept confidential (form §D).
    is_confidential = models.BooleanField(_("identitas dirahasiakan"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pelapor")
        verbose_name_plural = _("pelapor")

    def __str__(self) -> str:
        return self.name or str(_("(tanpa nama)"))


class Complaint(models.Model):
    """One complaint, suggestion, aspiration or information request, from any channel."""

    # No single-column indexes on agency and profile: every index below starts with
    # the agency, and complaints are never looked up by profile. Each index is paid
    # for on every registration.
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="complaints",
        db_index=False,
    )
    profile = models.ForeignKey(
        "agencies.SopProfile",
        on_delete=models.PROTECT,
        related_name="complaints",
        db_index=False,
    )
    reporter = models.ForeignKey(
        Reporter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=Kind.choices)
    channel = models.CharField(_("saluran"), max_length=30, choices=Channel.choices)
    subject = models.CharField(_("perihal"), max_length=200)
    # The 5W1H elements of seed 002 step 3.
    what = models.TextField(_("apa yang terjadi"))
    who = models.TextField(_("siapa yang terlibat/diadukan"), blank=True)
    when = models.CharField(_("kapan terjadi"), max_length=200, blank=True)
    incident_date = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    where = models.CharField(_("di mana terjadi"), max_length=300, blank=True)
    how = models.TextField(_("bagaimana terjadinya"), blank=True)
    service_name = models.CharField(
        _("layanan/izin terkait"), max_length=200, blank=True
    )
    service_date = models.DateField(
        _("tanggal menerima layanan"), null=True, blank=True
    )
    expected_outcome = models.TextField(_("penyelesaian yang diharapkan"), blank=True)
    location = models.CharField(_("lokasi"), max_length=300, blank=True)
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True
    )
    category = models.CharField(
        _("kategori"), max_length=30, choices=Category.choices, blank=True
    )
    # rahasia (SP4N-LAPOR!): the complaint itself is never shown publicly.
    is_secret = models.BooleanField(_("pengaduan rahasia"), default=False)
    wants_updates = models.BooleanField(_("ingin menerima kabar"), default=False)
    # Which of the profile's required documents came with the file (seeds 001, 003).
    documents_received = models.JSONField(
        _("dokumen diterima"), default=list, blank=True
    )
    language = models.CharField(max_length=5, default="id")
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.DITERIMA
    )
    # seed 003: "not satisfied" repeats the handling cycle; each answer has its cycle.
    cycle = models.PositiveSmallIntegerField(_("siklus penanganan"), default=1)
    outcome = models.CharField(
        _("hasil"), max_length=30, choices=Outcome.choices, blank=True
    )
    time_class = models.CharField(_("kelas waktu"), max_length=40, blank=True)
    # When the answer clock last started (a complete file, seed 001) and its deadline;
    # both None while the file is returned to the complainant (the clock is paused).
    answer_started_at = models.DateTimeField(null=True, blank=True)
    answer_due_at = models.DateTimeField(
        _("batas waktu jawaban"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    # UU 25/2009 Pasal 36/40: where it came from and any referring letter.
    source = models.CharField(
        _("sumber"), max_length=30, choices=Source.choices, default=Source.LANGSUNG
    )
    referral_number = models.CharField(
        _("nomor surat rujukan"), max_length=100, blank=True
    )
    referral_date = models.DateField(_("tanggal surat rujukan"), null=True, blank=True)
    # UU 25/2009 Pasal 42: a claim for compensation (ganti rugi).
    compensation_amount = models.DecimalField(
        _("ganti rugi diminta (Rp)"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
    )
    compensation_basis = models.TextField(_("dasar tuntutan ganti rugi"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("duplikat dari"),
    )
    forwarded_to = models.CharField(_("diteruskan kepada"), max_length=200, blank=True)
    register_number = models.CharField(_("nomor register"), max_length=60, null=True)
    register_year = models.PositiveSmallIntegerField(null=True)
    register_seq = models.PositiveIntegerField(null=True)
    # Unique through a constraint, not unique=True: on PostgreSQL that would add a
    # second (LIKE) index that no exact look-up uses.
    tracking_code = models.CharField(_("kode lacak"), max_length=17)
    # The random key of the form page it was sent from: the same page sent twice
    # (a double tap on a slow phone) is one complaint. NULL for other channels
    # (NULLs do not collide, and the plain unique index serves the lookup).
    submission_key = models.CharField(max_length=32, null=True, blank=True)
    received_at = models.DateTimeField(_("diterima pada"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # staff accounts are deactivated, never deleted
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tracking_code"], name="tracking_code_unique"
            ),
            models.UniqueConstraint(
                fields=["agency", "register_number"], name="register_number_unique"
            ),
            models.UniqueConstraint(
                fields=["agency", "register_year", "register_seq"],
                name="register_seq_unique",
            ),
            models.UniqueConstraint(
                fields=["agency", "submission_key"], name="submission_key_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["agency", "-received_at", "-id"], name="complaint_recent"
            ),
            # (agency, status) counts use complaint_inbox, whose first columns they are.
            models.Index(
                fields=["agency", "status", "answer_due_at", "id"],
                name="complaint_inbox",
            ),
            # The inbox's order (soonest deadline first, then id) for any filter.
            models.Index(
                fields=["agency", "answer_due_at", "id"], name="complaint_due"
            ),
        ]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")

    def __str__(self) -> str:
        return self.register_number or self.tracking_code

    def get_absolute_url(self) -> str:
        return reverse("intake:complaint-detail", args=[self.pk])


class ReportedEmployee(models.Model):
    """An official or employee named in a complaint (terlapor); never shown the case."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="reported_employees"
    )
    name = models.CharField(_("nama"), max_length=150)
    nip = models.CharField(_("NIP"), max_length=18, blank=True, db_index=True)
    unit_name = models.CharField(_("unit kerja"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pegawai yang diadukan")
        verbose_name_plural = _("pegawai yang diadukan")

    def __str__(self) -> str:
        return self.name


class Attachment(models.Model):
    """A file sent with a complaint, stored once by its SHA-256."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="attachments"
    )
    sha256 = models.CharField(max_length=64, db_index=True)
    file = models.FileField(max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    from_public = models.BooleanField(default=False)
    # Material a unit sent back with its reply to a disposition.
    reply = models.ForeignKey(
        "workflow.DispositionReply",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class RegisterCounter(models.Model):
    """The last register sequence issued per agency and year; locked to issue the next."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="counter_unique")
        ]
