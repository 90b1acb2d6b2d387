from datetime import timedelta

from django.core.management import call_command

from aduan.intake.services import ComplaintInput, ReporterInput, register_complaint
from aduan.sla.deadlines import calendar_for
from aduan.workflow.models import Satisfaction
from aduan.workflow.services import (
    close_unanswered,
    save_draft,
    sign_draft,
    start_processing,
    submit_draft,
    verify_complaint,
)
from aduan.workflow.status import Status


def answered_complaint(agency, users):
    complaint = register_complaint(
        agency=agency,
        actor=users("004-petugas"),
        data=ComplaintInput(
            kind="pengaduan",
            channel="langsung",
            what="Timbangan pasar",
            reporter=ReporterInput(name="Ibu Sri"),
        ),
    )
    verify_complaint(complaint, actor=users("004-petugas"))
    start_processing(complaint, actor=users("004-petugas"))
    save_draft(
        complaint,
        actor=users("004-petugas"),
        body="<p>Sudah ditera.</p>",
        outcome="terselesaikan",
    )
    submit_draft(complaint, actor=users("004-petugas"))
    return sign_draft(complaint, actor=users("004-kepala")), complaint


def test_no_reply_closes_after_the_profiles_working_days(agency_factory):
    # given seed 004: auto-close after 5 working days without a reply
    from aduan.accounts.models import User

    malang = agency_factory("seed_004", prefix="004-")
    draft, complaint = answered_complaint(
        malang, lambda u: User.objects.get(username=u)
    )
    deadline = calendar_for(malang).working_deadline(draft.signed_at, 5)
    # when the task runs just before and just after the limit
    assert close_unanswered(now=deadline - timedelta(minutes=1)) == 0
    closed = close_unanswered(now=deadline + timedelta(minutes=1))
    # then
    complaint.refresh_from_db()
    assert closed == 1
    assert complaint.status == Status.SELESAI
    assert Satisfaction.objects.get(complaint=complaint).satisfied is None
    event = complaint.events.filter(kind="status_changed").last()
    assert "5 hari kerja" in event.data["reason"]
    # running again changes nothing
    assert close_unanswered(now=deadline + timedelta(days=3)) == 0
    call_command("close_unanswered")
    assert (
        complaint.events.filter(kind="status_changed", data__to="selesai").count() == 1
    )
