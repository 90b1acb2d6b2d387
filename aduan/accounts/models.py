from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from aduan.accounts.roles import Role


class User(AbstractUser):
    """A staff member; the public never needs an account."""

    name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True, db_index=True)
    jabatan = models.CharField(_("jabatan"), max_length=200, blank=True)
    pangkat = models.CharField(_("pangkat/golongan"), max_length=100, blank=True)

    def __str__(self) -> str:
        return self.name or self.username


class Membership(models.Model):
    """One role of one user in one agency (unit staff also name their unit)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "agencies.Unit", on_delete=models.PROTECT, null=True, blank=True
    )
    # Which step of the profile's approval chain a pemaraf holds (e.g. kabid,
    # sekretaris): paraf hierarki goes in order, each by its own official.
    position = models.SlugField(
        _("jabatan dalam rantai paraf"), max_length=40, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role", "unit"], name="membership_unique"
            )
        ]
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.agency.code}"
