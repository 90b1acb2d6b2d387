from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """A day the agency's admin changed: a local holiday, or a working day that a new
    decree made of a cuti bersama. National holidays come from the holidays package."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="calendar_days"
    )
    day = models.DateField(_("tanggal"))
    is_working = models.BooleanField(
        _("hari kerja"),
        default=False,
        help_text=_("Centang untuk membatalkan libur/cuti bersama pada tanggal ini."),
    )
    note = models.CharField(_("keterangan"), max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "day"], name="calendar_day_unique"
            )
        ]
        ordering = ["day"]
        verbose_name = _("hari kalender instansi")
        verbose_name_plural = _("hari kalender instansi")

    def __str__(self) -> str:
        return f"{self.day} {self.note}"


class StepClock(models.Model):
    """One timed step of the profile (seed 004's 5/30/60/5 minutes, seed 002's 30
    minutes...): started when the complaint enters a step, met or missed when it
    leaves it. The answer clock lives on the complaint itself (it pauses)."""

    complaint = models.ForeignKey(
        "intake.Complaint", on_delete=models.CASCADE, related_name="step_clocks"
    )
    step = models.SlugField(max_length=40)
    cycle = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    met = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "step", "cycle"],
                name="one_clock_per_step_and_cycle",
            )
        ]
        indexes = [models.Index(fields=["ended_at", "due_at"], name="clock_open_due")]


class Reminder(models.Model):
    """A reminder or an escalation that was sent; its uniqueness makes the sweep
    idempotent: a worker killed and restarted never sends the same one twice."""

    class Kind(models.TextChoices):
        REMIND = "remind", _("Pengingat")
        BREACH = "breach", _("Eskalasi: batas waktu terlampaui")

    complaint = models.ForeignKey(
        "intake.Complaint", on_delete=models.CASCADE, related_name="reminders"
    )
    subject = models.CharField(max_length=60)  # answer | step:<name> | disposition:<id>
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "subject", "kind", "due_at"], name="reminder_once"
            )
        ]
