"""Standard answers (FAQ): kept by the agency, counted when they answer someone."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.agencies.models import Agency
from aduan.core.errors import DomainError, ErrorCode
from aduan.frontdesk import clock
from aduan.frontdesk.locks import count_deflection
from aduan.frontdesk.models import (
    AnswerKind,
    StandardAnswer,
)
from aduan.frontdesk.selectors import (
    ANSWER_ROLES,
    forget_public_answers,
    local_today,
)
from aduan.frontdesk.services.common import require


@dataclass(frozen=True)
class AnswerInput:
    question: str
    answer: str
    kind: str = AnswerKind.INFORMASI
    keywords: str = ""
    is_public: bool = True
    is_active: bool = True
    position: int = 0


@transaction.atomic(durable=True)
def save_standard_answer(
    agency: Agency,
    *,
    actor: User,
    data: AnswerInput,
    answer: StandardAnswer | None = None,
) -> StandardAnswer:
    """Add a standard answer, or change one of the agency's."""
    require(
        actor,
        agency.pk,
        ANSWER_ROLES,
        _("Hanya petugas layanan dan admin yang mengelola jawaban standar."),
    )
    if not data.question.strip() or not data.answer.strip():
        raise DomainError(
            ErrorCode.INVALID, _("Isi pertanyaan dan jawabannya."), field="answer"
        )
    if answer is not None and answer.agency_id != agency.pk:
        raise DomainError(ErrorCode.NOT_FOUND, _("Jawaban standar ini tidak ada."))
    row = answer or StandardAnswer(agency=agency)
    row.question = data.question.strip()
    row.answer = data.answer.strip()
    row.kind = data.kind
    row.keywords = data.keywords.strip()
    row.is_public = data.is_public
    row.is_active = data.is_active
    row.position = data.position
    row.save()
    forget_public_answers(agency.pk)
    return row


@transaction.atomic(durable=True)
def record_deflection(answer: StandardAnswer) -> int:
    """Count that a public answer answered someone before the complaint form."""
    now = clock.now()
    if not (answer.is_active and answer.is_public):
        raise DomainError(ErrorCode.NOT_FOUND, _("Jawaban ini tidak ada."))
    return count_deflection(answer.pk, local_today(answer.agency, now))
