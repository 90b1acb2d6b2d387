"""Letter numbers under concurrency (DESIGN.md "Numbers"): signing numbers the letter
from the profile's pattern, per agency and year, without gaps or duplicates, and each
signed letter is issued once. Runs on whichever database DATABASE_URL names (CI runs
it on SQLite and on PostgreSQL), like tests/concurrency/test_register_numbers.py."""

import threading

import pytest
from django.db import connections

from aduan.core import dates
from aduan.core.numbering import ROMAN_MONTHS
from aduan.documents.models import Document
from aduan.workflow import services as workflow
from aduan.workflow.models import Draft

SIGNERS = 4
PER_SIGNER = 5


@pytest.mark.django_db(transaction=True)
def test_parallel_signatures_number_letters_1_to_n_and_issue_each_once(agency, walk):
    # given complaints whose BAPP waits only for the Kepala's signature
    total = SIGNERS * PER_SIGNER
    waiting = []
    for index in range(total):
        complaint = walk.to_processing(
            walk.register(
                agency, actor=walk.user(agency, "petugas"), name=f"Pelapor {index}"
            )
        )
        workflow.save_draft(
            complaint,
            actor=walk.user(agency, "analis"),
            body="<p>Selesai.</p>",
            outcome="terselesaikan",
            kind="bapp",
        )
        workflow.submit_draft(complaint, actor=walk.user(agency, "analis"))
        for position in ("kabid", "sekretaris"):
            workflow.initial_draft(complaint, actor=walk.user(agency, position))
        waiting.append(complaint)
    kepala = walk.user(agency, "kepala")
    barrier = threading.Barrier(SIGNERS)
    errors: list[BaseException] = []

    def signer(batch) -> None:
        try:
            barrier.wait()
            for complaint in batch:
                workflow.sign_draft(complaint, actor=kepala)
        except BaseException as error:  # surfaced in the main thread below
            errors.append(error)
        finally:
            connections.close_all()

    # when four sessions sign at once
    threads = [
        threading.Thread(target=signer, args=(waiting[i::SIGNERS],))
        for i in range(SIGNERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then the letter sequence is exactly 1..n, and every number follows the pattern
    assert errors == []
    drafts = list(Draft.objects.order_by("letter_seq"))
    assert [d.letter_seq for d in drafts] == list(range(1, total + 1))
    for draft in drafts:
        local = dates.local(draft.signed_at, agency.timezone)
        assert draft.letter_number == (
            f"BA-{draft.letter_seq:03d}/DPMPTSP/{ROMAN_MONTHS[local.month - 1]}/"
            f"{local.year}"
        )
    # and each signed letter was issued once, after commit, with its own number
    documents = Document.objects.order_by("number")
    assert [d.number for d in documents] == sorted(d.letter_number for d in drafts)
    assert len({d.sha256 for d in documents}) == total
