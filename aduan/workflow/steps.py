"""The steps a staff member can take on a complaint page: form + service, by name.

Views stay thin: they look a step up here, validate its form and call its service.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _l

from aduan.accounts.models import User
from aduan.accounts.roles import Role
from aduan.accounts.selectors import roles_of
from aduan.intake.models import Complaint
from aduan.workflow import forms, services
from aduan.workflow.machine import Action, allowed_actions, is_reported
from aduan.workflow.status import Status


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    form: type[forms.StepForm]
    run: Callable[[Complaint, User, dict], object]
    danger: bool = False


def _dispose(c: Complaint, u: User, d: dict) -> object:
    return services.dispose_complaint(
        c,
        actor=u,
        data=services.DispositionInput(
            units=tuple(d["units"]),
            instruction=d["instruction"],
            note=d["note"],
            due_date=d["due_date"],
        ),
    )


STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        Step(
            Action.VERIFY,
            Action.VERIFY.label,
            forms.VerifyForm,
            lambda c, u, d: services.verify_complaint(
                c,
                actor=u,
                time_class=d.get("time_class", ""),
                documents=d.get("documents", []),
            ),
        ),
        Step(
            Action.RETURN,
            Action.RETURN.label,
            forms.ReturnForm,
            lambda c, u, d: services.return_complaint(
                c, actor=u, missing=d["missing"], note=d["note"]
            ),
        ),
        Step(
            Action.COMPLETE,
            Action.COMPLETE.label,
            forms.CompleteForm,
            lambda c, u, d: services.complete_complaint(
                c, actor=u, documents=d["documents"]
            ),
        ),
        Step(
            Action.ANSWER_DIRECT,
            Action.ANSWER_DIRECT.label,
            forms.DirectAnswerForm,
            lambda c, u, d: services.answer_directly(c, actor=u, answer=d["answer"]),
        ),
        Step(
            Action.REJECT,
            Action.REJECT.label,
            forms.RejectForm,
            lambda c, u, d: services.reject_complaint(
                c,
                actor=u,
                reason=d["reason"],
                note=d["note"],
                duplicate_of=d["duplicate_of"],
            ),
            danger=True,
        ),
        Step(
            Action.FORWARD,
            Action.FORWARD.label,
            forms.ForwardForm,
            lambda c, u, d: services.forward_complaint(
                c, actor=u, to=d["to"], note=d["note"]
            ),
        ),
        Step(Action.DISPOSE, Action.DISPOSE.label, forms.DispositionForm, _dispose),
        Step(
            Action.PROCESS,
            Action.PROCESS.label,
            forms.EmptyForm,
            lambda c, u, d: services.start_processing(c, actor=u),
        ),
        Step(
            "konsep",
            _l("Simpan konsep jawaban"),
            forms.DraftForm,
            lambda c, u, d: services.save_draft(
                c, actor=u, body=d["body"], outcome=d["outcome"], kind=d["kind"]
            ),
        ),
        Step(
            Action.SUBMIT,
            Action.SUBMIT.label,
            forms.EmptyForm,
            lambda c, u, d: services.submit_draft(c, actor=u),
        ),
        Step(
            "paraf",
            _l("Paraf"),
            forms.CommentForm,
            lambda c, u, d: services.initial_draft(c, actor=u, comment=d["comment"]),
        ),
        Step(
            Action.SEND_BACK,
            Action.SEND_BACK.label,
            forms.ReasonForm,
            lambda c, u, d: services.send_back_draft(c, actor=u, comment=d["comment"]),
        ),
        Step(
            Action.SIGN,
            Action.SIGN.label,
            forms.EmptyForm,
            lambda c, u, d: services.sign_draft(c, actor=u),
        ),
        Step(
            Action.WITHDRAW,
            Action.WITHDRAW.label,
            forms.ReasonForm,
            lambda c, u, d: services.withdraw_answer(c, actor=u, reason=d["comment"]),
            danger=True,
        ),
        Step(
            "kepuasan",
            _l("Catat tanggapan kepuasan pelapor"),
            forms.SatisfactionForm,
            lambda c, u, d: services.record_satisfaction(
                c, satisfied=d["satisfied"], reason=d["reason"], actor=u
            ),
        ),
        Step(
            "perpanjang",
            _l("Perpanjang batas waktu"),
            forms.ExtendForm,
            lambda c, u, d: services.extend_answer_deadline(
                c, actor=u, reason=d["reason"]
            ),
        ),
        Step(
            "tanggapi",
            _l("Kirim tanggapan unit"),
            forms.ReplyForm,
            lambda c, u, d: services.reply_to_disposition(
                d["disposition"], actor=u, text=d["text"], files=d["files"]
            ),
        ),
    ]
}


ORDER = [
    Action.VERIFY,
    "tanggapi",
    "konsep",
    Action.SUBMIT,
    "paraf",
    Action.SIGN,
    Action.DISPOSE,
    Action.PROCESS,
    Action.ANSWER_DIRECT,
    Action.COMPLETE,
    "kepuasan",
    Action.RETURN,
    Action.SEND_BACK,
    Action.WITHDRAW,
    Action.FORWARD,
    Action.REJECT,
    Action.CLOSE,
    Action.REOPEN,
    Action.CLOSE_DIRECT,
    "perpanjang",
]


def steps_for(complaint: Complaint, user: User) -> list[str]:
    """Names of the steps this user may take on this complaint now."""
    if is_reported(complaint, user):
        return []
    names = [a for a in allowed_actions(complaint, user) if a in STEPS]
    roles = roles_of(user, complaint.agency_id)
    status = complaint.status
    if status == Status.DIPROSES and roles & {Role.ANALIS, Role.PETUGAS}:
        names.append("konsep")
    if status == Status.MENUNGGU_PERSETUJUAN and Role.PEMARAF in roles:
        if services.next_initial_is_mine(complaint, user):
            names.append("paraf")
    if status == Status.DIJAWAB and roles & {Role.PETUGAS, Role.RESEPSIONIS}:
        names = [n for n in names if n not in {Action.CLOSE, Action.REOPEN}]
        names.append("kepuasan")
    if complaint.dispositions.filter(
        cycle=complaint.cycle,
        unit__in=user.memberships.filter(agency_id=complaint.agency_id).values("unit"),
    ).exists() or (roles & {Role.ANALIS} and complaint.dispositions.exists()):
        if status in {Status.DIDISPOSISIKAN, Status.DIPROSES}:
            names.append("tanggapi")
    if services.can_extend(complaint, user):
        names.append("perpanjang")
    # The usual next step first (it opens), the exceptional ones after.
    return sorted(dict.fromkeys(names), key=ORDER.index)
