from datetime import time

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


class Agency(models.Model):
    """A government office that handles complaints; its kop surat fields live here."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama instansi"), max_length=200)
    government = models.CharField(
        _("pemerintah (baris pertama kop)"),
        max_length=200,
        blank=True,
        help_text=_("Mis. PEMERINTAH KOTA MALANG"),
    )
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone = models.CharField(_("telepon"), max_length=100, blank=True)
    fax = models.CharField(_("faksimile"), max_length=100, blank=True)
    website = models.CharField(_("laman"), max_length=200, blank=True)
    email = models.EmailField(_("pos-el"), blank=True)
    city = models.CharField(_("kota tempat surat"), max_length=100, blank=True)
    timezone = models.CharField(
        _("zona waktu"), max_length=40, choices=TimeZone.choices, default=TimeZone.WIB
    )
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)
    public_intake = models.BooleanField(_("menerima pengaduan daring"), default=True)
    # Office hours count minutes "in office hours only" (seed 004) and set the hour a
    # working-day deadline ends. Friday often closes later (e.g. 16.30).
    opens_at = models.TimeField(_("jam buka"), default=time(8, 0))
    closes_at = models.TimeField(_("jam tutup (Senin-Kamis)"), default=time(16, 0))
    friday_closes_at = models.TimeField(_("jam tutup Jumat"), default=time(16, 0))

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A division, section or partner unit that complaints are routed to."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="units")
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama unit"), max_length=200)
    is_external = models.BooleanField(_("di luar instansi (OPD lain)"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="unit_code_unique")
        ]
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("unit")

    def __str__(self) -> str:
        return self.name


class SopProfile(models.Model):
    """One version of an agency's SOP as data; a complaint keeps the version it began under.

    Versions are never edited once a complaint uses them: a change is a new version.
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="profiles"
    )
    code = models.SlugField(_("kode profil"), max_length=60)
    version = models.PositiveIntegerField(_("versi"))
    name = models.CharField(_("nama"), max_length=200)
    config = models.JSONField(_("isi profil"))
    is_active = models.BooleanField(_("aktif"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code", "version"], name="profile_version_unique"
            ),
            models.UniqueConstraint(
                fields=["agency"],
                condition=models.Q(is_active=True),
                name="one_active_profile_per_agency",
            ),
        ]
        verbose_name = _("profil SOP")
        verbose_name_plural = _("profil SOP")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    # Read-only accessors over the validated config: no rules, only lookups.
    @property
    def channels(self) -> list[str]:
        return self.config["channels"]

    @property
    def kinds(self) -> list[str]:
        return self.config["kinds"]

    @property
    def register_pattern(self) -> str:
        return self.config["numbering"]["register"]

    def required_documents(self, channel: str) -> list[str]:
        docs = self.config.get("required_documents", {})
        return docs.get(channel, docs.get("default", []))
