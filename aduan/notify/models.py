"""Notices to staff inside Aduan, and messages to and from the public (issue E): the
outbox of every e-mail, SMS and WhatsApp message, what arrived, and the wording."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A notice to a staff member inside Aduan (reminders, escalations)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    complaint = models.ForeignKey(
        "intake.Complaint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["user", "read_at", "-created_at"], name="notification_unread"
            )
        ]
        ordering = ["-created_at"]


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class MessageKind(models.TextChoices):
    """What a message to the public is about: a complaint's life cycle (seed 002
    steps 7-9), or the front desk's appointments and calls (seed 000)."""

    TIKET = "tiket", _("Nomor tiket (pengaduan diterima)")
    DIKEMBALIKAN = "dikembalikan", _("Berkas dikembalikan (belum lengkap)")
    DIJAWAB = "dijawab", _("Jawaban terbit (dengan pertanyaan kepuasan)")
    DIJAWAB_TANPA_SURVEI = "dijawab_tanpa_survei", _("Jawaban terbit")
    JAWABAN_DITARIK = "jawaban_ditarik", _("Jawaban ditarik untuk diperbaiki")
    DIBUKA_KEMBALI = "dibuka_kembali", _("Pengaduan dibuka kembali")
    SELESAI = "selesai", _("Pengaduan selesai")
    # Front desk (seed 000): messages to a member of the public, with no complaint.
    JANJI_TEMU_DITERIMA = "janji_temu_diterima", _("Permintaan janji temu diterima")
    JANJI_TEMU_DIUSULKAN = "janji_temu_diusulkan", _("Usulan jadwal janji temu")
    JANJI_TEMU_DIKONFIRMASI = "janji_temu_dikonfirmasi", _("Janji temu dikonfirmasi")
    JANJI_TEMU_DIPINDAH = "janji_temu_dipindah", _("Janji temu dipindahkan")
    JANJI_TEMU_DIBATALKAN = "janji_temu_dibatalkan", _("Janji temu dibatalkan")
    JANJI_TEMU_PENGINGAT = "janji_temu_pengingat", _("Pengingat janji temu (H-1)")
    TATA_CARA_PENGADUAN = (
        "tata_cara_pengaduan",
        _("Tata cara pengaduan dan saluran bukti"),
    )


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", _("menunggu dikirim")
    SENDING = "sending", _("sedang dikirim")
    SENT = "sent", _("terkirim")
    FAILED = "failed", _("gagal")


class OutboundMessage(models.Model):
    """One message out, written in the transaction of the change that causes it.

    The worker claims it (status sending, attempts + 1), hands it to the provider with
    its idempotency key, and records the outcome. A worker that dies after the
    provider accepted but before recording leaves it "sending"; after the lease it is
    handed over again with the same key, which a provider that honours keys (and an
    e-mail reader, by Message-ID) recognises as the same message.
    """

    idempotency_key = models.CharField(max_length=120, unique=True)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+"
    )
    complaint = models.ForeignKey(
        "intake.Complaint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbound_messages",
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=MessageKind.choices)
    channel = models.CharField(
        _("saluran"), max_length=10, choices=MessageChannel.choices
    )
    to = models.CharField(_("kepada"), max_length=254)
    subject = models.CharField(_("subjek"), max_length=200, blank=True)
    body_text = models.TextField(_("isi"))
    body_html = models.TextField(blank=True)
    language = models.CharField(max_length=5, default="id")
    # E-mail threading: the complaint's thread root, carrying its tracking code.
    thread_id = models.CharField(max_length=200, blank=True)
    template_version = models.PositiveIntegerField(default=0)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OutboundStatus.choices,
        default=OutboundStatus.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"))
    claimed_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(_("id penyedia"), max_length=200, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["agency", "status", "-id"], name="outbox_agency"),
        ]
        ordering = ["-id"]
        verbose_name = _("pesan keluar")
        verbose_name_plural = _("pesan keluar")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.to} ({self.get_kind_display()})"


class DeliveryAttempt(models.Model):
    """One hand-over of a message to its provider: when, how it went, and the wait
    before the next one (the backoff, kept as evidence)."""

    message = models.ForeignKey(
        OutboundMessage, on_delete=models.CASCADE, related_name="delivery_attempts"
    )
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    ok = models.BooleanField()
    provider_id = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["message_id", "id"]


class InboundStatus(models.TextChoices):
    PROCESSING = "processing", _("sedang diproses")
    COMPLAINT = "complaint", _("menjadi pengaduan baru")
    REPLY = "reply", _("ditambahkan ke pengaduan")
    BOUNCE = "bounce", _("pemberitahuan gagal kirim")
    AUTO_REPLY = "auto_reply", _("balasan otomatis")
    REJECTED = "rejected", _("ditolak")
    FAILED = "failed", _("gagal diproses")


class InboundMessage(models.Model):
    """A message that arrived by e-mail, SMS or WhatsApp; one row per provider id, so
    the same message twice is processed once."""

    channel = models.CharField(max_length=10, choices=MessageChannel.choices)
    # The e-mail's Message-ID (or a digest when it has none), or the gateway's id.
    provider_id = models.CharField(max_length=300)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+"
    )
    complaint = models.ForeignKey(
        "intake.Complaint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_messages",
    )
    sender = models.CharField(_("pengirim"), max_length=254, blank=True)
    subject = models.CharField(_("subjek"), max_length=300, blank=True)
    body = models.TextField(_("isi"), blank=True)
    raw = models.FileField(max_length=200, blank=True)
    status = models.CharField(
        max_length=12, choices=InboundStatus.choices, default=InboundStatus.PROCESSING
    )
    note = models.TextField(blank=True)
    received_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "provider_id"], name="inbound_provider_id_unique"
            )
        ]
        ordering = ["-id"]
        verbose_name = _("pesan masuk")
        verbose_name_plural = _("pesan masuk")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.sender}"


class MessageTemplate(models.Model):
    """One version of an agency's wording for a message; never edited, a change is a
    new version. The first line of an e-mail's body may be "Subjek: ..."."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="message_templates"
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=MessageKind.choices)
    channel = models.CharField(
        _("saluran"), max_length=10, choices=MessageChannel.choices
    )
    language = models.CharField(
        _("bahasa"), max_length=5, choices=settings.LANGUAGES, default="id"
    )
    version = models.PositiveIntegerField(_("versi"))
    subject = models.CharField(_("subjek (e-mail)"), max_length=200, blank=True)
    body = models.TextField(
        _("isi"),
        help_text=_(
            "Teks biasa. Hanya penanda seperti {nomor_register} atau {tautan_lacak} "
            "yang diganti."
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
                fields=["agency", "kind", "channel", "language", "version"],
                name="message_template_version_unique",
            )
        ]
        ordering = ["agency", "kind", "channel", "language", "-version"]
        verbose_name = _("templat pesan")
        verbose_name_plural = _("templat pesan")

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} · {self.get_channel_display()} · "
            f"{self.language} v{self.version}"
        )
