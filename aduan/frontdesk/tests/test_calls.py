"""The call console's services: every call is a contact; seed 000 step 6 outcomes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from aduan.agencies.selectors import active_profile
from aduan.agencies.services import PROFILES_DIR, read_profile_file
from aduan.core.errors import DomainError, ErrorCode
from aduan.frontdesk.models import (
    Appointment,
    Contact,
    ContactOutcome,
    PublicNotice,
    StandardAnswer,
)
from aduan.frontdesk.script import console_steps
from aduan.frontdesk.services import (
    AnswerInput,
    CallInput,
    finish_call,
    save_standard_answer,
    start_call,
)
from aduan.frontdesk.tests.factories import set_clock
from aduan.intake.models import Complaint

CALLER = {"caller_name": "Rudi Hartono", "caller_phone": "+6281234567890"}


def answer(agency, officer) -> StandardAnswer:
    return save_standard_answer(
        agency,
        actor=officer,
        data=AnswerInput(
            question="Bagaimana memeriksa izin pialang berjangka?",
            answer="Lihat daftar pialang berizin di situs resmi Bappebti.",
            keywords="izin, legal, pialang",
        ),
    )


def test_seed_000_script_has_three_steps_and_a_15_minute_call():
    # given the profile of seed 000
    config = read_profile_file(PROFILES_DIR / "seed_000_bappebti.yaml")
    # when
    steps, total = console_steps(config)
    # then the greeting, identity and read-back, then the follow-up, within 15 min
    assert [s.name for s in steps] == [
        "salam",
        "identitas",
        "konfirmasi",
        "tindak_lanjut",
    ]
    assert total == 15 * 60
    assert "{petugas}" in steps[0].text
    rendered = steps[0].render(officer="Putu <Petugas>")
    assert "Putu &lt;Petugas&gt;" in rendered
    assert "data-summary" in steps[2].render(officer="x")


def test_seed_004_identity_step_takes_its_5_minutes():
    # given seed 004: no script, a 5-minute identity limit before the complaint
    config = read_profile_file(PROFILES_DIR / "seed_004_diskopindag_malang.yaml")
    # when
    steps, total = console_steps(config)
    # then the default script's identity step is timed against it, and nothing
    # else bounds the call
    limits = {s.name: s.limit_seconds for s in steps}
    assert limits == {
        "salam": None,
        "identitas": 300,
        "konfirmasi": None,
        "tindak_lanjut": None,
    }
    assert total is None


def test_answered_directly_keeps_the_call_and_counts_the_answer(bappebti, staff):
    # given a standard answer and a call that started three minutes ago
    officer = staff("petugas")
    faq = answer(bappebti, officer)
    started = timezone.now()
    contact = start_call(bappebti, actor=officer)
    Contact.objects.filter(pk=contact.pk).update(started_at=started)
    contact.refresh_from_db()

    # when the officer answers with it, the timer having measured each step
    contact = finish_call(
        contact,
        actor=officer,
        data=CallInput(
            outcome=ContactOutcome.DIJAWAB,
            need="Cara cek izin pialang",
            standard_answer_id=faq.pk,
            step_seconds={"salam": 10, "identitas": 40, "konfirmasi": 20, "asing": 5},
            **CALLER,
        ),
    )

    # then the call is a contact with its outcome and durations, and no complaint
    assert contact.outcome == ContactOutcome.DIJAWAB
    assert contact.finished_at is not None
    assert contact.step_seconds == {"salam": 10, "identitas": 40, "konfirmasi": 20}
    assert contact.summary == (
        "nama Rudi Hartono; nomor +6281234567890; keperluan: Cara cek izin pialang"
    )
    assert contact.standard_answer == faq
    assert Complaint.objects.count() == 0
    faq.refresh_from_db()
    assert faq.times_used == 1


def test_step_seconds_cannot_exceed_the_call(bappebti, staff, monkeypatch):
    # given a call that began 30 seconds ago by the server's clock
    officer = staff("petugas")
    start = timezone.now()
    set_clock(monkeypatch, start)
    contact = start_call(bappebti, actor=officer)
    set_clock(monkeypatch, start + timedelta(seconds=30))
    # when the browser claims an hour for the greeting
    contact = finish_call(
        contact,
        actor=officer,
        data=CallInput(
            outcome=ContactOutcome.TERPUTUS, step_seconds={"salam": 3600, "x": 1}
        ),
    )
    # then it is cut at the call's length plus a minute's slack
    assert contact.duration_seconds == 30
    assert contact.step_seconds == {"salam": 90}


def test_a_complaint_cannot_be_answered_directly(bappebti, staff):
    # given a call about a broker who keeps the caller's money
    officer = staff("petugas")
    contact = start_call(bappebti, actor=officer)
    # when the officer tries to close it as answered directly
    with pytest.raises(DomainError) as caught:
        finish_call(
            contact,
            actor=officer,
            data=CallInput(
                outcome=ContactOutcome.DIJAWAB,
                kind="pengaduan",
                need="Dana tidak dapat ditarik",
                answer_text="Silakan tunggu.",
                **CALLER,
            ),
        )
    # then it is refused and the call stays open
    assert caught.value.code is ErrorCode.NOT_ALLOWED
    contact.refresh_from_db()
    assert contact.finished_at is None
    assert contact.outcome == ""


def test_complaint_registered_from_the_call(bappebti, staff):
    # given an open call
    officer = staff("petugas")
    contact = start_call(bappebti, actor=officer)
    # when the officer registers the caller's complaint
    contact = finish_call(
        contact,
        actor=officer,
        data=CallInput(
            outcome=ContactOutcome.PENGADUAN,
            kind="pengaduan",
            need="Dana saya di pialang PT Contoh Berjangka tidak dapat ditarik.",
            caller_nik="3171011501900001",
            **CALLER,
        ),
    )
    # then the complaint exists, came by phone, and the call links to it
    complaint = Complaint.objects.get()
    assert contact.complaint == complaint
    assert complaint.channel == "telepon"
    assert complaint.reporter.name == "Rudi Hartono"
    assert complaint.reporter.nik == "3171011501900001"
    assert complaint.register_number.startswith("LB/")


def test_a_second_click_on_the_finished_call_registers_nothing(bappebti, staff):
    # given a call a second browser tab still shows as open
    officer = staff("petugas")
    contact = start_call(bappebti, actor=officer)
    stale = type(contact).objects.get(pk=contact.pk)
    data = CallInput(
        outcome=ContactOutcome.PENGADUAN,
        kind="pengaduan",
        need="Dana saya di pialang tidak dapat ditarik.",
        **CALLER,
    )
    first = finish_call(contact, actor=officer, data=data)
    # when the officer submits again from the stale page
    with pytest.raises(DomainError) as caught:
        finish_call(stale, actor=officer, data=data)
    # then it is refused and the complaint exists once, linked to the call
    assert "sudah selesai" in caught.value.message
    assert Complaint.objects.get() == first.complaint
    # and the register has no hole: the next complaint takes the next number
    again = start_call(bappebti, actor=officer)
    later = finish_call(again, actor=officer, data=data)
    assert later.complaint.register_seq == first.complaint.register_seq + 1


def test_procedure_explained_sends_the_evidence_channels(bappebti, staff):
    # given a caller whose complaint must go the formal way
    officer = staff("petugas")
    contact = start_call(bappebti, actor=officer)
    # when the officer explains the procedure
    contact = finish_call(
        contact,
        actor=officer,
        data=CallInput(
            outcome=ContactOutcome.PROSEDUR,
            kind="pengaduan",
            need="Penipuan robot trading",
            **CALLER,
        ),
    )
    # then the caller gets the WhatsApp number and e-mail of the profile
    notice = PublicNotice.objects.get(contact=contact)
    assert notice.kind == "prosedur"
    assert notice.channel == "whatsapp"
    assert notice.recipient == "+6281234567890"
    assert "WhatsApp 0811-1109-901" in notice.text
    assert "pengaduan@bappebti.go.id" in notice.text
    assert Complaint.objects.count() == 0


def test_procedure_needs_somewhere_to_send_it(bappebti, staff):
    officer = staff("petugas")
    contact = start_call(bappebti, actor=officer)
    with pytest.raises(DomainError) as caught:
        finish_call(
            contact,
            actor=officer,
            data=CallInput(outcome=ContactOutcome.PROSEDUR, caller_name="Rudi"),
        )
    assert caught.value.field == "caller_phone"
    assert PublicNotice.objects.count() == 0


def test_call_asking_for_a_meeting_records_the_request(bappebti, staff):
    # given a caller who wants to come to the office (onsite step 3, by phone)
    officer = staff("petugas")
    contact = start_call(bappebti, actor=officer)
    # when
    contact = finish_call(
        contact,
        actor=officer,
        data=CallInput(
            outcome=ContactOutcome.JANJI_TEMU,
            need="Ingin konsultasi langsung soal pialang.",
            **CALLER,
        ),
    )
    # then an appointment request from the phone waits for the desk
    appointment = Appointment.objects.get()
    assert contact.appointment == appointment
    assert appointment.source == "telepon"
    assert appointment.status == "diminta"
    assert appointment.created_by == officer


def test_only_the_agent_finishes_a_call_and_only_once(bappebti, staff):
    officer, receptionist = staff("petugas"), staff("resepsionis")
    contact = start_call(bappebti, actor=officer)
    data = CallInput(outcome=ContactOutcome.TERPUTUS)
    with pytest.raises(DomainError) as caught:
        finish_call(contact, actor=receptionist, data=data)
    assert caught.value.code is ErrorCode.FORBIDDEN
    finish_call(contact, actor=officer, data=data)
    contact.refresh_from_db()
    with pytest.raises(DomainError) as caught:
        finish_call(contact, actor=officer, data=data)
    assert caught.value.code is ErrorCode.NOT_ALLOWED


def test_analyst_cannot_take_calls(bappebti, staff):
    with pytest.raises(DomainError) as caught:
        start_call(bappebti, actor=staff("analis"))
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert Contact.objects.count() == 0


def test_standard_answers_are_kept_by_petugas_and_admin(bappebti, staff):
    # when the receptionist tries to add one
    with pytest.raises(DomainError):
        answer(bappebti, staff("resepsionis"))
    # then nothing is saved; the admin may
    assert StandardAnswer.objects.count() == 0
    assert answer(bappebti, staff("admin")).agency == bappebti
    assert active_profile(bappebti).code == "seed_000_bappebti"
