"""The life cycle's one state machine: whatever anyone tries, a complaint stays in a
legal state, every move leaves exactly one status event, and the timeline's hash chain
stays intact."""

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from aduan.accounts.models import User
from aduan.accounts.selectors import roles_of
from aduan.agencies.demo import DEMO_USERS, load_demo_agency
from aduan.agencies.models import Agency
from aduan.audit.models import ComplaintEvent, EventKind
from aduan.audit.services import verify_chain
from aduan.core.errors import DomainError, ErrorCode
from aduan.intake.models import Complaint
from aduan.intake.services import (
    ComplaintInput,
    EmployeeInput,
    ReporterInput,
    register_complaint,
)
from aduan.sla.deadlines import ANSWERED
from aduan.workflow import services
from aduan.workflow.machine import (
    FINAL,
    GUARDS,
    PUBLIC,
    RULES,
    SYSTEM,
    Action,
    allowed_actions,
    transition,
)
from aduan.workflow.status import Status

NIK = "3171011501900001"
ALL_DOCUMENTS = ("formulir_pengaduan", "surat_pernyataan", "bukti")
USERNAMES = [suffix for suffix, *_ in DEMO_USERS]
# Anyone may try: every demo user, or nobody logged in posing as the public/system.
ACTORS = USERNAMES + [f"@{PUBLIC}", f"@{SYSTEM}", "@petugas"]
REASONS = ["", "   ", "Berkas kurang surat pernyataan."]


def _register(
    agency: Agency,
    officer: User,
    *,
    kind: str = "pengaduan",
    documents=ALL_DOCUMENTS,
    employees=(),
) -> Complaint:
    return register_complaint(
        agency=agency,
        actor=officer,
        data=ComplaintInput(
            kind=kind,
            channel="langsung",
            what="Izin usaha belum terbit.",
            documents_received=tuple(documents),
            employees=tuple(employees),
            reporter=ReporterInput(name="Siti Aminah", nik=NIK),
        ),
    )


def _status_events(complaint: Complaint) -> int:
    return ComplaintEvent.objects.filter(
        complaint=complaint, kind=EventKind.STATUS_CHANGED
    ).count()


class ComplaintLife(RuleBasedStateMachine):
    """One complaint; each step someone tries to move it, or works on its draft."""

    def __init__(self):
        super().__init__()
        self.agency = Agency.objects.filter(
            code="dpmptsp-contoh"
        ).first() or load_demo_agency("seed_001")
        self.users = {
            u.username: u for u in User.objects.filter(username__in=USERNAMES)
        }
        self.complaint: Complaint | None = None
        self.reopened = 0

    @initialize(
        kind=st.sampled_from(["pengaduan", "permintaan_informasi"]),
        complete=st.sampled_from([True, True, True, False]),
    )
    def register(self, kind: str, complete: bool) -> None:
        documents = ALL_DOCUMENTS if complete else ALL_DOCUMENTS[:1]
        self.complaint = _register(
            self.agency, self.users["petugas"], kind=kind, documents=documents
        )

    def _fresh(self) -> Complaint:
        return Complaint.objects.select_related("profile", "agency").get(
            pk=self.complaint.pk
        )

    @rule(
        action=st.sampled_from(list(Action)),
        who=st.sampled_from(ACTORS),
        reason=st.sampled_from(REASONS),
    )
    def anyone_tries_anything(self, action: str, who: str, reason: str) -> None:
        self._attempt(action, who, reason)

    @rule(data=st.data())
    def someone_takes_a_step_offered_to_them(self, data) -> None:
        # (mostly legal moves, so that the walk gets deep into the life cycle)
        complaint = self._fresh()
        offers = [
            (name, action)
            for name in USERNAMES
            for action in allowed_actions(complaint, self.users[name])
        ]
        offers += [
            (f"@{role}", action)
            for action, rule_ in RULES.items()
            if complaint.status in rule_.sources
            for role in (PUBLIC, SYSTEM)
            if role in rule_.roles
        ]
        # moves that end the complaint or loop back are offered less often
        rare = {Action.RETURN, Action.COMPLETE}
        offers = [
            offer
            for offer in offers
            for _ in range(
                1 if RULES[offer[1]].target in FINAL or offer[1] in rare else 4
            )
        ]
        if offers:
            who, action = data.draw(st.sampled_from(offers))
            self._attempt(action, who, REASONS[-1])

    @rule(satisfied=st.booleans())
    def the_sop_goes_on(self, satisfied: bool) -> None:
        # the next step of the ordinary path, so that every status gets visited
        complaint = self._fresh()
        status = complaint.status
        if (
            status == Status.DIPROSES
            and not complaint.drafts.filter(
                cycle=complaint.cycle, versions__isnull=False
            ).exists()
        ):
            self.analyst_saves_a_draft(1)
        elif status == Status.MENUNGGU_PERSETUJUAN:
            draft = complaint.drafts.get(cycle=complaint.cycle)
            if draft.step < 2:
                self.reviewer_initials(["kabid", "sekretaris"][draft.step])
                return
        nxt = {
            Status.DITERIMA: (Action.VERIFY, "analis"),
            Status.DIKEMBALIKAN: (Action.COMPLETE, f"@{PUBLIC}"),
            Status.TERVERIFIKASI: (Action.DISPOSE, "kabid"),
            Status.DIDISPOSISIKAN: (Action.PROCESS, "unit"),
            Status.DIPROSES: (Action.SUBMIT, "analis"),
            Status.MENUNGGU_PERSETUJUAN: (Action.SIGN, "kepala"),
            Status.DIJAWAB: (
                (Action.CLOSE, f"@{PUBLIC}")
                if satisfied
                else (Action.REOPEN, f"@{PUBLIC}")
            ),
            Status.DIBUKA_KEMBALI: (Action.PROCESS, "analis"),
            Status.DIJAWAB_LANGSUNG: (Action.CLOSE_DIRECT, f"@{SYSTEM}"),
        }.get(status)
        if nxt:
            self._attempt(nxt[0], nxt[1], REASONS[-1])

    def _attempt(self, action: str, who: str, reason: str) -> None:
        before = self._fresh()
        events_before = before.events.count()
        moves_before = _status_events(before)
        actor = None if who.startswith("@") else self.users[who]
        as_role = who[1:] if who.startswith("@") else None
        rule_ = RULES[action]

        # what the SOP allows, judged independently of transition()
        if actor is None:
            may = as_role in rule_.roles and as_role in {PUBLIC, SYSTEM}
        else:
            may = bool(roles_of(actor, before.agency_id) & rule_.roles)
        legal = (
            before.status in rule_.sources
            and may
            and (not rule_.needs_reason or reason.strip())
            and (action not in GUARDS or GUARDS[action](before) is None)
        )

        try:
            transition(before, action, actor=actor, as_role=as_role, reason=reason)
        except DomainError as error:
            # refused: nothing changed, and it was right to refuse
            after = self._fresh()
            assert error.message.strip()
            assert after.status == before.status
            assert after.cycle == before.cycle
            assert after.events.count() == events_before
            assert not legal, f"{action} by {who} from {before.status} refused: {error}"
        else:
            # moved: to the rule's target, with exactly one status event
            after = self._fresh()
            assert legal, f"{action} by {who} from {before.status} was let through"
            assert after.status == rule_.target
            assert _status_events(after) == moves_before + 1
            event = after.events.filter(kind=EventKind.STATUS_CHANGED).latest("seq")
            assert event.data["from"] == before.status
            assert event.data["to"] == rule_.target
            assert event.data["action"] == action
            if action == Action.REOPEN:
                self.reopened += 1

    def _in(self, *statuses: str) -> bool:
        return self._fresh().status in statuses

    @precondition(lambda self: self._in(Status.DIPROSES))
    @rule(version=st.integers(min_value=1, max_value=3))
    def analyst_saves_a_draft(self, version: int) -> None:
        before = self._fresh()
        services.save_draft(
            before,
            actor=self.users["analis"],
            body=f"<p>Jawaban versi {version}</p>",
            outcome="terselesaikan",
        )
        after = self._fresh()
        assert after.status == before.status
        assert after.drafts.get(cycle=after.cycle).step == 0  # initials start over

    @precondition(lambda self: self._in(Status.MENUNGGU_PERSETUJUAN))
    @rule(who=st.sampled_from(["kabid", "sekretaris", "kepala", "analis"]))
    def reviewer_initials(self, who: str) -> None:
        before = self._fresh()
        try:
            services.initial_draft(before, actor=self.users[who])
        except DomainError as error:
            assert error.message.strip()
        assert self._fresh().status == before.status

    @invariant()
    def stays_legal(self) -> None:
        if self.complaint is None:
            return
        complaint = self._fresh()
        assert complaint.status in Status.values
        assert verify_chain(complaint) is None
        # final statuses have a closing time, no other status does
        assert (complaint.closed_at is not None) == (complaint.status in FINAL)
        # once answered, the answer clock no longer runs
        if complaint.status in ANSWERED:
            assert complaint.answer_due_at is None
        # every reopening starts a new handling cycle
        assert complaint.cycle == 1 + self.reopened


@pytest.mark.django_db
def test_any_sequence_of_attempts_keeps_the_complaint_legal():
    run_state_machine_as_test(
        ComplaintLife,
        settings=settings(
            max_examples=25,
            stateful_step_count=15,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_illegal_transition_is_refused_in_plain_indonesian(agency, officer, user_for):
    # given a complaint just received
    complaint = _register(agency, officer)
    events = complaint.events.count()
    # when the head tries to sign it
    with pytest.raises(DomainError) as refused:
        transition(complaint, Action.SIGN, actor=user_for("kepala"))
    # then the message names the step and the status, and nothing is written
    assert refused.value.code == ErrorCode.NOT_ALLOWED
    assert refused.value.message == (
        "Langkah “Tanda tangani” tidak berlaku untuk pengaduan berstatus Diterima."
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.DITERIMA
    assert complaint.events.count() == events


def test_a_step_that_needs_a_reason_is_refused_without_one(agency, officer):
    # given a complaint the officer wants to return
    complaint = _register(agency, officer)
    # when no reason (only blanks) is given
    with pytest.raises(DomainError) as refused:
        transition(complaint, Action.RETURN, actor=officer, reason="   ")
    # then the reason is asked for, on its field
    assert refused.value.code == ErrorCode.REASON_REQUIRED
    assert refused.value.message == "Alasan wajib diisi."
    assert refused.value.field == "reason"
    complaint.refresh_from_db()
    assert complaint.status == Status.DITERIMA
    assert complaint.events.count() == 1


def test_role_decides_who_may_move_a_complaint(agency, officer, user_for):
    complaint = _register(agency, officer)
    # the receptionist may not verify, the public may not pose as an officer
    for actor, as_role in [
        (user_for("resepsionis"), None),
        (user_for("auditor"), None),
        (None, "petugas"),
        (None, PUBLIC),
    ]:
        with pytest.raises(DomainError) as refused:
            transition(complaint, Action.VERIFY, actor=actor, as_role=as_role)
        assert refused.value.code == ErrorCode.FORBIDDEN
        assert refused.value.message == "Anda tidak berwenang melakukan langkah ini."
    complaint.refresh_from_db()
    assert complaint.status == Status.DITERIMA
    assert complaint.events.count() == 1


def test_reported_employee_cannot_move_the_complaint(agency, officer, user_for):
    # given a complaint that names the analyst (by NIP)
    analyst = user_for("analis")
    complaint = _register(
        agency, officer, employees=[EmployeeInput(name=analyst.name, nip=analyst.nip)]
    )
    # then the analyst is offered no step and none goes through
    assert allowed_actions(complaint, analyst) == []
    for action in (Action.VERIFY, Action.REJECT, Action.RETURN):
        with pytest.raises(DomainError) as refused:
            transition(complaint, action, actor=analyst, reason="Tidak benar.")
        assert refused.value.code == ErrorCode.FORBIDDEN
    complaint.refresh_from_db()
    assert complaint.status == Status.DITERIMA
    assert complaint.events.count() == 1
    # while another analyst-role holder could
    transition(complaint, Action.VERIFY, actor=officer)
    complaint.refresh_from_db()
    assert complaint.status == Status.TERVERIFIKASI


ADUAN = Path(__file__).resolve().parents[2]
MACHINE = ADUAN / "workflow" / "machine.py"
# Other models (appointments, outbox messages, API keys) have a status of their own;
# these patterns look for a complaint's: by the project's naming of complaint objects
# and querysets.
ASSIGNS_STATUS = re.compile(r"\bcomplaint\w*\.status\s*=[^=]")
UPDATES_STATUS = re.compile(
    r"(Complaint\.objects|complaints?\w*)\b[^\n]*\.update\([^)]*\bstatus\s*="
)


def test_only_the_machine_writes_a_complaint_status():
    # given every module of the application (not tests, not migrations)
    offenders = []
    for path in sorted(ADUAN.rglob("*.py")):
        parts = set(path.relative_to(ADUAN).parts)
        if path == MACHINE or "tests" in parts or "migrations" in parts:
            continue
        text = path.read_text(encoding="utf-8")
        # when a line assigns .status or passes status= to .update(
        for number, line in enumerate(text.splitlines(), start=1):
            if ASSIGNS_STATUS.search(line):
                offenders.append(f"{path.relative_to(ADUAN)}:{number}: {line.strip()}")
        for match in UPDATES_STATUS.finditer(text):
            number = text.count("\n", 0, match.start()) + 1
            offenders.append(f"{path.relative_to(ADUAN)}:{number}: {match.group(0)}")
    # then there is none: transition() is the only writer of Complaint.status
    assert offenders == []
    assert ASSIGNS_STATUS.search(MACHINE.read_text(encoding="utf-8"))
