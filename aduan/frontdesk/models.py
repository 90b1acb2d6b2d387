"""Front desk: phone calls, standard answers, appointments and the visitor queue.

Seed 000: the call centre answers at once or explains the formal procedure; on-site
complaints come by appointment, and the receptionist records requests and walk-ins
and gives each officer the day's schedule. Seed 004: the receptionist receives the
visitor first (5 minutes, identity).
"""

from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from aduan.intake.choices import Channel


class FrontdeskSettings(models.Model):
    """An agency's visiting hours: slot length and how many visitors a slot takes."""

    agency = models.OneToOneField(
        "agencies.Agency", on_delete=models.CASCADE, related_name="frontdesk_settings"
    )
    # Inside office hours (Agency.opens_at...): a slot never runs past closing time.
    visit_opens_at = models.TimeField(_("jam kunjungan mulai"), default=time(9, 0))
    visit_closes_at = models.TimeField(_("jam kunjungan selesai"), default=time(15, 0))
    slot_minutes = models.PositiveSmallIntegerField(
        _("lama satu sesi (menit)"),
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(240)],
    )
    capacity = models.PositiveSmallIntegerField(
        _("kapasitas per sesi"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Berapa tamu dapat dilayani bersamaan (jumlah petugas/meja)."),
    )
    book_days_ahead = models.PositiveSmallIntegerField(
        _("janji temu paling jauh (hari)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    location = models.CharField(
        _("tempat layanan langsung"),
        max_length=200,
        blank=True,
        help_text=_("Mis. Lantai 2 Gedung Bappebti."),
    )
    procedure_text = models.TextField(
        _("penjelasan tata cara pengaduan resmi"),
        blank=True,
        help_text=_(
            "Dikirim kepada penelepon bersama saluran pengiriman bukti dari profil SOP."
        ),
    )

    class Meta:
        verbose_name = _("pengaturan layanan depan")
        verbose_name_plural = _("pengaturan layanan depan")

    def __str__(self) -> str:
        return str(self.agency)


class AnswerKind(models.TextChoices):
    INFORMASI = "informasi", _("Informasi")
    KONSULTASI = "konsultasi", _("Konsultasi")


class StandardAnswer(models.Model):
    """A question the agency is often asked, with its standard answer (FAQ)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="standard_answers"
    )
    question = models.CharField(_("pertanyaan"), max_length=300)
    answer = models.TextField(_("jawaban"))
    kind = models.CharField(
        _("jenis"),
        max_length=20,
        choices=AnswerKind.choices,
        default=AnswerKind.INFORMASI,
    )
    keywords = models.CharField(
        _("kata kunci"),
        max_length=300,
        blank=True,
        help_text=_("Kata lain yang dipakai penelepon, dipisah koma."),
    )
    is_public = models.BooleanField(_("tampil di situs"), default=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    # Calls answered with it on the console; public deflections are per day below.
    times_used = models.PositiveIntegerField(_("dipakai di telepon"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "question"]
        indexes = [
            models.Index(fields=["agency", "is_active", "position"], name="answer_list")
        ]
        verbose_name = _("jawaban standar")
        verbose_name_plural = _("jawaban standar")

    def __str__(self) -> str:
        return self.question


class DeflectionCount(models.Model):
    """How often a public FAQ answered someone instead of a complaint, per day."""

    answer = models.ForeignKey(
        StandardAnswer, on_delete=models.CASCADE, related_name="deflections"
    )
    day = models.DateField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "day"], name="deflection_day")
        ]


class ContactOutcome(models.TextChoices):
    """How a call ended (seed 000 step 6)."""

    DIJAWAB = "dijawab_langsung", _("Dijawab langsung (informasi/konsultasi)")
    PENGADUAN = "pengaduan_dicatat", _("Pengaduan dicatat")
    PROSEDUR = "prosedur_dijelaskan", _("Tata cara dijelaskan, saluran bukti dikirim")
    JANJI_TEMU = "janji_temu", _("Permintaan janji temu dicatat")
    TERPUTUS = "terputus", _("Terputus/tanpa tindak lanjut")


class Contact(models.Model):
    """One call (or chat) handled on the console, whether or not a complaint came of
    it; reports count these."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="contacts"
    )
    channel = models.CharField(
        _("saluran"), max_length=30, choices=Channel.choices, default=Channel.TELEPON
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("petugas"),
    )
    started_at = models.DateTimeField(_("mulai"))
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    # Seconds per script step as the console's timer measured them: {"salam": 12}.
    step_seconds = models.JSONField(default=dict, blank=True)
    caller_name = models.CharField(_("nama penelepon"), max_length=150, blank=True)
    caller_phone = models.CharField(_("telepon"), max_length=20, blank=True)
    caller_email = models.EmailField(_("e-mail"), blank=True)
    need = models.TextField(_("keperluan"), blank=True)
    summary = models.TextField(_("ringkasan yang dikonfirmasi"), blank=True)
    outcome = models.CharField(
        _("hasil"), max_length=30, choices=ContactOutcome.choices, blank=True
    )
    standard_answer = models.ForeignKey(
        StandardAnswer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    answer_text = models.TextField(_("jawaban/catatan"), blank=True)
    complaint = models.ForeignKey(
        "intake.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    appointment = models.ForeignKey(
        "frontdesk.Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )

    class Meta:
        indexes = [
            models.Index(fields=["agency", "-started_at"], name="contact_recent")
        ]
        verbose_name = _("kontak/panggilan")
        verbose_name_plural = _("kontak/panggilan")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.started_at:%Y-%m-%d %H:%M}"


class AppointmentStatus(models.TextChoices):
    DIMINTA = "diminta", _("Diminta")
    DIUSULKAN = "diusulkan", _("Jadwal diusulkan")
    DIKONFIRMASI = "dikonfirmasi", _("Dikonfirmasi")
    DIBATALKAN = "dibatalkan", _("Dibatalkan")
    HADIR = "hadir", _("Hadir")
    SELESAI = "selesai", _("Selesai")
    TIDAK_HADIR = "tidak_hadir", _("Tidak hadir")


# Statuses that occupy a place in their slot (counted by SlotCounter).
HOLDING = (
    AppointmentStatus.DIUSULKAN,
    AppointmentStatus.DIKONFIRMASI,
    AppointmentStatus.HADIR,
    AppointmentStatus.SELESAI,
)


class AppointmentSource(models.TextChoices):
    WEBSITE = "website", _("Situs web")
    EMAIL = "email", _("E-mail")
    TELEPON = "telepon", _("Telepon")
    LANGSUNG = "langsung", _("Di meja resepsionis")


class Appointment(models.Model):
    """A visit to the complaint desk by appointment (seed 000, onsite part)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="appointments"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.DIMINTA,
    )
    source = models.CharField(
        _("diminta melalui"), max_length=20, choices=AppointmentSource.choices
    )
    name = models.CharField(_("nama"), max_length=150)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Step 1: "maksud dan tujuan, serta permasalahan yang akan dikonsultasikan".
    purpose = models.TextField(_("maksud, tujuan dan permasalahan"))
    preferred_date = models.DateField(
        _("tanggal yang diinginkan"), null=True, blank=True
    )
    preferred_time = models.TimeField(_("jam yang diinginkan"), null=True, blank=True)
    slot_start = models.DateTimeField(_("mulai"), null=True, blank=True)
    slot_end = models.DateTimeField(_("selesai"), null=True, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("petugas"),
    )
    # The language the person's messages are written in (id or en).
    language = models.CharField(_("bahasa"), max_length=5, default="id")
    # The complainant's private link to confirm, cancel or reschedule: a bearer secret.
    manage_token = models.CharField(max_length=43, unique=True)
    complaint = models.ForeignKey(
        "intake.Complaint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
    )
    requested_at = models.DateTimeField(_("diminta pada"))
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    cancelled_by_public = models.BooleanField(default=False)
    cancel_reason = models.CharField(_("alasan"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # An officer meets one visitor per slot.
            models.UniqueConstraint(
                fields=["officer", "slot_start"],
                condition=models.Q(status__in=HOLDING),
                name="officer_one_visitor_per_slot",
            )
        ]
        indexes = [
            models.Index(fields=["agency", "slot_start"], name="appointment_slot"),
            models.Index(fields=["agency", "status"], name="appointment_status"),
        ]
        verbose_name = _("janji temu")
        verbose_name_plural = _("janji temu")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"


class SlotCounter(models.Model):
    """How many places of one slot are taken; its row lock serialises booking."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE)
    start = models.DateTimeField()
    taken = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "start"], name="slot_unique")
        ]


class VisitStatus(models.TextChoices):
    MENUNGGU = "menunggu", _("Menunggu")
    DILAYANI = "dilayani", _("Sedang dilayani")
    SELESAI = "selesai", _("Selesai")
    PERGI = "pergi", _("Pergi sebelum dilayani")


class Visit(models.Model):
    """Someone at the desk today, by appointment or walking in, with a queue number."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="visits"
    )
    day = models.DateField(_("tanggal"))
    queue_number = models.PositiveIntegerField(_("nomor antrean"))
    appointment = models.OneToOneField(
        Appointment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit",
    )
    name = models.CharField(_("nama"), max_length=150)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    purpose = models.TextField(_("keperluan"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VisitStatus.choices,
        default=VisitStatus.MENUNGGU,
    )
    arrived_at = models.DateTimeField(_("tiba"))
    called_at = models.DateTimeField(_("dipanggil"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("petugas"),
    )
    complaint = models.ForeignKey(
        "intake.Complaint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "day", "queue_number"], name="queue_number_unique"
            )
        ]
        ordering = ["day", "queue_number"]
        verbose_name = _("kunjungan")
        verbose_name_plural = _("kunjungan")

    def __str__(self) -> str:
        return f"{self.queue_label} {self.name}"

    @property
    def queue_label(self) -> str:
        return f"{self.queue_number:03d}"

    @property
    def is_walk_in(self) -> bool:
        return self.appointment_id is None


class QueueCounter(models.Model):
    """The last queue number given per agency and day; locked to give the next."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE)
    day = models.DateField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="queue_day_unique")
        ]


class NoticeKind(models.TextChoices):
    DITERIMA = "permintaan_diterima", _("Permintaan janji temu diterima")
    USULAN = "usulan", _("Usulan jadwal")
    KONFIRMASI = "konfirmasi", _("Konfirmasi jadwal")
    PERUBAHAN = "perubahan", _("Perubahan jadwal")
    PEMBATALAN = "pembatalan", _("Pembatalan")
    PENGINGAT = "pengingat", _("Pengingat sehari sebelumnya")
    PROSEDUR = "prosedur", _("Tata cara dan saluran bukti")


class PublicNotice(models.Model):
    """A message the front desk sent to a member of the public: which appointment or
    call it was about, and its row in the outbox of aduan.notify, which delivers it.

    A reminder is unique per appointment and slot, so the periodic task never sends
    the same one twice however often it runs or restarts.
    """

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE)
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
    )
    kind = models.CharField(max_length=30, choices=NoticeKind.choices)
    channel = models.CharField(max_length=20)  # email | sms | whatsapp
    recipient = models.CharField(max_length=254)
    text = models.TextField()
    slot_start = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    message = models.ForeignKey(
        "notify.OutboundMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "slot_start"],
                condition=models.Q(kind="pengingat"),
                name="reminder_once_per_slot",
            )
        ]
        ordering = ["created_at", "id"]
