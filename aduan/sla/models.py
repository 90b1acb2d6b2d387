from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """A day the agency's admin changed: a local holiday, or a working day that a new
    decree made of a cuti bersama. National holidays come from the holidays package."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE,
                               related_name="calendar_days")
    day = models.DateField(_("tanggal"))
    is_working = models.BooleanField(
        _("hari kerja"), default=False,
        help_text=_("Centang untuk membatalkan libur/cuti bersama pada tanggal ini."),
    )
    note = models.CharField(_("keterangan"), max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"],
                                               name="calendar_day_unique")]
        ordering = ["day"]
        verbose_name = _("hari kalender instansi")
        verbose_name_plural = _("hari kalender instansi")

    def __str__(self) -> str:
        return f"{self.day} {self.note}"
