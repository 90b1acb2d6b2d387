"""SLA figures (issue C point 6): read-only, shared by the SLA page and the reports."""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from aduan.agencies.models import Agency
from aduan.audit.models import ComplaintEvent, EventKind
from aduan.core import dates
from aduan.intake.models import Complaint
from aduan.sla.models import StepClock
from aduan.workflow.models import Disposition
from aduan.workflow.selectors import OPEN


@dataclass(frozen=True)
class Figure:
    label: str
    count: int
    on_time: int
    median_hours: float | None
    p90_hours: float | None

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.count if self.count else None


def _figure(label: str, samples: list[tuple[bool, float]]) -> Figure:
    hours = sorted(seconds / 3600 for _, seconds in samples)
    p90 = hours[min(len(hours) - 1, int(0.9 * len(hours)))] if hours else None
    return Figure(
        label,
        len(samples),
        sum(1 for met, _ in samples if met),
        statistics.median(hours) if hours else None,
        p90,
    )


def sla_figures(
    agency: Agency, month: date
) -> dict[str, list[Figure] | dict[str, int]]:
    """On-time share, median and p90 duration per step, channel and unit, and what is
    overdue now."""
    start, end = dates.month_bounds(month, agency.timezone)
    by_step: dict[str, list] = defaultdict(list)
    by_channel: dict[str, list] = defaultdict(list)
    # Stops of withdrawn answers (deadlines._resume) do not count: the answer
    # that replaced them does. A withdrawal comes after its stop, so only those
    # from the month's start on can void one of the month's stops.
    voided = set(
        ComplaintEvent.objects.filter(
            complaint__agency=agency,
            at__gte=start,
            kind=EventKind.DEADLINE_SET,
            data__has_key="voids",
        ).values_list("complaint_id", "data__voids")
    )
    events = ComplaintEvent.objects.filter(
        complaint__agency=agency,
        at__gte=start,
        at__lt=end,
        kind__in=[EventKind.DEADLINE_MET, EventKind.DEADLINE_MISSED],
    ).values_list("kind", "data", "complaint__channel", "complaint_id", "seq")
    for kind, data, channel, complaint_id, seq in events:
        if (complaint_id, seq) in voided:
            continue
        sample = (kind == EventKind.DEADLINE_MET, data.get("seconds", 0))
        by_step[data.get("step", "answer")].append(sample)
        if data.get("step") == "answer":
            by_channel[channel].append(sample)
    by_unit: dict[str, list] = defaultdict(list)
    replies = Disposition.objects.filter(
        complaint__agency=agency, replied_at__gte=start, replied_at__lt=end
    ).values_list("unit__name", "given_at", "replied_at", "due_at")
    for unit, given, replied, due in replies:
        by_unit[unit].append((replied <= due, (replied - given).total_seconds()))
    now = timezone.now()
    overdue = {
        "answer": Complaint.objects.filter(
            agency=agency, status__in=OPEN, answer_due_at__lt=now
        ).count(),
        "disposition": Disposition.objects.filter(
            complaint__agency=agency, replied_at__isnull=True, due_at__lt=now
        ).count(),
        "step": StepClock.objects.filter(
            complaint__agency=agency, ended_at__isnull=True, due_at__lt=now
        ).count(),
    }
    return {
        "steps": [_figure(k, v) for k, v in sorted(by_step.items())],
        "channels": [_figure(k, v) for k, v in sorted(by_channel.items())],
        "units": [_figure(k, v) for k, v in sorted(by_unit.items())],
        "overdue": overdue,
    }
