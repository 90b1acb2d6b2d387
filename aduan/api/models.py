"""API keys: one per integration, held by a service account whose roles decide
everything the key may see and do (the web's permission rules, unchanged)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    COMPLAINTS_READ = "complaints:read", _("Membaca pengaduan")
    COMPLAINTS_WRITE = "complaints:write", _("Mendaftarkan dan memproses pengaduan")
    OPEN311 = "open311", _("Mengirim laporan lewat Open311")


class ApiKey(models.Model):
    """A revocable secret for one integration; only its SHA-256 is stored."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(_("nama integrasi"), max_length=100)
    # The public part of the token ("adn_<prefix>_<secret>"): finds the row
    # without revealing anything secret, and names the key in logs.
    prefix = models.CharField(_("awalan"), max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("cakupan"), default=list)
    # A key limited to a unit sees only what is routed to that unit: its service
    # account holds the unit role for that unit, nothing else.
    unit = models.ForeignKey(
        "agencies.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hanya unit"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_key",
        verbose_name=_("akun layanan"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat pada"))
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)

    class Meta:
        ordering = ["agency", "name"]
        verbose_name = _("kunci API")
        verbose_name_plural = _("kunci API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
