from aduan.core.counters import bump
from aduan.workflow.models import Draft, LetterCounter


def next_letter_seq(agency_id: int, year: int, series: str) -> int:
    """Take the next letter number of a series; the row stays locked until commit."""
    return bump(LetterCounter, agency=agency_id, year=year, series=series)


def lock_draft(pk: int) -> Draft:
    return Draft.objects.select_for_update().get(pk=pk)
